"""The rules' dispatch (app/markdown/block_dispatch.py) changes no token: documents parse the same
with it as with markdown-it trying every block rule on every line and every inline rule at every
character it stops at."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from markdown_it import MarkdownIt
from test_markdown_properties import DOCUMENTS, SETTINGS

from app.markdown import MarkdownContext
from app.markdown.block_dispatch import FIRST_CHARACTERS, INLINE_FIRST_CHARACTERS, install
from app.markdown.parser import build_parser, get_parser, new_env

ROOT = Path(__file__).parents[2]
HERE = Path(__file__).parent
CONTEXT = MarkdownContext(site_host="www.gov.nm.example", link_exists=lambda path: True)


@cache
def _every_rule_tried() -> MarkdownIt:
    return build_parser(dispatch=False)


def _tokens(md: MarkdownIt, source: str) -> list:
    def described(token) -> tuple:
        children = [described(child) for child in token.children or []]
        fields = (token.tag, token.nesting, token.map, token.content, token.markup, token.info)
        return (token.type, *fields, sorted(token.attrs.items()), children)

    return [described(token) for token in md.parse(source, new_env(CONTEXT))]


def _same_both_ways(source: str) -> None:
    assert _tokens(get_parser(), source) == _tokens(_every_rule_tried(), source)


def _sources() -> list:
    found = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        found.append(pytest.param(path.read_text("utf-8"), id=str(path.relative_to(ROOT))))
    for path in [ROOT / "docs" / "markdown.md", *sorted((HERE / "fixtures").glob("*.md"))]:
        found.append(pytest.param(path.read_text("utf-8"), id=str(path.relative_to(ROOT))))
    suite = json.loads((HERE / "govspeak_suite" / "cases.json").read_text("utf-8"))
    found.append(
        pytest.param("\n\n".join(c["input"] for c in suite["cases"] if "input" in c), id="govspeak")
    )
    return found


@pytest.mark.parametrize("source", _sources())
def test_the_sample_content_and_every_example_parse_the_same(source: str) -> None:
    """Whole files: front matter, every Govspeak block of the docs and fixtures, and the
    Govspeak gem's own test inputs, with their markers at the start of lines and inside lists,
    quotes and paragraphs."""
    _same_both_ways(source)


@settings(SETTINGS, max_examples=50)  # each example parsed twice: kept within the suite's time
@given(DOCUMENTS)
def test_generated_govspeak_parses_the_same(source: str) -> None:
    _same_both_ways(source)


def test_a_rule_the_parser_does_not_have_is_refused() -> None:
    """A Govspeak rule renamed would otherwise lose its entry without a word, and be tried on
    lines it should not be (or never, in a chain it was in)."""
    with pytest.raises(ValueError, match="rules not in the parser: .*'(button|callout)'"):
        install(MarkdownIt("commonmark"))
    assert set(FIRST_CHARACTERS) <= {rule.name for rule in get_parser().block.ruler.__rules__}
    inline = {rule.name for rule in get_parser().inline.ruler.__rules__}
    assert set(INLINE_FIRST_CHARACTERS) <= inline
