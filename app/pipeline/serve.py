"""`build.py serve`: build, serve on 127.0.0.1, rebuild what changed, reload the open page.

The server runs in a thread; the main thread watches the content folder (and the templates, for
people working on the portal itself) with watchfiles. An edit to the body of existing pages is
rebuilt quickly, those pages alone (see `quick`); anything else rebuilds the whole site. A rebuild
with errors prints them and keeps serving the last good site.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

from app import create_app
from app.cli_output import print_problems
from app.config import PROJECT_ROOT

from . import ContentErrors, build
from .quick import quick_rebuild


class Preview:
    def __init__(self, app, content: Path, out: Path, options: dict):
        self.app, self.content, self.out, self.options = app, content, out, options
        self.site = None

    def _reloaded(self) -> None:
        self.app.extensions["portal.build_id"] = str(
            int(self.app.extensions["portal.build_id"]) + 1
        )

    def full(self) -> bool:
        try:
            result = build(self.content, self.out, **self.options)
        except ContentErrors as exc:
            print_problems(exc.problems)
            print(
                "Not rebuilt: fix the errors above; still serving the last good build.",
                file=sys.stderr,
            )
            return False
        self.site = result.site
        print_problems(result.warnings)
        print(f"Rebuilt {result.pages} pages in {result.seconds:.1f} seconds.", file=sys.stderr)
        self._reloaded()
        return True

    def changed(self, paths: set[Path]) -> None:
        started = time.perf_counter()
        quick = None
        content = self.content.resolve()
        if self.site is not None and all(content in p.resolve().parents for p in paths):
            quick = quick_rebuild(self.site, self.out, paths)
        if quick is None:
            self.full()
            return
        urls, problems = quick
        if problems.errors:
            print_problems(problems)
            print(
                "Not rebuilt: fix the errors above; still serving the last good build.",
                file=sys.stderr,
            )
            return
        print(
            f"Updated {', '.join(u for u in urls if not u.startswith('/api/'))} in "
            f"{time.perf_counter() - started:.2f} seconds.",
            file=sys.stderr,
        )
        self._reloaded()


def serve(
    content: Path,
    out: Path,
    index_dir: Path,
    port: int = 8000,
    base_url: str | None = None,
    strict: bool = False,
    jobs: int | None = None,
) -> int:
    from watchfiles import watch

    options = {"base_url": base_url, "strict": strict, "jobs": jobs, "index_dir": index_dir}
    app = create_app(
        {
            "DIST_DIR": str(Path(out).resolve()),
            "LIVE_RELOAD": True,
            "SEARCH_INDEX_DIR": str(Path(index_dir).resolve()),
            "CONTENT_DIR": str(Path(content).resolve()),
        }
    )
    preview = Preview(app, Path(content), Path(out), options)
    if not preview.full() and not (Path(out) / "index.html").is_file():
        return 1
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(
        f"Serving on http://127.0.0.1:{port}/ — edit files in {content} and the open page "
        "reloads. Press Ctrl+C to stop.",
        file=sys.stderr,
    )
    try:
        for changes in watch(Path(content), PROJECT_ROOT / "app" / "templates"):
            preview.changed({Path(path) for _change, path in changes})
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
