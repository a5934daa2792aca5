"""`build.py serve`: build, serve on 127.0.0.1, rebuild when content changes, reload the page.

The server runs in a thread; the main thread watches the content folder (and the templates and
styles, for people working on the portal itself) with watchfiles and rebuilds on each change.
A rebuild with errors prints them and keeps serving the last good site.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from werkzeug.serving import make_server

from app import create_app
from app.cli_output import print_problems
from app.config import PROJECT_ROOT

from . import ContentErrors, build


def _rebuild(content: Path, out: Path, app, **options) -> bool:
    try:
        result = build(content, out, **options)
    except ContentErrors as exc:
        print_problems(exc.problems)
        print("Not rebuilt: fix the errors above; still serving the last good build.",
              file=sys.stderr)
        return False
    print_problems(result.warnings)
    print(f"Rebuilt {result.pages} pages in {result.seconds:.1f} seconds.", file=sys.stderr)
    app.extensions["portal.build_id"] = str(int(app.extensions["portal.build_id"]) + 1)
    return True


def serve(content: Path, out: Path, index_dir: Path, port: int = 8000,
          base_url: str | None = None, strict: bool = False, jobs: int | None = None) -> int:
    from watchfiles import watch

    options = {"base_url": base_url, "strict": strict, "jobs": jobs, "index_dir": index_dir}
    app = create_app({"DIST_DIR": str(Path(out).resolve()), "LIVE_RELOAD": True,
                      "SEARCH_INDEX_DIR": str(Path(index_dir).resolve())})
    if not _rebuild(content, out, app, **options) and not (Path(out) / "index.html").is_file():
        return 1
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving on http://127.0.0.1:{port}/ — edit files in {content} and the open page "
          "reloads. Press Ctrl+C to stop.", file=sys.stderr)
    watched = [Path(content), PROJECT_ROOT / "app" / "templates"]
    try:
        for _changes in watch(*watched):
            _rebuild(content, out, app, **options)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
