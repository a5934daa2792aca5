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
    ("text", "line", "detail"),
    [
        ("a: 1\nb: Pay: now\n", 2, "mapping values are not allowed here"),
        ("a: 1\nb:\n  - x\n - y\n", 4, "expected <block end>"),
        ("a: 1\nb:\n\tc: 1\n", 3, "cannot start any token"),
        ('a: 1\nb: "never closed\nc: 2\nd: 3\n', 2, "a quote is not closed"),
        ("a: 'never closed\nc: 2", 1, "a quote is not closed"),
        ("a: [1, 2\nb: 3\n", 2, "expected ',' or ']'"),
    ],
)
def test_yaml_errors_name_the_line(text, line, detail):
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert caught.value.line == line
    assert detail in caught.value.message
    assert caught.value.message.startswith("the YAML cannot be read (")
    assert caught.value.message.endswith(
        "check the indentation and quote values that contain a colon"
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "title: A\ntype: answer\ntitle: B\n",
            3,
            "`title` is given twice (also on line 1): keep one",
        ),
        (
            "steps:\n  - title: A\n    body: x\n    title: B\n",
            4,
            "`title` is given twice (also on line 2): keep one",
        ),
    ],
)
def test_a_key_given_twice_is_an_error_not_silently_the_last(text, line, message):
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_the_same_key_in_different_items_is_fine():
    value, _lines = parse_yaml("- {title: A}\n- {title: B}\n")
    assert value == [{"title": "A"}, {"title": "B"}]


def test_yaml_error_lines_count_from_first_line():
    with pytest.raises(YamlError) as caught:
        parse_yaml("a: 1\nb: Pay: now\n", first_line=2)
    assert caught.value.line == 3


# --- front matter ---------------------------------------------------------------------------


def test_front_matter_and_body():
    parsed = split_front_matter("---\ntitle: Hello\ntopics:\n  - a\n---\nBody line.\n\nMore.\n")
    assert parsed.front_matter == {"title": "Hello", "topics": ["a"]}
    assert parsed.lines.line_of(("title",)) == 2
    assert parsed.lines.line_of(("topics", 0)) == 4
    assert parsed.lines.line_of(("description",)) == 2
    assert parsed.body == "Body line.\n\nMore.\n"
    assert parsed.body_line == 6


def test_front_matter_with_windows_line_endings():
    parsed = split_front_matter("---\r\ntitle: Hello\r\n---\r\nBody\r\n")
    assert parsed.front_matter == {"title": "Hello"}
    assert parsed.body_line == 4


def test_empty_front_matter_is_an_empty_mapping():
    parsed = split_front_matter("---\n---\nBody")
    assert parsed.front_matter == {}
    assert parsed.body == "Body"
    assert parsed.body_line == 3


def test_closing_line_may_have_trailing_spaces():
    assert split_front_matter("---\ntitle: A\n---  \nB").body == "B"


def test_a_horizontal_rule_in_the_body_is_not_front_matter():
    parsed = split_front_matter("---\ntitle: A\n---\nBefore\n\n---\n\nAfter\n")
    assert parsed.front_matter == {"title": "A"}
    assert parsed.body == "Before\n\n---\n\nAfter\n"


@pytest.mark.parametrize(
    ("text", "line", "start"),
    [
        ("title: Hello\n", 1, "the file has no front matter: start it with a line `---`"),
        ("\n---\ntitle: Hello\n---\n", 1, "the file has no front matter"),
        ("", 1, "the file has no front matter"),
        ("---\ntitle: Hello\n", 1, "the front matter is not closed: add a line `---`"),
        ("---\n- a\n- b\n---\n", 2, "the front matter must be `field: value` lines"),
        ("---\njust text\n---\n", 2, "the front matter must be `field: value` lines"),
        ("---\ntitle: a\ndescription: Pay: now\n---\n", 3, "the YAML cannot be read"),
    ],
)
def test_front_matter_problems_name_their_line(text, line, start):
    with pytest.raises(YamlError) as caught:
        split_front_matter(text)
    assert caught.value.line == line
    assert caught.value.message.startswith(start)
