"""Quotes as Govspeak shows them: no quote marks around the quoted text, the last paragraph marked.

A quote is shown as a quote (an inset box), so the quote marks an author types round it
(`> "We will…"`) would be said twice; Govspeak takes them out of each line of a top-level
quote that starts or ends with them (straight or curly, one or more), and leaves quote marks
inside a line alone. It also gives each paragraph that ends its part of a quote the class
`last-child`, GOV.UK's hook for the quote's closing mark. Both run on the tokens, before inline
parsing, so the quote marks never reach the text.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

QUOTES = '["\u201c\u201d\u201e\u201f\u2033\u2036]+'
SPACE = r"[^\S\r\n]*"
LEADING = re.compile(rf"{SPACE}{QUOTES}{SPACE}(?=.)")
TRAILING = re.compile(rf"(?<=.){SPACE}{QUOTES}{SPACE}$")


def unquote(line: str) -> str:
    """One line of a quote without the quote marks it starts and ends with."""
    line = LEADING.sub("", line, count=1) if LEADING.match(line) else line
    return TRAILING.sub("", line, count=1)


def blockquotes(state: StateCore) -> None:
    tokens = state.tokens
    if ">" not in state.src or not any(t.type == "blockquote_open" for t in tokens):
        return
    source_lines = state.src.split("\n")
    depth, text_level = 0, -1  # the level of the text of a paragraph right in the outer quote
    for i, token in enumerate(tokens):
        if token.type in ("blockquote_open", "blockquote_close"):
            depth += token.nesting
            text_level = token.level + 2 if depth == 1 else text_level
        elif depth and token.type == "paragraph_close" and tokens[i + 1].nesting == -1:
            if not token.hidden:  # the paragraph ends its parent (p:last-child)
                tokens[i - 2].attrJoin("class", "last-child")
        elif depth == 1 and token.type == "inline" and token.level == text_level and token.map:
            _unquote_lines(token, source_lines)


def _unquote_lines(inline, source_lines: list[str]) -> None:
    """Unquote the lines of a paragraph directly in a top-level quote whose source line starts
    with `>` (as Govspeak, which reads the source: a lazy continuation line is left alone)."""
    lines = inline.content.split("\n")
    first = inline.map[0]
    for k, line in enumerate(lines):
        if first + k < len(source_lines) and source_lines[first + k].startswith(">"):
            lines[k] = unquote(line)
    inline.content = "\n".join(lines)


def blockquotes_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "blockquotes", blockquotes)
