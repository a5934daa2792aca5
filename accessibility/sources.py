"""Where a built page came from: the audit names `content/…:line`, not a URL on a test server
that stops with the session.

A page's URL gives its file (a guide's parts and printable page theirs, an organisation's page
its `organisations/<slug>.md`); the element axe flagged gives the line, found by its words in the
file (a heading's text, a link's). An element the page's template made rather than its Markdown
is named by the file alone."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from app.content.loader import load_site
from app.content.problems import ProblemList

ROOT = Path(__file__).resolve().parent.parent
TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    body_line: int  # where the Markdown starts, after the front matter

    def shown(self, root: Path = ROOT) -> str:
        try:
            return self.path.relative_to(root).as_posix()
        except ValueError:
            return self.path.as_posix()

    def line_of(self, element_html: str) -> int | None:
        """The line of the Markdown the element's words are on, if they are in the body."""
        words = " ".join(html.unescape(TAGS.sub(" ", element_html)).split())
        if len(words) < 3:
            return None
        lines = self.path.read_text(encoding="utf-8").split("\n")
        for number in range(self.body_line, len(lines) + 1):
            if words[:60] in " ".join(lines[number - 1].split()):
                return number
        return None


class SourceMap:
    """URL path → the content file it was built from."""

    def __init__(self, content_dir: Path, root: Path = ROOT):
        self.root = root
        self.files: dict[str, SourceFile] = {}
        site = load_site(Path(content_dir), ProblemList())
        if site is None:
            return
        for page in site.pages.values():
            self._add(page.url, page.source)
            for part in page.parts[1:]:
                self._add(part.url, part.source)
            if page.parts:
                self._add(f"{page.url}/print", page.source)
        for organisation in site.organisations.values():
            self._add(organisation.url, organisation.source)

    def _add(self, url: str, source) -> None:
        self.files[url] = SourceFile(Path(os.path.abspath(source.path)), source.body_line)

    def file_for(self, url: str) -> SourceFile | None:
        path = urlsplit(url).path.rstrip("/") or "/"
        return self.files.get(path)

    def where(self, url: str, element_html: str = "") -> str | None:
        """`content/x.md:12` for the element on the page at `url`, `content/x.md` when the
        element is not in the Markdown, None for a page no content file made."""
        source = self.file_for(url)
        if source is None:
            return None
        line = source.line_of(element_html) if element_html else None
        return f"{source.shown(self.root)}:{line}" if line else source.shown(self.root)
