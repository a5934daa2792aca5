"""markdown-it's repeated work skipped or done once (app/markdown/repeated_work.py) changes
nothing it makes: the text normalised as markdown-it's own rule does, and each link's address as
markdown-it normalises it."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.normalize import normalize as markdown_its_normalize

from app.markdown import MarkdownContext
from app.markdown.parser import get_parser, new_env
from app.markdown.repeated_work import normalize

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
