"""Highlighted answers: `{::highlight-answer}` … `{:/highlight-answer}`, Govspeak's box for the
one answer a page gives (a smart answer's result, "You can get up to £200")."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from app.markdown.block_helpers import find_fence, tokenize_fence
from app.markdown.helpers import block_start_ok, line_start

OPEN = "{::highlight-answer}"
CLOSE = "{:/highlight-answer}"


def highlight_answer(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    pos = line_start(state, start_line)
    if state.src[pos : pos + 1] != "{" or not state.src.startswith(OPEN, pos):
        return False
    if not block_start_ok(state, start_line):
        return False
    if silent:
        return True
    fence = find_fence(
        state,
        start_line,
        end_line,
        len(OPEN),
        CLOSE,
        unclosed=f"{OPEN} is not closed: add {CLOSE} where it ends",
    )
    token = state.push("highlight_answer_open", "div", 1)
    token.attrs = {"class": "highlight-answer"}
    token.map = [start_line, fence.next_line]
    tokenize_fence(state, fence)
    state.push("highlight_answer_close", "div", -1)
    return True


def highlight_answer_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence",
        "highlight_answer",
        highlight_answer,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
