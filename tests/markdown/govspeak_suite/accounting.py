"""Every test of Govspeak's suite: ported (as one case or more), or not, and then why not.

Used by port.py. A test is not ported only for one of the reasons below (their long form is in
docs/markdown.md); a test that is neither ported nor given a reason stops the port, so a new
test in the suite cannot be left out unnoticed.
"""

from __future__ import annotations

import re

RUBY_ONLY_OPTION = "ruby-only-option"
RUBY_INTERNALS = "ruby-internals"
NOT_A_PORTAL_API = "not-a-portal-api"

# Test files of a Ruby API that is not rendering and that the portal has no counterpart of.
NOT_A_PORTAL_API_FILES = {
    "test/govspeak_structured_headers_test.rb",  # Document#structured_headers (an outline)
    "test/govspeak_link_extractor_test.rb",  # Document#extracted_links
    "test/govspeak_extract_contact_content_ids_test.rb",  # Document#extract_contact_content_ids
    "test/html_sanitizer_test.rb",  # HtmlSanitizer, run on HTML
    "test/presenters/h_card_presenter_test.rb",  # HCardPresenter, a contact's address fields
}
# Words in a test's body that set an option only the Ruby gem has.
RUBY_ONLY_OPTIONS = ("locale:", "auto_numbered_header", "sanitize: false", "allowed_elements:")
RUBY_ONLY_OPTION_TESTS = {"should be able to override default 'input' option"}
RUBY_INTERNALS_TESTS = {
    "I18n load_path is not set as a nested array",  # the Ruby I18n library's set-up
    "processing an extension does not modify the provided input",  # Ruby strings are mutable
    "ignores nil",  # the quote remover given nil rather than text
}
TEST = re.compile(r'^(\s*)(?:test "([^"]*)"|test_given_govspeak\b)', re.M)


def tests_in(path: str, src: str) -> list[dict]:
    """The file's tests: line, name and body (to its `end`)."""
    out = []
    for match in TEST.finditer(src):
        start = match.start() + len(match.group(1))
        line = src.count("\n", 0, start) + 1
        end = re.compile(r"^" + match.group(1) + r"end\b", re.M).search(src, start)
        body = src[start : end.end() if end else len(src)]
        name = match.group(2) or body.split("\n", 1)[0]
        out.append({"file": path, "line": line, "name": name, "body": body})
    return out


def ruby_test_of(source: str, tests: list[dict]) -> str:
    """The `file:line` of the test a case (ported from `file:line`) comes from: the last test
    starting at or before that line."""
    path, line = source.rsplit(":", 1)
    starts = [t["line"] for t in tests if t["file"] == path and t["line"] <= int(line)]
    return f"{path}:{max(starts)}"


def reason_not_ported(test: dict) -> str | None:
    if test["file"] in NOT_A_PORTAL_API_FILES:
        return NOT_A_PORTAL_API
    if test["name"] in RUBY_INTERNALS_TESTS:
        return RUBY_INTERNALS
    if test["name"] in RUBY_ONLY_OPTION_TESTS or any(
        word in test["body"] for word in RUBY_ONLY_OPTIONS
    ):
        return RUBY_ONLY_OPTION
    return None


def account(cases: list[dict], tests: list[dict]) -> list[dict]:
    """Give each case its `test`; the tests not ported, each with its reason."""
    for case in cases:
        case["test"] = ruby_test_of(case["source"], tests)
    ported = {case["test"] for case in cases}
    not_ported = []
    for test in tests:
        where = f"{test['file']}:{test['line']}"
        if where in ported:
            continue
        reason = reason_not_ported(test)
        if reason is None:
            raise SystemExit(f"{where} {test['name']!r} is not ported and has no reason not to be")
        not_ported.append({"test": where, "name": test["name"], "reason": reason})
    return not_ported
