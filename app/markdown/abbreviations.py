"""Abbreviations: `*[HMRC]: HM Revenue and Customs` on a line of its own, anywhere.

The definition lines are removed. After inline parsing, every whole-word occurrence in
text — in any block, heading, list item, table cell or footnote — is wrapped in
`<abbr title="…">`. Only text tokens are touched, so link URLs and code are left alone.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from app.markdown.helpers import block_start_ok, line_start

DEFINITION = re.compile(r"\*\[([^\]\n]+)\]:[ \t]*(.*?)[ \t]*$")
KEY = "abbreviations"


def abbreviation_definition(
    state: StateBlock, start_line: int, end_line: int, silent: bool
) -> bool:
    if not block_start_ok(state, start_line):
        return False
    pos = line_start(state, start_line)
    if not state.src.startswith("*[", pos):
        return False
    match = DEFINITION.match(state.src, pos, state.eMarks[start_line])
    if not match or not match.group(2):
        return False
    if not silent:
        state.env[KEY][match.group(1).strip()] = match.group(2)
        state.line = start_line + 1
    return True


def abbreviations(state: StateCore) -> None:
    found = state.env[KEY]
    if not found:
        return
    names = sorted(found, key=len, reverse=True)  # longest first: "HMRC Online" before "HMRC"
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = _wrap(token.children, pattern, found)


def _wrap(children: list[Token], pattern: re.Pattern, found: dict) -> list[Token]:
    result: list[Token] = []
    for child in children:
        if child.type != "text" or not pattern.search(child.content):
            result.append(child)
            continue
        position = 0
        for match in pattern.finditer(child.content):
            if match.start() > position:
                result.append(_text(child, child.content[position : match.start()]))
            opening = Token("abbr_open", "abbr", 1, attrs={"title": found[match.group(0)]})
            result += [opening, _text(child, match.group(0)), Token("abbr_close", "abbr", -1)]
            position = match.end()
        if position < len(child.content):
            result.append(_text(child, child.content[position:]))
    return result


def _text(original: Token, content: str) -> Token:
    return Token("text", "", 0, content=content, level=original.level)


def abbreviations_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "reference",
        "abbreviation_definition",
        abbreviation_definition,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.core.ruler.push("abbreviations", abbreviations)
