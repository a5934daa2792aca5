"""The report `make accessibility` writes says what was checked and what failed, and how to fix
it."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

from .axe import AxeResult, Finding
from .report import write_report


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
