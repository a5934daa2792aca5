"""Every built page is well-formed HTML: html5lib's parser finds no error in it (each error is
reported with its line and column)."""

from __future__ import annotations

import html5lib
from html5lib.constants import E


def parse_errors(text: str) -> list[str]:
    """Each parse error as `line:column: message`; [] for a page without one."""
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(text)
    return [
        f"{line}:{column}: {E.get(code, code) % (data or {})}"
        for (line, column), code, data in parser.errors
    ]


def test_every_built_page_parses_without_errors(portal):
    pages = sorted(portal.dist.rglob("*.html"))
    assert len(pages) > 100
    errors = [
        f"{path.relative_to(portal.dist)}:{error}"
        for path in pages
        for error in parse_errors(path.read_text(encoding="utf-8"))
    ]
    assert not errors, "HTML parse errors:\n" + "\n".join(errors)


def test_the_parser_says_where_a_page_goes_wrong():
    assert parse_errors("<!DOCTYPE html><html lang=en><title>t</title><p>fine</p>") == []
    page = "<!DOCTYPE html>\n<html lang=en><title>t</title>\n<p>one</b></p>"
    assert parse_errors(page) == ["3:10: Unexpected end tag (b). Ignored."]
