"""`build.py check` finds at `file:line` what the accessibility audit found only in built pages,
and what the content designers' trial (issue 15) published broken: each mistake is one problem
with its fix. The page below holds one of each, on the line the test names."""

from __future__ import annotations

import pytest

from app.content import load_content

from .helpers import copy_small, from_problems, run_build_py, write

FRONT_MATTER = """\
---
title: Flooding
description: What to do about floods.
type: answer
organisation: roads-agency
updated: 2026-04-01
---
"""


def _problems(tree, warnings=False):
    _site, problems = load_content(tree)
    return [
        (p.path, p.line, p.message) for p in from_problems(problems, tree) if p.warning == warnings
    ]


def _page(tmp_path, body: str, name: str = "roads/flooding.md"):
    """The small tree with one more page, whose body starts on line 8."""
    tree = copy_small(tmp_path)
    write(tree / name, FRONT_MATTER + body)
    return tree


def _only(tree, name="roads/flooding.md", warnings=False):
    return [(line, message) for path, line, message in _problems(tree, warnings) if path == name]


def test_a_markdown_image_is_reported_with_how_to_add_it(tmp_path):
    tree = _page(tmp_path, "Close the door.\n\n![](flood-door.png)\n")
    assert _only(tree) == [
        (
            10,
            "the Markdown image ![](flood-door.png) would be published without its file or alt "
            "text: put flood-door.png beside this page, write [Image: flood-door.png] on a line "
            "of its own and describe it in the front matter: `images: [{file: flood-door.png, "
            'alt: what the image shows}]` (alt: "" only for a purely decorative image)',
        )
    ]


def test_an_image_from_another_website_must_be_downloaded(tmp_path):
    tree = _page(tmp_path, "![A door](https://example.org/pictures/door.jpg)\n")
    [(line, message)] = _only(tree)
    assert line == 8
    assert "download door.jpg and put it beside this page" in message
    assert "`images: [{file: door.jpg, alt: A door}]`" in message


def test_a_relative_link_in_a_guide_part_suggests_the_path(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "roads" / "fix-a-road" / "repairs.md",
        "---\ntitle: Repairs\n---\nRepairs take 5 days. First [report it](report).\n",
    )
    assert _only(tree, "roads/fix-a-road/repairs.md") == [
        (
            4,
            "the link report is relative: links to portal pages start with / (did you mean "
            "`/fix-a-road/report`?)",
        )
    ]


@pytest.mark.parametrize(
    ("href", "fix"),
    [
        ("road-rules", "did you mean `/road-rules`?"),
        ("road-rules.md", "did you mean `/road-rules`?"),
        (
            "no-such-page",
            "write the page's path from /, such as /vehicle-tax (its URL, not its file name)",
        ),
    ],
)
def test_a_relative_link_on_a_page(tmp_path, href, fix):
    tree = _page(tmp_path, f"Read the [road rules]({href}).\n")
    assert _only(tree) == [
        (8, f"the link {href} is relative: links to portal pages start with / ({fix})")
    ]


def test_an_address_without_https(tmp_path):
    tree = _page(tmp_path, "See [the Met Office's warnings](www.metoffice.example/warnings).\n")
    assert _only(tree) == [
        (
            8,
            "the link www.metoffice.example/warnings has no https://: write the whole address, "
            "https://www.metoffice.example/warnings",
        )
    ]


def test_a_link_to_a_missing_anchor_on_the_same_page(tmp_path):
    body = "See [what to pack](#what-to-pak) and [after](#after-a-flood).\n\n## What to pack\n"
    tree = _page(tmp_path, body)
    assert _only(tree) == [
        (8, "the link #what-to-pak names no heading on this page: did you mean #what-to-pack?"),
        (
            8,
            "the link #after-a-flood names no heading on this page: a heading's id is its words "
            "in lower case joined by hyphens: `## What you need` is #what-you-need",
        ),
    ]


def test_anchors_that_exist_are_not_reported(tmp_path):
    body = (
        "See [what to pack](#what-to-pack), [the note](#fn:1) and [the content](#main-content)."
        "[^1]\n\n## What to pack\n\n[^1]: A note.\n"
    )
    assert _only(_page(tmp_path, body)) == []


def test_headings_h1_in_the_body_skipped_levels_and_empty_ones(tmp_path):
    body = "# Flooding\n\nText.\n\n### Before a flood\n\n##\n\n## During\n\n#### Power\n"
    tree = _page(tmp_path, body)
    assert _only(tree) == [
        (
            8,
            "a level 1 heading (`# …`) in the body: the page title (`title:`) is the page's "
            "only one; start the body's headings at `##`",
        ),
        (
            12,
            "the heading skips a level (level 3 after the heading above it, level 1): write it "
            "as `## …` (people who use screen readers move through a page by its heading levels)",
        ),
        (14, "the heading is empty: write its words after the ##, or remove the line"),
        (
            18,
            "the heading skips a level (level 4 after the heading above it, level 2): write it "
            "as `### …` (people who use screen readers move through a page by its heading levels)",
        ),
    ]


