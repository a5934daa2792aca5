"""Finding where a fenced Govspeak block ends, and parsing its inside as ordinary Markdown.

Govspeak blocks are marked by text at the start of their first line (`$CTA`, `^`, `:wales:`)
and at the end of their last (`$CTA`, `^`, `:wales:`) — and the markers may share a line
with the content (`^Some information^`). Rather than copy the content into a new string
(which would lose line numbers), the block's first and last lines are temporarily narrowed
to exclude the markers and markdown-it's own block tokenizer runs over the lines between.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.rules_block import StateBlock

from app.markdown.helpers import (
    block_start_ok,
    line_start,
    line_text,
    paragraph_of_rest,
    report,
)


@dataclass
class Fence:
    """Where a block's content is: lines first..last inclusive, cut at first_pos/last_end."""

    first: int
    last: int
    first_pos: int
    last_end: int
    closed: bool

    @property
    def next_line(self) -> int:
        return self.last + 1


def find_fence(
    state: StateBlock,
    start_line: int,
    end_line: int,
    opener_len: int,
    closer: str,
    *,
    stop_at_opener: str | None = None,
    unclosed: str | None = None,
) -> Fence:
    """Find the content of a block opened on ``start_line`` and closed by ``closer``.

    The closer ends a line (possibly the opening line itself). If none is found, the block
    runs to the end of its container and ``closed`` is False; ``unclosed``, when given, is
    then reported as a problem on the opening line (a callout, which may legitimately be left
    open, gives none). ``stop_at_opener`` stops the search at a line opening another block of
    the same kind, so that an unclosed callout does not swallow the next one.
    """
    start = line_start(state, start_line) + opener_len
    first_pos = state.skipSpaces(start)
    rest = state.src[start : state.eMarks[start_line]].rstrip()
    if rest.endswith(closer) and len(rest.lstrip()) >= len(closer) and rest.strip() != "":
        end = start + len(rest) - len(closer)
        return Fence(start_line, start_line, first_pos, end, True)
    line = start_line + 1
    while line < end_line:
        if state.isEmpty(line):
            line += 1
            continue
        if state.sCount[line] < state.blkIndent:
            break  # the container this block is in has ended
        text = line_text(state, line).rstrip()
        if stop_at_opener and text.startswith(stop_at_opener) and text != stop_at_opener:
            break
        if text.endswith(closer):
            end = line_start(state, line) + len(text) - len(closer)
            return Fence(start_line, line, first_pos, end, True)
        line += 1
    last = line - 1
    while last > start_line and state.isEmpty(last):
        last -= 1
    if unclosed:
        report(state.env, start_line + 1, unclosed)
    return Fence(start_line, last, first_pos, state.eMarks[last], False)


def tokenize_fence(state: StateBlock, fence: Fence) -> None:
    """Parse the fenced content as Markdown, at the current block indent."""
    first, last = fence.first, fence.last
    saved = (
        state.bMarks[first],
        state.tShift[first],
        state.sCount[first],
        state.eMarks[last],
        state.lineMax,
        state.parentType,
    )
    state.bMarks[first] = fence.first_pos
    state.tShift[first] = 0
    state.sCount[first] = state.blkIndent
    state.eMarks[last] = max(fence.last_end, state.bMarks[last])
    # Stop lazy paragraph continuation from running past the closing marker.
    state.lineMax = last + 1
    state.parentType = "govspeak"
    try:
        state.md.block.tokenize(state, first, last + 1)
    finally:
        (
            state.bMarks[first],
            state.tShift[first],
            state.sCount[first],
            state.eMarks[last],
            state.lineMax,
            state.parentType,
        ) = saved
    state.line = fence.next_line


def _one_line_fence(
    state: StateBlock, line: int, opening: str, closing: str
) -> tuple[Fence | None, str]:
    """A block opened and closed on one line with text after it (`{::highlight-answer}Yes
    {:/highlight-answer} - more`): its fence, and the text after, which Govspeak makes a
    paragraph of its own. (None, "") for any other block."""
    start = line_start(state, line) + len(opening)
    end = state.src.find(closing, start, state.eMarks[line])
    tail = state.src[end + len(closing) : state.eMarks[line]].strip() if end >= 0 else ""
    if not tail or not state.src[start:end].strip():
        return None, ""
    return Fence(line, line, state.skipSpaces(start), end, True), tail


def fenced_div_plugin(name: str, opening: str, closing: str, css_class: str):
    """A plugin for a block between fixed markers (`{stat-headline}` … `{/stat-headline}`)
    rendered as a `<div class="css_class">` around its content parsed as Markdown; its tokens
    are `<name>_open` and `<name>_close`."""

    def rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        pos = line_start(state, start_line)
        if not state.src.startswith(opening, pos) or not block_start_ok(state, start_line):
            return False
        if silent:
            return True
        fence, tail = _one_line_fence(state, start_line, opening, closing)
        if fence is None:
            fence = find_fence(
                state,
                start_line,
                end_line,
                len(opening),
                closing,
                unclosed=f"{opening} is not closed: add {closing} where it ends",
            )
        token = state.push(f"{name}_open", "div", 1)
        token.attrs = {"class": css_class}
        token.map = [start_line, fence.next_line]
        tokenize_fence(state, fence)
        state.push(f"{name}_close", "div", -1)
        paragraph_of_rest(state, start_line, tail)
        return True

    def plugin(md) -> None:
        md.block.ruler.before(
            "fence", name, rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
        )

    return plugin
