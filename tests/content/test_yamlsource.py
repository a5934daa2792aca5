"""app/content/yamlsource.py: YAML with line numbers, dates kept as text, front matter."""

from __future__ import annotations

import pytest

from app.content.yamlsource import LineMap, YamlError, parse_yaml, split_front_matter

STEPS = """\
title: Learn
steps:
  - title: One
    links:
      - {text: A, path: /a}
      - text: B
        path: /b
  - title: Two
    body: |
      First line.
      Second line.
tags: [x, y]
"""


def test_line_map_names_the_line_of_every_key_and_item():
    value, lines = parse_yaml(STEPS)
    assert value["steps"][0]["links"][1]["path"] == "/b"
    assert lines.line_of(("title",)) == 1
    assert lines.line_of(("steps",)) == 2
    assert lines.line_of(("steps", 0)) == 3
    assert lines.line_of(("steps", 0, "title")) == 3
    assert lines.line_of(("steps", 0, "links", 0)) == 5
    assert lines.line_of(("steps", 0, "links", 0, "path")) == 5
    assert lines.line_of(("steps", 0, "links", 1)) == 6
    assert lines.line_of(("steps", 0, "links", 1, "path")) == 7
    assert lines.line_of(("steps", 1, "body")) == 9
    assert lines.line_of(("tags", 1)) == 12


def test_line_of_a_missing_key_is_the_closest_enclosing_one():
    _value, lines = parse_yaml(STEPS)
    assert lines.line_of(("steps", 1, "links")) == 8
    assert lines.line_of(("steps", 5, "title")) == 2
    assert lines.line_of(("nothing",)) == 1
    assert lines.line_of(()) == 1


def test_text_line_of_is_where_the_text_starts():
    _value, lines = parse_yaml(STEPS)
    assert lines.text_line_of(("steps", 1, "body")) == 10  # the line after `body: |`
    assert lines.text_line_of(("steps", 0, "title")) == 3
    assert lines.text_line_of(("steps", 1)) == 8  # not a scalar: the item's line


def test_first_line_offsets_every_line():
    _value, lines = parse_yaml(STEPS, first_line=2)
    assert lines.line_of(("title",)) == 2
    assert lines.line_of(("steps", 0, "links", 1, "path")) == 8
    assert lines.line_of(("missing",)) == 2
    assert lines.text_line_of(("steps", 1, "body")) == 11


def test_empty_yaml_is_none_with_an_empty_line_map():
    value, lines = parse_yaml("")
    assert value is None
    assert lines.line_of(("title",)) == 1


def test_an_empty_line_map_points_at_its_first_line():
    assert LineMap().line_of(("a", 1)) == 1
    assert LineMap(7).line_of(("a",)) == 7


@pytest.mark.parametrize(
    "text", ["2026-04-01", "2026-13-45", "2026-04-01 10:30:00", "2026-04-01T10:30:00Z", "2026-4-1"]
)
def test_dates_are_kept_as_text(text):
    value, _lines = parse_yaml(f"updated: {text}\nlist: [{text}]\n")
    assert value == {"updated": text, "list": [text]}


def test_other_scalars_are_still_typed():
    value, _lines = parse_yaml("a: 1\nb: 1.5\nc: true\nd: null\ne: '2026-04-01'\nf: ~\n")
    assert value == {"a": 1, "b": 1.5, "c": True, "d": None, "e": "2026-04-01", "f": None}


def test_the_standard_safe_loader_is_not_changed():
    import datetime as dt

    import yaml

    assert yaml.safe_load("d: 2026-04-01") == {"d": dt.date(2026, 4, 1)}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "a: 1\nb: Pay: now\n",
            2,
            'the value of `b` contains ": ", which YAML reads as the start of another field: '
            'put the whole value in quotes: b: "Pay: now"',
        ),
        (
            "a: 1\nb: {tag: Alpha, text: Be kind: thanks}\n",
            2,
            'a value in the `b` list or group contains ": ", which YAML reads as the start of '
            'another field: put that value in quotes ("…")',
        ),
        (
            "a: 1\nb:\n  - x\n - y\n",
            4,
            "this line is not indented like the lines it belongs with (it starts after 1 space, "
            "the line above after 2 spaces): the fields of one item line up under one another, "
            "and a field inside another is indented by 2 more spaces; indent with spaces only",
        ),
        (
            "images:\n  - file: a.png\n   alt: A sign\n",
            3,
            "this line is not indented like the lines it belongs with (`alt` starts after 3 "
            "spaces, `file` above it after 4 spaces): the fields of one item line up under one "
            "another, and a field inside another is indented by 2 more spaces; indent with "
            "spaces only",
        ),
        (
            "a: 1\nb:\n\tc: 1\n",
            3,
            "this line is indented with a tab: YAML needs spaces; replace the tab with spaces",
        ),
        (
            'a: 1\nb: "never closed\nc: 2\nd: 3\n',
            2,
            "a quote is not closed: end the value with the same quote mark",
        ),
        (
            "a: 'never closed\nc: 2",
            1,
            "a quote is not closed: end the value with the same quote mark",
        ),
        (
            "a: [1, 2\nb: 3\n",
            1,
            "a `{` or `[` is not closed: end the list or the group on the same line with `}` or "
            "`]`",
        ),
        (
            "title: *Important*\n",
            1,
            "a value cannot start with `*` in YAML: put the whole value in quotes: "
            'title: "*Important*"',
        ),
        (
            "a: 1\nb: ]\n",
            2,
            "the YAML cannot be read (expected the node content, but found ']'): the usual causes "
            "are a colon followed by a space in a value that is not in quotes (write title: "
            '"Flooding: what to do") and wrong indentation (line up the fields of one item '
            "with spaces, never tabs)",
        ),
    ],
)
def test_yaml_errors_name_the_line_and_the_likely_fix(text, line, message):
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.message) == (line, message)


@pytest.mark.parametrize(
    ("text", "line", "start"),
    [
        ("title: Hello\n", 1, "the file has no front matter: start it with a line `---`"),
        ("\n---\ntitle: Hello\n---\n", 1, "the file has no front matter"),
        ("", 1, "the file has no front matter"),
        ("---\ntitle: Hello\n", 1, "the front matter is not closed: add a line `---`"),
        ("---\n- a\n- b\n---\n", 2, "the front matter must be `field: value` lines"),
        ("---\njust text\n---\n", 2, "the front matter must be `field: value` lines"),
        ("---\ntitle: a\ndescription: Pay: now\n---\n", 3, "the value of `description` contains"),
    ],
)
def test_front_matter_problems_name_their_line(text, line, start):
    with pytest.raises(YamlError) as caught:
        split_front_matter(text)
    assert caught.value.line == line
    assert caught.value.message.startswith(start)
