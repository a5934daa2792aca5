"""YAML that remembers where each value came from, so errors can name the line to fix.

`parse_yaml` returns the plain Python value and a `LineMap`;
`LineMap.line_of(("steps", 2, "title"))` gives the 1-based line of that key (or of the closest
enclosing one that exists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .yaml_messages import explain

# libyaml's parser when PyYAML has it (its wheels do): reading 10,000 pages' front matter is
# several times faster than with the pure-Python parser.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Loaders that leave dates as text, so the schema (not YAML) decides what a date is and a bad one
# gets the same helpful error as any other field.
_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Loader(_BaseLoader):
    yaml_implicit_resolvers = _RESOLVERS


class _ExplainingLoader(yaml.SafeLoader):
    """The pure-Python parser, used again only when a document fails: its error messages and
    positions are the clearer ones."""

    yaml_implicit_resolvers = _RESOLVERS


def _load(loader_class, text: str) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class LineMap:
    first_line: int = 1
    _lines: dict[tuple, int] = field(default_factory=dict)
    # where the text of each scalar value starts: the line after `key: |` for a block scalar
    _text_lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, loc: tuple) -> int:
        loc = tuple(loc)
        while loc:
            if loc in self._lines:
                return self._lines[loc]
            loc = loc[:-1]
        return self.first_line

    def text_line_of(self, loc: tuple) -> int:
        """The line on which a text value (such as Markdown in `outcome: |`) begins."""
        return self._text_lines.get(tuple(loc)) or self.line_of(loc)


def _walk(
    node: yaml.Node, loc: tuple, offset: int, lines: dict[tuple, int], text_lines: dict[tuple, int]
) -> None:
    if isinstance(node, yaml.ScalarNode):
        # A block scalar (`|` or `>`) starts on the line after its indicator.
        text_lines[loc] = node.start_mark.line + 1 + offset + (node.style in ("|", ">"))
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*loc, key.value)
            if child in lines:  # PyYAML would silently keep the last one
                raise YamlError(
                    key.start_mark.line + 1 + offset,
                    f"`{key.value}` is given twice (also on line {lines[child]}): keep one",
                )
            lines[child] = key.start_mark.line + 1 + offset
            _walk(value, child, offset, lines, text_lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*loc, index)
            lines[child] = item.start_mark.line + 1 + offset
            _walk(item, child, offset, lines, text_lines)


def parse_yaml(text: str, first_line: int = 1) -> tuple[Any, LineMap]:
    """Parse one YAML document whose first line is line `first_line` of its file."""
    offset = first_line - 1
    try:
        try:
            node, value = _load(_Loader, text)
        except yaml.YAMLError:
            node, value = _load(_ExplainingLoader, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        unclosed = ("end of stream", "expected ',' or")  # a quote, `{` or `[` left open
        if exc.context_mark and any(words in (exc.problem or "") for words in unclosed):
            # An unclosed quote or bracket runs to the end: point at where it was opened.
            mark = exc.context_mark
        line = (mark.line + 1 + offset) if mark else first_line
        raise YamlError(line, explain(exc, mark, text)) from None
    lines: dict[tuple, int] = {}
    text_lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), offset, lines, text_lines)
    return value, LineMap(first_line, lines, text_lines)


@dataclass
class MarkdownFile:
    front_matter: Any
    lines: LineMap
    body: str
    body_line: int  # the file line on which the body starts
    # the front matter's text, kept only when a comment in it silences a style rule
    # (app.content.style.silences): the style lint reads it without reading the file again
    style_comments: str = ""


def split_front_matter(text: str) -> MarkdownFile:
    """Split `---` front matter from the Markdown body; raise YamlError with a line if malformed."""
    if not text.startswith("---"):
        raise YamlError(
            1,
            "the file has no front matter: start it with a line `---`, the YAML "
            "fields (title, description, …), then another `---`",
        )
    rest = text.split("\n")
    for index in range(1, len(rest)):
        if rest[index].rstrip() == "---":
            yaml_text = "\n".join(rest[1:index])
            value, lines = parse_yaml(yaml_text, first_line=2)
            if value is None:
                value = {}
            if not isinstance(value, dict):
                raise YamlError(2, "the front matter must be `field: value` lines")
            body = "\n".join(rest[index + 1 :])
            comments = yaml_text if "style:" in yaml_text else ""
            return MarkdownFile(value, lines, body, index + 2, comments)
    raise YamlError(1, "the front matter is not closed: add a line `---` after its last field")
