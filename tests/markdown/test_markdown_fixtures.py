"""Every case in tests/markdown/fixtures/*.md: a title, then input and expected HTML.

The format follows markdown-it-py's own fixtures: each part ends with a line holding a
single ".". All files are rendered with the same context (fixture_context.py).
"""

from pathlib import Path

import pytest
from fixture_context import fixture_context

from app.markdown import render_markdown

FIXTURES = Path(__file__).parent / "fixtures"


def read_cases(path: Path):
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, number = lines[i], i + 1
        assert lines[i + 1] == ".", f"{path.name}:{i + 2}: expected '.' after the title"
        parts, j = [], i + 2
        for _ in range(2):
            part = []
            while lines[j] != ".":
                part.append(lines[j])
                j += 1
            parts.append("\n".join(part))
            j += 1
        yield pytest.param(parts[0], parts[1], id=f"{path.stem}:{number}:{title}")
        i = j


CASES = [case for path in sorted(FIXTURES.glob("*.md")) for case in read_cases(path)]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_fixture(source: str, expected: str) -> None:
    assert render_markdown(source + "\n", fixture_context()).html.rstrip("\n") == expected


def test_every_block_has_a_fixture_file() -> None:
    names = {path.stem for path in FIXTURES.glob("*.md")}
    blocks = {
        "callouts", "dollar_blocks", "address", "steps", "legislative_list", "devolved",
        "button", "stat_headline", "table_headers", "abbreviations", "external_links",
        "images", "attachments", "contact_cards", "footnotes", "govuk_classes", "nesting",
        "raw_html", "highlight_answer", "barchart", "link_attributes", "blockquotes",
    }  # fmt: skip
    assert blocks <= names
