"""The accessibility statement comes from one file, is published at /accessibility-statement,
and says what the audit really checks; the checklist covers the manual checks it promises."""

from __future__ import annotations

import os
from pathlib import Path

from bs4 import BeautifulSoup

from .layout import REFLOW_WIDTH

HERE = Path(__file__).resolve().parent
STATEMENT = HERE / "statement.md"
PUBLISHED = HERE.parent / "content" / "digital-office" / "accessibility-statement.md"
# What the statement says is tested on every change, and the audit module that tests it.
CLAIMS = {
    "with [axe-core]": "test_every_page.py",
    "every state of every form": "test_forms.py",
    "every search result page": "test_search.py",
    "using only a keyboard": "test_keyboard.py",
    "works with JavaScript turned off": "test_no_javascript.py",
    f"at a width of {REFLOW_WIDTH} pixels": "test_every_page.py",
    "no text is cut off": "test_every_page.py",
    "valid HTML": "test_html.py",
}
MANUAL = ("NVDA", "JAWS", "VoiceOver", "TalkBack", "magnification", "speech recognition")


def test_the_statement_is_one_file_published_from_the_content():
    assert os.path.samefile(STATEMENT, PUBLISHED)


def test_the_statement_says_what_the_audit_tests():
    text = " ".join(STATEMENT.read_text(encoding="utf-8").split())
    for claim, module in CLAIMS.items():
        assert claim in text, f"the statement no longer says '{claim}'"
        assert (HERE / module).is_file(), f"the statement says '{claim}': {module} is gone"
    assert "WCAG 2.0, 2.1 and 2.2 at levels A and AA" in text


def test_the_checklist_covers_the_manual_checks_the_statement_promises():
    statement = " ".join(STATEMENT.read_text(encoding="utf-8").split())
    checklist = (HERE / "checklist.md").read_text(encoding="utf-8").lower()
    for check in MANUAL:
        assert check in statement, check
        assert check.lower() in checklist, check


def test_the_published_statement_is_the_file(portal):
    page = BeautifulSoup(
        (portal.dist / "accessibility-statement.html").read_text("utf-8"), "html.parser"
    )
    assert page.select_one("h1").get_text(strip=True) == "Accessibility statement for GOV.NM"
    testing = page.find("h2", string="How we test GOV.NM").find_next("ul")
    items = [" ".join(li.get_text().split()) for li in testing.select("li")]
    assert len(items) == 6 and items[0].startswith("every page, every search result page")
