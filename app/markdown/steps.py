"""Steps: consecutive lines `s1. Do this`, `s2. Then this` make one `<ol class="steps">`.

Each step is parsed like a Markdown list item: lines indented to the step's text belong to
it (so a step can hold a nested list), as do lazy continuation lines of its paragraph. As in
Govspeak, a step's text is always a paragraph (`<li><p>…</p></li>`), however tight the list.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from app.markdown.helpers import block_start_ok, line_start

STEP = re.compile(r"s\d+\.(?:[ \t]+|$)")


def _step_at(state: StateBlock, line: int) -> re.Match | None:
    if not block_start_ok(state, line):
        return None
    pos = line_start(state, line)
    return STEP.match(state.src, pos, state.eMarks[line])


def _interrupts_paragraph(state: StateBlock, line: int, end_line: int) -> bool:
    rules = state.md.block.ruler.getRules("paragraph")
    return any(rule(state, line, end_line, True) for rule in rules)


def _item_end(state: StateBlock, line: int, end_line: int, indent: int, has_text: bool) -> int:
    """The line after the step starting on ``line`` (a step with no text on its first line has
    no paragraph for a lazy line to continue)."""
    line += 1
    last_blank = False
    while line < end_line:
        if state.isEmpty(line):
            last_blank = True
        elif state.sCount[line] < state.blkIndent or _step_at(state, line):
            break
        elif state.sCount[line] >= indent:
            last_blank = False
        elif last_blank or not has_text or _interrupts_paragraph(state, line, end_line):
            break
        line += 1
    return line


def steps(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    match = _step_at(state, start_line)
    if not match:
        return False
    if silent:
        return True
    token = state.push("steps_open", "ol", 1)
    token.attrs = {"class": "steps"}
    line = start_line
    while match:
        pos = line_start(state, line)
        indent = state.sCount[line] + (match.end() - pos)
        end = _item_end(state, line, end_line, indent, has_text=match.end() < state.eMarks[line])
        item = state.push("step_open", "li", 1)
        _tokenize_item(state, line, match.end(), indent, end)
        # The step's blocks may end before the lines counted as its own (a line after a
        # heading in the step is no lazy continuation): the steps end there, so that line
        # is read again after them rather than dropped.
        end = min(end, max(state.line, line + 1))
        item.map = [line, end]
        state.push("step_close", "li", -1)
        line = end
        match = _step_at(state, line) if line < end_line else None
    token.map = [start_line, line]
    state.push("steps_close", "ol", -1)
    state.line = line
    return True


def _tokenize_item(state: StateBlock, first: int, content_pos: int, indent: int, end: int) -> None:
    saved = (
        state.tShift[first],
        state.sCount[first],
        state.blkIndent,
        state.lineMax,
        state.parentType,
        state.tight,
    )
    state.tShift[first] = content_pos - state.bMarks[first]
    state.sCount[first] = indent
    state.blkIndent = indent
    state.lineMax = end
    state.parentType = "list"
    try:
        state.md.block.tokenize(state, first, end)
    finally:
        (
            state.tShift[first],
            state.sCount[first],
            state.blkIndent,
            state.lineMax,
            state.parentType,
            state.tight,
        ) = saved


def steps_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "list", "steps", steps, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
