"""Legislative lists: `$LegislativeList` … `$EndLegislativeList`.

Items are written as bullets whose numbering is part of the text (`* 1.`, `* (a)`), so the
numbers are kept exactly as written. Inside the block, `1.` at the start of an item must not
start a Markdown numbered list: a wrapper around markdown-it's list rule declines ordered
markers while a legislative list is being parsed. The bullet lists are then turned into
`<ol>`, the outermost with class `legislative-list`, and the whole block is wrapped in
`<div class="legislative-list-wrapper">` as Govspeak does.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from app.markdown.block_helpers import find_fence, tokenize_fence
from app.markdown.helpers import block_start_ok, line_start

OPEN = "$LegislativeList"
CLOSE = "$EndLegislativeList"
ORDERED_MARKER = re.compile(r"\d{1,9}[.)](?=[ \t]|$)")
DEPTH = "legislative_depth"  # env key: how many legislative lists are being parsed


def legislative_list(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if not block_start_ok(state, start_line):
        return False
    pos = line_start(state, start_line)
    if not state.src.startswith(OPEN, pos):
        return False
    if silent:
        return True
    fence = find_fence(
        state,
        start_line,
        end_line,
        len(OPEN),
        CLOSE,
        unclosed=f"{OPEN} is not closed: add a line {CLOSE} after it",
    )
    wrapper = state.push("legislative_wrapper_open", "div", 1)
    wrapper.attrs = {"class": "legislative-list-wrapper"}
    wrapper.map = [start_line, fence.next_line]
    start_index = len(state.tokens)
    level = state.level
    state.env[DEPTH] = state.env.get(DEPTH, 0) + 1
    try:
        tokenize_fence(state, fence)
    finally:
        state.env[DEPTH] -= 1
    for token in state.tokens[start_index:]:
        if token.type in ("bullet_list_open", "bullet_list_close"):
            token.type = token.type.replace("bullet_list", "legislative_list")
            token.tag = "ol"
            if token.nesting == 1 and token.level == level:
                token.attrs = {"class": "legislative-list"}
    state.push("legislative_wrapper_close", "div", -1)
    return True


def _decline_ordered_lists(original):
    def list_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if state.env.get(DEPTH):
            pos = line_start(state, start_line)
            if ORDERED_MARKER.match(state.src, pos, state.eMarks[start_line]):
                return False
        return original(state, start_line, end_line, silent)

    return list_rule


def legislative_list_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence",
        "legislative_list",
        legislative_list,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    original = next(rule.fn for rule in md.block.ruler.__rules__ if rule.name == "list")
    md.block.ruler.at(
        "list", _decline_ordered_lists(original), {"alt": ["paragraph", "reference", "blockquote"]}
    )
