"""Load, validate and render the content tree: `load_content(dir)` gives a Site and its problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .crossref import check_site
from .loader import load_site
from .pages import Site
from .problems import Problem, ProblemList, Severity


def load_content(
    content_dir: Path | str, today: dt.date | None = None, render: bool = True, jobs: int = 1
) -> tuple[Site | None, ProblemList]:
    """Read, cross-check and render everything; the problems say whether the site may be built."""
    problems = ProblemList()
    site = load_site(Path(content_dir), problems, today)
    if site is not None:
        check_site(site, problems)
        if render:
            from .render import render_site  # the Markdown engine is only needed to render

            render_site(site, problems, jobs)
    return site, problems


__all__ = ["Problem", "ProblemList", "Severity", "Site", "load_content"]
