"""The style lint (app/content/style/): each rule reports its finding at the file's line with the
fix, comments silence a line or a file, content/style.yaml is the word list, `build.py check`
prints the warnings and fails on them only with --strict, and the preview shows them while
`build.py build` does not run the lint."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from app.content import load_content
from app.content.problems import ProblemList
from app.content.style.rules import RULE_IDS

from .helpers import REPO, copy_small, from_cli, from_problems, run_build_py, write

STYLE = """
words_to_avoid:
  utilise: write "use"
  in order to: write "to"
plain_english:
  purchase: buy
contractions:
  "can't": cannot
link_text_to_avoid: [click here, see the details, the road]
acronyms: [NRS]
limits:
  sentence_words: 15
  reading_age: 9
  reading_age_min_words: 40
"""

# Each line of the page below that breaks a rule, with the rule and a part of the fix.
PAGE = """
---
title: How forms are assessed
description: Utilise this page.
type: answer
organisation: roads-agency
updated: 2026-03-02
---
You can't purchase a permit on a Sunday.

[See the details](/road-rules) of the rules, or [the road](/fix-a-road) now.

DO NOT park on the LEFT. NRS checks this.

The office is open Monday-Friday, 9am-5pm, and closes at 12pm on 4th June.

It takes two weeks and costs £75.00, about 15 per cent of 250000 pounds.

This sentence has far more than twelve words in it so that it is reported as too long.

Applicants are required in order to complete the comprehensive documentation requirements
notwithstanding administrative considerations, notwithstanding the considerable procedural
complexities, notwithstanding organisational responsibilities, and interdepartmental
administrative considerations.
"""

EXPECTED = {
    (2, "passive-headings", '"How forms are assessed" is passive'),
    (3, "words-to-avoid", '"Utilise" is on GOV.UK\'s words to avoid: write "use"'),
    (8, "contractions", 'write "cannot"'),
    (8, "plain-english", '"purchase" is not plain English: write "buy"'),
    (10, "click-here", 'the link text "See the details" does not say where it goes'),
    (10, "click-here", 'the link text "the road"'),
    (12, "all-caps", '"DO NOT" is in capitals'),
    (14, "dates", '"Monday-Friday": use "to" in ranges'),
    (14, "dates", '"9am-5pm": use "to" in ranges'),
    (14, "dates", '"12pm": write "midday" or "midnight"'),
    (14, "dates", '"4th June": write "4 June"'),
    (16, "numbers", '"two": write the numeral: "2"'),
    (16, "numbers", '"£75.00": write "£75": no pence'),
    (16, "numbers", '"per cent": write "%"'),
    (16, "numbers", '"250000": write "250,000", with commas'),
    (18, "sentence-length", "a sentence of 18 words (the limit is 15)"),
    (18, "numbers", '"twelve": write the numeral: "12"'),
    (20, "sentence-length", "a sentence of 26 words (the limit is 15)"),
    (20, "words-to-avoid", '"in order to"'),
    (8, "reading-age", "the page's reading age is about"),
}


def style_warnings(problems) -> ProblemList:
    """The style lint's warnings among the problems that loading and rendering found."""
    return ProblemList(p for p in problems if p.severity == "warning" and "[style/" in p.message)


def lint(tree) -> list:
    site, problems = load_content(tree)
    assert site is not None and not problems.errors, problems.errors
    return from_problems(style_warnings(problems), tree)


def style_findings(reported, path: str) -> list[tuple[int, str, str]]:
    found = []
    for problem in reported:
        # the rule's id, then its section in the docs
        match = re.fullmatch(
            r"(.*) \[style/([a-z-]+)\] \(docs/style-lint\.md#([a-z-]+)\)", problem.message
        )
        assert match, f"no rule id: {problem.message}"
        assert problem.warning
        assert match.group(3) == match.group(2)  # docs/style-lint.md has a section for each
        if problem.path == path:
            found.append((problem.line, match.group(2), match.group(1)))
    return found


@pytest.fixture
def tree(tmp_path):
    tree = copy_small(tmp_path)
    write(tree / "style.yaml", STYLE)
    write(tree / "roads" / "style-page.md", PAGE)
    return tree


def test_every_rule_reports_its_finding_on_the_line_with_the_fix(tree):
    findings = style_findings(lint(tree), "roads/style-page.md")
    for line, rule, fragment in EXPECTED:
        assert any(
            (line, rule) == (found_line, found_rule) and fragment in message
            for found_line, found_rule, message in findings
        ), f"{rule} not reported on line {line} with {fragment!r}: {findings}"
    assert {rule for _line, rule, _message in findings} == RULE_IDS
    assert len(findings) == len(EXPECTED)  # and nothing else: NRS, "sunday", a link's URL


def test_link_text_the_markdown_check_reports_is_not_reported_again(tree):
    # "click here" is an error of every build's Markdown check (app/markdown/link_checks.py)
    page = tree / "roads" / "style-page.md"
    page.write_text(
        page.read_text().replace("[See the details](/road-rules)", "[Click here](/road-rules)")
    )
    _site, problems = load_content(tree)
    errors = [p for p in problems.errors if p.path.endswith("style-page.md")]
    assert [(p.line, 'the link text "Click here"' in p.message) for p in errors] == [(10, True)]
    findings = style_findings(from_problems(style_warnings(problems), tree), "roads/style-page.md")
    assert [m for line, rule, m in findings if rule == "click-here"] == [
        'the link text "the road" does not say where it goes: make the words that describe the '
        'page the link, as in "[apply for a passport](/apply-for-a-passport)"'
    ]


