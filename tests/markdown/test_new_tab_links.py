"""Markdown shown inside an agency's iframe (new_tab_links.py): every link that leaves the page
opens a new tab and says so to screen readers; the same Markdown elsewhere is unchanged."""

from __future__ import annotations

from bs4 import BeautifulSoup

from app.markdown import MarkdownContext, render_markdown

SOURCE = (
    "Read [the guide](/guide), x[the council](https://council.example)x, "
    "[below](#below), [email us](mailto:roads@gov.nm.example) or "
    '[next](/next){: rel="next"}.\n\n{button}[Claim](/claim){/button}\n\n## Below\n'
)


def links(framed: bool) -> dict[str, BeautifulSoup]:
    context = MarkdownContext(site_host="www.gov.nm.example", links_open_in_new_tab=framed)
    rendered = render_markdown(SOURCE, context)
    assert rendered.problems == []
    soup = BeautifulSoup(rendered.html, "html.parser")
    return {link["href"]: link for link in soup.select("a")}


def test_links_out_of_the_page_open_a_new_tab_announced():
    found = links(framed=True)
    for href in ("/guide", "https://council.example", "/next", "/claim"):
        link = found[href]
        assert link["target"] == "_blank", href
        assert {"noopener", "noreferrer"} <= set(link["rel"]), href
        hidden = link.select(".govuk-visually-hidden")
        assert [span.get_text() for span in hidden] == [" (opens in new tab)"], href
    # what the link already said stays: external, or the author's rel
    assert "external" in found["https://council.example"]["rel"]
    assert "next" in found["/next"]["rel"]
    assert found["/guide"].get_text() == "the guide (opens in new tab)"


def test_links_that_open_no_page_stay():
    found = links(framed=True)
    for href in ("#below", "mailto:roads@gov.nm.example"):
        assert "target" not in found[href].attrs, href
        assert found[href].select(".govuk-visually-hidden") == [], href


def test_outside_a_frame_links_are_unchanged():
    for href, link in links(framed=False).items():
        assert "target" not in link.attrs, href
        assert link.select(".govuk-visually-hidden") == [], href