def test_the_first_heading_may_not_skip_below_the_title(tmp_path):
    tree = _page(tmp_path, "Text.\n\n### Before a flood\n")
    [(line, message)] = _only(tree)
    assert line == 10
    assert message.startswith("the heading skips a level (level 3 after the title, level 1)")


def test_a_guide_part_starts_under_its_part_title(tmp_path):
    """A part's body is shown under the part's own `h2`: its `###` skips nothing, `####` does."""
    tree = copy_small(tmp_path)
    write(
        tree / "roads" / "fix-a-road" / "repairs.md",
        "---\ntitle: Repairs\n---\n### Small repairs\n\nText.\n\n## Big repairs\n\n#### Cost\n",
    )
    assert _only(tree, "roads/fix-a-road/repairs.md") == [
        (
            10,
            "the heading skips a level (level 4 after the heading above it, level 2): write it "
            "as `### …` (people who use screen readers move through a page by its heading levels)",
        )
    ]


@pytest.mark.parametrize("text", ["click here", "Here", "read more", "Click here to apply"])
def test_link_text_that_says_nothing(tmp_path, text):
    tree = _page(tmp_path, f"To report a flood [{text}](/road-rules).\n")
    assert _only(tree) == [
        (
            8,
            f'the link text "{text}" does not say where the link goes: make the words that '
            "describe the destination the link, such as [check the vehicle tax rates](/road-rules)",
        )
    ]


def test_a_web_address_as_link_text_and_an_empty_link(tmp_path):
    body = "See [https://www.gov.uk/flood](https://www.gov.uk/flood).\n\nOr [](/road-rules).\n"
    tree = _page(tmp_path, body)
    assert _only(tree) == [
        (
            8,
            "the link text is a web address (https://www.gov.uk/flood): write where it goes "
            "instead, such as [the Roads Agency's website](https://www.gov.uk/flood)",
        ),
        (
            10,
            "the link to /road-rules has no text: write what it links to between the brackets, "
            "such as [apply for a licence](/apply-licence)",
        ),
    ]


def test_the_same_link_text_to_different_places_is_a_warning(tmp_path):
    body = "Read [the rules](/road-rules).\n\nLater, [the rules](/fix-a-road) again.\n"
    body += "\n[The rules](/road-rules) are here too.\n"
    tree = _page(tmp_path, body)
    assert _only(tree) == []
    assert _only(tree, warnings=True) == [
        (
            10,
            'the link text "the rules" also links to /road-rules earlier on the page: links to '
            "different places need different words",
        )
    ]


def test_a_table_whose_first_row_is_empty(tmp_path):
    tree = _page(tmp_path, "Rates:\n\n| | |\n| --- | --- |\n| A | £20 |\n")
    assert _only(tree) == [
        (
            10,
            "the table's first row is empty, so the table has no headers: write the column "
            "names in its first row (screen readers read them out with each cell); use a table "
            "only for data",
        )
    ]


def test_raw_html_names_the_tag_and_its_markdown(tmp_path):
    tree = _page(tmp_path, "Line one<br>\nline two.\n\n<img src=door.png>\n")
    assert _only(tree) == [
        (
            8,
            "raw HTML (<br>) is not allowed in content: start a new paragraph with a blank line, "
            "or end the line with two spaces",
        ),
        (
            11,
            "raw HTML (<img>) is not allowed in content: write an image as `[Image: file.png]` "
            "and describe it in the front matter's `images:`",
        ),
    ]


def test_the_check_command_prints_each_at_its_file_and_line(tmp_path):
    tree = _page(tmp_path, "# Flooding\n\n![](flood-door.png)\n")
    result = run_build_py("check", "--content", tree)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "flooding.md" in line]
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in lines] == ["8", "10"]
    assert lines[0].endswith("start the body's headings at `##`")


def test_one_message_a_heading_and_the_level_it_sits_under(tmp_path):
    """An empty `#` is one problem (its words first), and a guide part's first heading is
    measured from the part's title."""
    tree = copy_small(tmp_path)
    write(
        tree / "roads" / "fix-a-road" / "repairs.md",
        "---\ntitle: Repairs\n---\n#\n\n#### Cost\n",
    )
    assert _only(tree, "roads/fix-a-road/repairs.md") == [
        (4, "the heading is empty: write its words after the #, or remove the line"),
        (
            6,
            "the heading skips a level (level 4 after the heading it sits under, level 2): write "
            "it as `### …` (people who use screen readers move through a page by its heading "
            "levels)",
        ),
    ]
