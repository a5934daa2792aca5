"""GOV.UK's own Govspeak test suite, run against the portal's renderer.

The cases in govspeak_suite/cases.json are ported from alphagov/govspeak's test/ folder
(https://github.com/alphagov/govspeak, MIT licence, Copyright (c) 2012 Government Digital
Service; the commit is in the file), by govspeak_suite/port.py or by hand. Each is an input
and what Govspeak renders it to: the whole HTML (compared as HTML trees after html_normaliser
takes out what the portal does differently on purpose: GOV.UK Frontend classes, heading ids,
footnote wording, the table scroll wrapper), another input it renders the same as, or the
checks a Ruby test makes on part of the HTML (govspeak_checks.py says how each is run). A case
marked with a ``divergence`` is one where the portal differs on purpose; each such divergence
is listed, with its reason, in docs/markdown.md, as is each reason a test is not ported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from govspeak_checks import CHECKS, passes

SUITE = json.loads((Path(__file__).parent / "govspeak_suite" / "cases.json").read_text("utf-8"))
CASES = SUITE["cases"]
DOCS = (Path(__file__).parents[2] / "docs" / "markdown.md").read_text("utf-8")
TARGET = 0.95  # of the cases: pass, or differ on purpose (a documented divergence)


def test_the_suite_is_attributed() -> None:
    assert SUITE["source"].startswith("https://github.com/alphagov/govspeak")
    assert len(SUITE["commit"]) == 40 and SUITE["licence"].startswith("MIT")


def test_conformance_to_govspeaks_own_tests() -> None:
    failing = [
        f"{case['source']} {case['name']!r}"
        for case in CASES
        if "divergence" not in case and not passes(case)
    ]
    share = 1 - len(failing) / len(CASES)
    assert share >= TARGET, (
        f"{share:.1%} of {len(CASES)} Govspeak cases pass or are documented divergences "
        f"(target {TARGET:.0%}); failing:\n" + "\n".join(failing)
    )


@pytest.mark.parametrize(
    "case",
    [case for case in CASES if "divergence" in case],
    ids=lambda case: case["source"],
)
def test_a_divergence_is_documented_and_real(case: dict) -> None:
    assert f"`{case['divergence']}`" in DOCS, f"docs/markdown.md does not list {case['divergence']}"
    assert not passes(case), "this case now matches Govspeak: remove its divergence"


BY_HAND = [case for case in CASES if case.get("ported") == "by hand"]


def test_a_case_ported_by_hand_keeps_the_ruby_test_it_came_from() -> None:
    for case in BY_HAND:
        assert case["govspeak"].lstrip().startswith("test"), case["source"]
        assert "checks" in case or "expected" in case, case["source"]


def test_every_check_is_one_the_runner_knows() -> None:
    kinds = {kind for case in CASES for check in case.get("checks", ()) for kind in check}
    assert kinds <= set(CHECKS), kinds - set(CHECKS)


@pytest.mark.parametrize(
    ("check", "source"),
    [
        ({"selector": "section.gem-c-attachment"}, "[Attachment: gone.pdf]"),
        ({"no_selector": "p"}, "text"),
        ({"html": ""}, "text"),
        ({"matches": "<em>"}, "text"),
        ({"not_matches": "text"}, "text"),
        ({"dom_text": "other"}, "text"),
        ({"text": "other"}, "text"),
        ({"problems": True}, "text"),
        ({"problems": False}, "<b>x</b>"),
        ({"headings": [["Fees", 2, "fees"]]}, "## Costs"),
    ],
)
def test_a_check_fails_when_the_html_is_not_what_it_asks(check: dict, source: str) -> None:
    case = {"input": source, "checks": [check]}
    assert not passes(case)


def test_a_text_left_alone_must_keep_its_quote_marks() -> None:
    assert passes({"input": 'He said "yes"', "same_as": 'He said "yes"'})
    assert not passes({"input": '> "yes"', "same_as": '> "yes"'})  # the quote rule takes them


NOT_PORTED_REASONS = {"ruby-only-option", "ruby-internals", "not-a-portal-api"}


def test_every_test_of_the_suite_is_ported_or_said_why_not() -> None:
    ported = {case["test"] for case in CASES}
    not_ported = {item["test"]: item["reason"] for item in SUITE["not_ported"]}
    assert not ported & set(not_ported)
    assert len(ported) + len(not_ported) == SUITE["suite_tests"]
    assert set(not_ported.values()) <= NOT_PORTED_REASONS
    for reason in NOT_PORTED_REASONS:
        assert f"`{reason}`" in DOCS, f"docs/markdown.md does not say what {reason} means"


def test_the_docs_give_the_count_as_it_is() -> None:
    passing = sum(1 for case in CASES if passes(case))
    reasons = [item["reason"] for item in SUITE["not_ported"]]
    words = " ".join(DOCS.split())
    assert (
        f"Of the suite's {SUITE['suite_tests']} tests, {len({c['test'] for c in CASES})} are "
        f"ported, as {len(CASES)} cases: {passing} pass and {len(CASES) - passing} differ on "
        "purpose (below); none fails."
    ) in words
    assert f"The {len(reasons)} tests not ported" in words
    for reason in NOT_PORTED_REASONS:
        assert f"`{reason}` ({reasons.count(reason)})" in words
