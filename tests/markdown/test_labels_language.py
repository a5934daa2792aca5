"""The labels Govspeak adds follow the page's language, given on the MarkdownContext (the
renderer runs in the build's workers, outside any request): devolved headers, footnote labels,
callouts, image credits, attachment facts, table labels and the new-tab announcement."""

from __future__ import annotations

from bs4 import BeautifulSoup

from app.markdown import AttachmentRef, ImageRef, MarkdownContext, render_markdown

SOURCE = """\
:wales:
Only in Wales.
:wales:

Text with a note.[^1]

^ Keep this safe.

[Image: photo.jpg]

[Attachment: report.pdf]

| Fee | Time |
| --- | ---- |
| 10  | 2    |

[A link](https://example.com/)

[^1]: The note.
"""


def rendered(language: str) -> BeautifulSoup:
    context = MarkdownContext(
        images={"photo.jpg": ImageRef("/photo.jpg", "A photo", credit="Ada")},
        attachments={"report.pdf": AttachmentRef("/report.pdf", "Report", "PDF", 2048, 3)},
        links_open_in_new_tab=True,
        language=language,
    )
    result = render_markdown(SOURCE, context)
    assert result.problems == []
    return BeautifulSoup(result.html, "html.parser")


def labels(html: BeautifulSoup) -> dict:
    return {
        "devolved": html.select_one(".devolved-header").get_text(),
        "note": html.select_one("a[role=doc-noteref]").get_text(),
        "back": html.select_one("a[role=doc-backlink]").get_text(" ", strip=True),
        "callout": html.select_one("[role=note]")["aria-label"],
        "credit": html.select_one("figcaption").get_text(strip=True),
        "facts": html.select_one(".gem-c-attachment__metadata").get_text(),
        "table": html.select_one(".app-table-wrapper")["aria-label"],
        "new tab": html.select_one("a[href^=https] .govuk-visually-hidden").get_text(strip=True),
    }


def test_labels_in_welsh():
    assert labels(rendered("cy")) == {
        "devolved": "Mae’r adran hon yn berthnasol i Gymru",
        "note": "[troednodyn 1]",
        "back": "Yn ôl i’r cynnwys (troednodyn 1)",
        "callout": "Gwybodaeth",
        "credit": "Cydnabyddiaeth delwedd: Ada",
        "facts": "PDF, 2 KB, 3 tudalen",
        "table": "Tabl 1: Fee, Time",
        "new tab": "(yn agor mewn tab newydd)",
    }


def test_labels_in_the_default_language():
    found = labels(rendered("en"))
    assert found["devolved"] == "This section applies to Wales"
    assert found["facts"] == "PDF, 2 KB, 3 pages"
    assert found["back"] == "Back to content (footnote 1)"
