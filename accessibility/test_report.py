"""The report `make accessibility` writes says what was checked and what failed, and how to fix
it."""

from __future__ import annotations

import datetime as dt
import os

from bs4 import BeautifulSoup

from .axe import AxeResult, Finding, violations_text
from .portal import CONTENT
from .portal import ROOT as REPO
from .report import write_report
from .sources import SourceMap


def test_report_lists_pages_rules_and_violations_with_their_fix(tmp_path):
    clean = AxeResult("home", "http://x/", "4.14.1", passes=["image-alt", "label"])
    broken = AxeResult(
        "a form: empty",
        "http://x/forms/a",
        "4.14.1",
        passes=["image-alt"],
        violations=[
            Finding(
                "label",
                "critical",
                "Form elements must have labels",
                "https://example.org/label",
                [
                    {
                        "target": "#name",
                        "html": '<input id="name">',
                        "summary": "Fix any of the following: …",
                    }
                ],
            )
        ],
    )
    page = write_report([clean, broken], tmp_path / "report")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert page.name == "index.html"
    assert "1 of 2 pages have violations" in soup.get_text()
    violation = soup.select_one("h2 + h3")
    assert violation.get_text() == "a form: empty"
    listed = violation.find_next("ul")
    assert "Form elements must have labels" in listed.get_text()
    assert listed.select_one("code").get_text() == "#name"
    assert listed.select_one("a")["href"] == "https://example.org/label"
    passed = {
        row.select("td")[0].get_text(): row.select("td")[1].get_text()
        for row in soup.select("h2:-soup-contains('Rules passed') + table tbody tr")
    }
    assert passed == {"image-alt": "2", "label": "1"}


def test_report_of_a_clean_audit(tmp_path):
    page = write_report([AxeResult("home", "http://x/", "4.14.1", passes=["label"])], tmp_path)
    text = page.read_text(encoding="utf-8")
    assert "No violations on any of the 1 pages checked." in text
    assert dt.datetime.now(dt.UTC).strftime("%Y") in text


def _heading_order(url: str, element: str) -> AxeResult:
    node = {
        "target": "h4",
        "html": element,
        "summary": "Heading levels should only increase by one",
    }
    finding = Finding(
        "heading-order",
        "moderate",
        "Heading levels should only increase by one",
        "https://x/h",
        [node],
    )
    return AxeResult(url.rsplit("/", 1)[-1], url, "4.14.1", violations=[finding])


def test_a_violation_names_the_content_file_and_line_not_the_test_server(tmp_path):
    """The audit's server has stopped by the time anyone reads the report: a violation links to
    the file to fix (and the line of the flagged element), relative to the report."""
    server = "http://127.0.0.1:49152"
    results = [
        _heading_order(f"{server}/prepare-for-a-flood", '<h4 id="m">Make a flood kit</h4>'),
        _heading_order(f"{server}/living-allowance/how-to-claim", "<h3>After you claim</h3>"),
        _heading_order(f"{server}/search", '<h2 class="x">Filter and sort</h2>'),
    ]
    folder = tmp_path / "accessibility" / "report"
    page = write_report(results, folder, SourceMap(CONTENT, root=REPO))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert server not in page.read_text(encoding="utf-8")
    places = [(a.get_text(), a["href"]) for a in soup.select("h3 ~ ul li a:has(code)")]
    flood = "content/environment-agency/prepare-for-a-flood.md"
    claim = "content/social-security-agency/living-allowance/how-to-claim.md"
    assert places == [
        (f"{flood}:34", os.path.relpath(REPO / flood, folder)),
        (f"{claim}:14", os.path.relpath(REPO / claim, folder)),
    ]
    pages = [p.get_text(" ", strip=True) for p in soup.select("h3 + p")]
    assert pages == [
        f"The page /prepare-for-a-flood from {flood}",
        f"The page /living-allowance/how-to-claim from {claim}",
        "The page /search",  # made by the app, from no content file
    ]


def test_an_assertion_message_names_the_file_and_line():
    result = _heading_order("http://127.0.0.1:1/prepare-for-a-flood", "<h4>Make a flood kit</h4>")
    text = violations_text([result], SourceMap(CONTENT, root=REPO))
    flood = "content/environment-agency/prepare-for-a-flood.md"
    assert text.splitlines()[0].startswith(f"prepare-for-a-flood ({flood}): heading-order")
    assert text.splitlines()[1].startswith(f"    {flood}:34: h4: <h4>")
    assert "127.0.0.1" not in text