def test_reading_age_names_the_longest_sentences(tree):
    findings = style_findings(lint(tree), "roads/style-page.md")
    (message,) = [m for _l, rule, m in findings if rule == "reading-age"]
    assert message.endswith("the longest sentences start on lines 18 and 20")


def _silence(tree, old: str, new: str) -> None:
    page = tree / "roads" / "style-page.md"
    page.write_text(page.read_text().replace(old, new, 1))


def test_a_comment_silences_its_line_and_a_comment_alone_the_next_line(tree):
    _silence(
        tree, "on a Sunday.", "on a Sunday. <!-- style: ignore contractions, plain-english -->"
    )
    _silence(tree, "DO NOT", "<!-- style: ignore all-caps: a quoted sign -->\nDO NOT")
    findings = style_findings(lint(tree), "roads/style-page.md")
    rules_on = {(line, rule) for line, rule, _m in findings}
    assert (8, "contractions") not in rules_on and (8, "plain-english") not in rules_on
    assert (13, "all-caps") not in rules_on  # the paragraph moved down a line
    assert (15, "dates") in rules_on  # other lines are still read


def test_ignore_file_and_a_yaml_comment_in_the_front_matter(tree):
    _silence(
        tree,
        "title: How forms are assessed",
        "title: How forms are assessed  # style: ignore passive-headings",
    )
    _silence(tree, "You can't", "<!-- style: ignore-file dates, numbers: a test -->\nYou can't")
    findings = style_findings(lint(tree), "roads/style-page.md")
    rules = {rule for _line, rule, _m in findings}
    assert "passive-headings" not in rules and "dates" not in rules and "numbers" not in rules
    assert "contractions" in rules


def test_a_misspelt_rule_in_a_silence_is_reported_with_the_closest(tree):
    _silence(tree, "You can't", "You can't <!-- style: ignore contraction -->")
    findings = style_findings(lint(tree), "roads/style-page.md")
    assert (8, "contractions") in {(line, rule) for line, rule, _m in findings}
    (message,) = [m for line, rule, m in findings if rule == "silence"]
    assert message.startswith('"contraction" is not a style rule, so this comment silences nothing')
    assert 'did you mean "contractions"?' in message


def test_the_comment_is_not_published_and_only_the_preview_lints_as_it_builds(tree):
    from flask import Flask

    from app.pipeline import build
    from app.pipeline.serve import Preview
    from app.preview_problems import WARNINGS_KEY
    from tests.conftest import SMALL_TODAY

    _silence(tree, "You can't", "You can't <!-- style: ignore contractions -->")
    out, cache = tree.parent / "dist", tree.parent / "cache"
    built = build(tree, out, today=SMALL_TODAY, cache_dir=cache)
    html = (out / "style-page.html").read_text()
    assert "style: ignore" not in html
    main = BeautifulSoup(html, "html.parser").select_one("main")
    assert "You can't purchase a permit on a Sunday." in " ".join(main.get_text().split())
    # `build` leaves the lint to check and the preview (its cost a page: docs/style-lint.md)
    assert list(style_warnings(built.warnings)) == []

    # the preview, with the same cache, lints every page: no page the build cached is reused
    app = Flask(__name__)
    app.extensions["portal.build_id"] = "1"
    preview = Preview(app, tree, out, {"cache_dir": cache, "today": SMALL_TODAY, "jobs": 1})
    linted = preview.rebuild()
    assert not linted.incremental
    reported = from_problems(style_warnings(app.extensions[WARNINGS_KEY]), tree)
    found = {(line, rule) for line, rule, _m in style_findings(reported, "roads/style-page.md")}
    assert (8, "plain-english") in found and (8, "contractions") not in found
    # its next rebuild takes an unchanged page's warnings from the cache
    other = tree / "roads" / "road-rules.md"
    other.write_text(other.read_text() + "\nAn edit.\n")
    again = preview.changed({other})
    assert again.incremental and again.rendered < linted.rendered
    assert sorted(again.warnings) == sorted(linted.warnings)

    # and a build after the preview reuses none of its warnings either
    after = build(tree, out, today=SMALL_TODAY, cache_dir=cache)
    assert not after.incremental and list(style_warnings(after.warnings)) == []


def test_a_mistake_in_style_yaml_is_an_error_at_its_line(tree):
    write(tree / "style.yaml", "limits:\n  sentence_words: many\nwords_to_aviod: {}\n")
    _site, problems = load_content(tree)
    reported = {(p.path, p.line) for p in from_problems(problems.errors, tree)}
    assert reported == {("style.yaml", 2), ("style.yaml", 3)}
    # and the defaults still lint: a broken list is fixed, not silently ignored
    assert any("[style/" in p.message for p in problems.warnings)


def test_without_style_yaml_the_rules_without_lists_still_run(tree):
    (tree / "style.yaml").unlink()
    rules = {rule for _l, rule, _m in style_findings(lint(tree), "roads/style-page.md")}
    assert {"sentence-length", "dates", "numbers", "passive-headings", "all-caps"} <= rules
    assert "words-to-avoid" not in rules and "contractions" not in rules


def test_check_warns_and_strict_fails(tree):
    relative = tree.relative_to(REPO) if tree.is_relative_to(REPO) else tree
    plain = run_build_py("check", "--content", relative)
    assert plain.returncode == 0, plain.stderr
    printed = from_cli(plain.stderr, tree)
    assert any(
        p.path == "roads/style-page.md"
        and p.line == 8
        and p.warning
        and "[style/contractions]" in p.message
        for p in printed
    )
    strict = run_build_py("check", "--strict", "--content", relative)
    assert strict.returncode == 1


def test_the_sample_content_passes_strict():
    result = run_build_py("check", "--strict")
    assert result.returncode == 0, result.stderr
    assert "No problems found." in result.stderr
