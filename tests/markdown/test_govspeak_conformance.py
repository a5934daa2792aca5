"""GOV.UK's own Govspeak test suite, run against the portal's renderer.

The cases in govspeak_suite/cases.json are ported from alphagov/govspeak's test/ folder
(https://github.com/alphagov/govspeak, MIT licence, Copyright (c) 2012 Government Digital
Service; the commit is in the file) by govspeak_suite/port.py: each is an input and the HTML
Govspeak renders it to. Both renderings are compared as HTML trees after html_normaliser takes
out what the portal does differently on purpose (GOV.UK Frontend classes, heading ids, footnote
wording, the table scroll wrapper). A case marked with a ``divergence`` is one where the portal
differs on purpose; each such divergence is listed, with its reason, in docs/markdown.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from html_normaliser import normalise

from app.markdown import ImageRef, MarkdownContext, render_markdown

SUITE = json.loads((Path(__file__).parent / "govspeak_suite" / "cases.json").read_text("utf-8"))
CASES = SUITE["cases"]
DOCS = (Path(__file__).parents[2] / "docs" / "markdown.md").read_text("utf-8")
TARGET = 0.95  # of the cases: pass, or differ on purpose (a documented divergence)


def context_for(case: dict) -> MarkdownContext:
    """The case's Govspeak options as the portal's front matter (a page's `images:`)."""
    images = {}
    for image in case.get("context", {}).get("images", []):
        ref = ImageRef(image["url"], image["alt"], image.get("caption"), image.get("credit"))
        images[image["name"]] = ref
    # Govspeak counts www.gov.uk as its own site (document_domains), the portal its site_host.
    site_host = case.get("context", {}).get("site_host", "www.gov.uk")
    return MarkdownContext(site_host=site_host, images=images)


def rendered(source: str, case: dict) -> tuple:
    return normalise(render_markdown(source, context_for(case)).html)


def matches(case: dict) -> bool:
    if "same_as" in case:  # Govspeak rewrites the input into same_as before rendering it
        return rendered(case["input"], case) == rendered(case["same_as"], case)
    return rendered(case["input"], case) == normalise(case["expected"])


def test_the_suite_is_attributed() -> None:
    assert SUITE["source"].startswith("https://github.com/alphagov/govspeak")
    assert len(SUITE["commit"]) == 40 and SUITE["licence"].startswith("MIT")


def test_conformance_to_govspeaks_own_tests() -> None:
    failing = [
        f"{case['source']} {case['name']!r}"
        for case in CASES
        if "divergence" not in case and not matches(case)
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
    assert not matches(case), "this case now matches Govspeak: remove its divergence"
