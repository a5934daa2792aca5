"""markdown-it's repeated work skipped or done once (app/markdown/repeated_work.py) changes
nothing it makes: the text normalised as markdown-it's own rule does, each link's address as
markdown-it normalises it, and documents parse to the same tokens as with markdown-it's own
setext heading and reference rules."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from markdown_it import MarkdownIt
from markdown_it.rules_block.lheading import lheading as markdown_its_lheading
from markdown_it.rules_block.reference import reference as markdown_its_reference
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.normalize import normalize as markdown_its_normalize
from test_block_dispatch import _sources, _tokens
from test_markdown_properties import DOCUMENTS, SETTINGS

from app.markdown import MarkdownContext
from app.markdown.parser import build_parser, get_parser, new_env
from app.markdown.repeated_work import normalize, repeated_work_plugin

CONTEXT = MarkdownContext(site_host="www.gov.nm.example", link_exists=lambda path: True)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "one line",
        "two\nlines\n",
        "windows\r\nline\r\nends\r\n",
        "old mac\rline ends\r",
        "mixed\r\n\r\rends\n\r",
        "a nul\0here and \0 there",
        "both\r\n\0",
    ],
)
def test_the_text_is_normalised_as_markdown_its_own_rule_does(text):
    ours, theirs = StateCore(text, MarkdownIt(), {}), StateCore(text, MarkdownIt(), {})
    normalize(ours)
    markdown_its_normalize(theirs)
    assert ours.src == theirs.src
    assert "\r" not in ours.src and "\0" not in ours.src


def test_line_ends_of_any_kind_make_the_same_html():
    unix = "# Title\n\nA paragraph\nwith two lines.\n\n* an item\n* another\n"
    md = get_parser()
    html = md.render(unix, new_env(CONTEXT))
    assert "<h1" in html and "<li>" in html
    assert md.render(unix.replace("\n", "\r\n"), new_env(CONTEXT)) == html
    assert md.render(unix.replace("\n", "\r"), new_env(CONTEXT)) == html


def test_each_address_is_normalised_once_as_markdown_it_normalises_it():
    md, plain = get_parser(), MarkdownIt()
    addresses = [
        "https://bücher.example/straße?q=a b&x=ä#frag",
        "/vehicle-tax",
        "mailto:someone@example.com",
        "/%zz/half-encoded%20path",
    ]
    for address in addresses:
        assert md.normalizeLink(address) == plain.normalizeLink(address)
    before = md.normalizeLink.cache_info().hits
    source = "".join(f"[link {n}](/road-rules-{n % 3}) " for n in range(9))
    html = md.render(source, new_env(CONTEXT))
    assert html.count('href="/road-rules-0"') == 3
    assert md.normalizeLink.cache_info().hits - before >= 6  # 9 links, 3 addresses


@cache
def _markdown_its_own_rules() -> MarkdownIt:
    md = build_parser(dispatch=False)
    md.block.ruler.at("lheading", markdown_its_lheading)
    md.block.ruler.at("reference", markdown_its_reference)
    return md


def _same_as_markdown_its_rules(source: str) -> None:
    assert _tokens(get_parser(), source) == _tokens(_markdown_its_own_rules(), source)


EDGES = [
    "Title\n=====\n\nSubtitle\n---\n",
    "A paragraph\nof two lines\n- then a list\n",
    "A paragraph\n  --- \nunderlined",
    "A paragraph\n    ===\nindented underline",
    "* item\n  with a second line\n\n  and a paragraph\n* next\n\n1. one\n2. two\n",
    "* item\n  Heading\n  ---\n* next\n",
    "> quoted\n> ===\n\n> quoted\nlazy\n---\n",
    "[label]: /road-rules 'Road rules'\n\n[label]\n",
    "[label\nacross lines]: /road-rules\n\n[label across lines]\n",
    "[a \\] escaped]: /road-rules\n\n[a \\] escaped]\n",
    "[a [nested] label]: /x\n",
    "* [Road rules](/road-rules)\n* [Fix a road](/fix-a-road): how\n* [x]:/y\n",
    "[not closed on this line\n\n[x]:\n",
    "Para\n[ref]: /x\n",
]


@pytest.mark.parametrize("source", EDGES + [p.values[0] for p in _sources()])
def test_documents_parse_as_with_markdown_its_own_rules(source: str) -> None:
    _same_as_markdown_its_rules(source)


@settings(SETTINGS, max_examples=25)  # each parsed twice; the block dispatch test runs 50 more
@given(DOCUMENTS)
def test_generated_govspeak_parses_as_with_markdown_its_own_rules(source: str) -> None:
    _same_as_markdown_its_rules(source)


def test_a_rule_already_replaced_is_an_error_not_bypassed() -> None:
    md = MarkdownIt("commonmark")
    md.block.ruler.at("lheading", lambda state, start, end, silent: False)
    with pytest.raises(ValueError, match="'lheading' is not markdown-it's own"):
        repeated_work_plugin(md)
