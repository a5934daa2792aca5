"""Past markdown-it's nesting limit, the rest of a block is shown as text and reported.

markdown-it stops reading blocks nested deeper than ``maxNesting`` (20 levels: a box in a box
in a quote…) and silently drops whatever is inside. The portal never loses an author's text:
this wraps the block tokenizer so that a block reached at the limit is one plain paragraph
holding its lines as written (inline Markdown still works), and the line where the limit was
reached is reported. Every Govspeak block pushes its opening token before parsing its inside,
so the levels, and with them the depth of Python's recursion, stay within the limit too.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from app.markdown.helpers import report


def _flatten(state: StateBlock, start_line: int, end_line: int) -> None:
    # As markdown-it's tokenizer does, leave state.line on the first line not taken: the rule
    # that called it (a footnote, a list item) moves on from there.
    state.line = line = state.skipEmptyLines(start_line)
    if line >= end_line or state.sCount[line] < state.blkIndent:
        return  # nothing, or nothing of this container's, is left
    last = line
    while last < end_line and (state.isEmpty(last) or state.sCount[last] >= state.blkIndent):
        last += 1
    text = "\n".join(
        state.src[state.bMarks[n] + state.tShift[n] : state.eMarks[n]] for n in range(line, last)
    ).strip()
    report(
        state.env,
        line + 1,
        f"blocks are nested more than {state.md.options.maxNesting} deep here: the rest is shown "
        "as plain text; close some of the blocks above (or nest fewer)",
    )
    state.push("paragraph_open", "p", 1).map = [line, last]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = text, [line, last], []
    state.push("paragraph_close", "p", -1)
    state.line = last


def nesting_limit_plugin(md: MarkdownIt) -> None:
    tokenize = md.block.tokenize

    def tokenize_within_limit(state: StateBlock, start_line: int, end_line: int) -> None:
        if state.level >= state.md.options.maxNesting:
            _flatten(state, start_line, end_line)
        else:
            tokenize(state, start_line, end_line)

    md.block.tokenize = tokenize_within_limit
