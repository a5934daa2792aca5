"""`build.py serve`: build, serve on 127.0.0.1, rebuild what changed, reload the open page.

The server runs in a thread; the main thread watches the content folder (and the templates, for
people working on the portal itself) with watchfiles. Each change is an incremental build with
the build cache (app/pipeline/incremental.py): it renders again only what the change shows on,
and swaps the site in whole. A change to the templates or the settings rebuilds everything. A
rebuild with errors prints them, keeps the last good site and shows the problems over every page
in the browser (app/preview_problems.py) until a rebuild works; a rebuild with warnings lists them
above every page; the open page reloads either way.
Watching is as fast as watchfiles reports (its default debounce), so a new or deleted page is
served, or gone, within about a second of the save.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from werkzeug.serving import make_server

from app import create_app
from app.cli_output import print_problems
from app.config import PROJECT_ROOT
from app.preview_problems import KEY as PROBLEMS_KEY
from app.preview_problems import WARNINGS_KEY

from . import ContentErrors, build


class Preview:
    def __init__(self, app, content: Path, out: Path, options: dict):
        self.app, self.content, self.out, self.options = app, content, out, options

    def _reloaded(self) -> None:
        self.app.extensions["portal.build_id"] = str(
            int(self.app.extensions["portal.build_id"]) + 1
        )

    def rebuild(self):
        """Build what changed; the result, or None when the content has errors."""
        try:
            # the style lint as the content designer writes, which `build.py build` leaves to
            # `check` (docs/style-lint.md)
            result = build(self.content, self.out, style_lint=True, **self.options)
        except ContentErrors as exc:
            print_problems(exc.problems)
            print(
                "Not rebuilt: fix the errors above; still serving the last good build, with the "
                "problems over every page.",
                file=sys.stderr,
            )
            errors = sorted(exc.problems.errors)
            # with no errors, --strict failed the build on its warnings: they are what failed
            self.app.extensions[PROBLEMS_KEY] = errors or sorted(exc.problems)
            self.app.extensions[WARNINGS_KEY] = sorted(exc.problems.warnings) if errors else []
            self._reloaded()
            return None
        self.app.extensions[PROBLEMS_KEY] = []
        self.app.extensions[WARNINGS_KEY] = sorted(result.warnings)
        if result.cache_message:
            print(result.cache_message, file=sys.stderr)
        print_problems(result.warnings)
        print(
            f"Rebuilt {result.rendered} pages, feeds and content JSON in "
            f"{result.seconds:.2f} seconds.",
            file=sys.stderr,
        )
        self._reloaded()
        return result

    def changed(self, paths: set[Path]):
        """Files changed: the build finds which by their digests, so `paths` is only a cue."""
        return self.rebuild()


def serve(
    content: Path,
    out: Path,
    index_dir: Path,
    cache: Path | None = None,
    port: int = 8000,
    base_url: str | None = None,
    strict: bool = False,
    jobs: int | None = None,
) -> int:
    from watchfiles import watch

    options = {
        "base_url": base_url,
        "strict": strict,
        "jobs": jobs,
        "index_dir": index_dir,
        "cache_dir": cache,
    }
    app = create_app(
        {
            "DIST_DIR": str(Path(out).resolve()),
            "LIVE_RELOAD": True,
            "SEARCH_INDEX_DIR": str(Path(index_dir).resolve()),
            "CONTENT_DIR": str(Path(content).resolve()),
        }
    )
    preview = Preview(app, Path(content), Path(out), options)
    preview.rebuild()  # with errors, the pages show them until an edit fixes them
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
