"""What build.py prints: `path:line: message` problems, a progress bar, a summary."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def print_problems(problems) -> None:
    errors = sorted(p for p in problems if p.severity.value == "error")
    warnings = sorted(p for p in problems if p.severity.value == "warning")
    for problem in [*errors, *warnings]:
        print(problem, file=sys.stderr)
    if errors or warnings:
        print(f"{len(errors)} errors, {len(warnings)} warnings", file=sys.stderr)
    else:
        print("No problems found.", file=sys.stderr)


@contextmanager
def progress_reporter():
    """A progress bar when writing to a terminal; nothing otherwise (CI logs stay readable)."""
    console = Console(file=sys.stderr)
    if not console.is_terminal:
        yield None
        return
    columns = [TextColumn("Building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("build", total=None)

        def update(done: int, total: int, _url: str) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def print_summary(result) -> None:
    if result.incremental:
        print(
            f"Updated the {result.pages}-page site in {result.out} from the build cache in "
            f"{result.seconds:.1f} seconds: {result.rendered} pages, feeds and content JSON "
            f"rendered again, {result.files} files written, {result.removed} removed; "
            f"{len(result.warnings)} warnings."
        )
        if result.index_dir is not None:
            print(f"Updated {result.documents} search documents in {result.index_dir}.")
        return
    print(
        f"Built {result.pages} pages ({result.files} files, {result.redirects} redirects) "
        f"into {result.out} in {result.seconds:.1f} seconds, with {len(result.warnings)} "
        "warnings."
    )
    if result.nginx_map is not None:
        print(
            f"Wrote the nginx map of the redirects beside it: {result.nginx_map}, with the "
            "nginx configuration (portal.conf) and what the service reads (service.json)."
        )
    if result.index_dir is not None:
        print(f"Indexed {result.documents} documents for search into {result.index_dir}.")
