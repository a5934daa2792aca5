"""Small helpers shared by the plugins: reporting problems, reading lines, walking tokens."""

from __future__ import annotations

from collections.abc import Iterator

from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from app.i18n import gettext_in, ngettext_in
from app.markdown.types import MarkdownContext, Problem


def report(env: dict, line: int, message: str, warning: bool = False) -> None:
    """Record a problem; ``line`` is 1-based."""
    env["problems"].append(Problem(max(line, 1), message, warning))


def context(env: dict) -> MarkdownContext:
    return env["context"]


def label(env: dict, message: str, /, **variables) -> str:
    """A label Govspeak adds, in the page's language (the context's)."""
    return gettext_in(env["context"].language, message, **variables)


def plural_label(env: dict, singular: str, plural: str, n: int, /, **variables) -> str:
    return ngettext_in(env["context"].language, singular, plural, n, **variables)


def line_start(state: StateBlock, line: int) -> int:
    """Where a source line's text starts, after its indentation."""
    return state.bMarks[line] + state.tShift[line]


def line_text(state: StateBlock, line: int) -> str:
    """A source line without its indentation."""
    return state.src[line_start(state, line) : state.eMarks[line]]


def block_start_ok(state: StateBlock, line: int) -> bool:
    """Whether a block may start on this line (not inside an indented code block)."""
    return state.sCount[line] - state.blkIndent < 4


def paragraph_of_rest(state: StateBlock, line: int, rest: str) -> None:
    """Text after a one-line block on its line (`[Image: x.png] Some text`) is a paragraph of
    its own, as in Govspeak."""
    if rest:
        state.push("paragraph_open", "p", 1).map = [line, line + 1]
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = rest, [line, line + 1], []
        state.push("paragraph_close", "p", -1)


def title_tag(tokens: list[Token], idx: int) -> str:
    """The heading tag for the title of a block rendered at tokens[idx] (a contact card, an
    attachment): one level below the last heading before it, h2 when there is none (the page
    title is the h1), so the page's outline never skips a level."""
    for token in reversed(tokens[:idx]):
        if token.type == "heading_open":
            return f"h{min(int(token.tag[1]) + 1, 6)}"
    return "h2"


def inline_tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        if token.type == "inline" and token.children:
            yield token


def children_with_lines(tokens: list[Token]) -> Iterator[tuple[int, Token]]:
    """Every inline child token with its 1-based source line.

    Children carry no line map, so count the line breaks before each one within its block.
    Tokens made without a map (inline footnotes) take the last line seen.
    """
    line = 1
    for token in tokens:
        if token.map:
            line = token.map[0] + 1
        if token.type != "inline" or not token.children:
            continue
        for child in token.children:
            yield line, child
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "html_inline":
                line += child.content.count("\n")
