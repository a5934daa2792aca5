"""The page's outline, as a screen reader user moves through it: headings must not skip a level,
the page title is the only level 1 heading, and a heading has words.

The accessibility audit finds a skipped level in the built page (axe's heading-order) and names a
URL; here it is found in the source and named with its line and the heading to write instead.
The body starts under the heading given as ``context.heading_level``: the page title (1), or a
guide part's title (2), so its first heading may be one level deeper and no more.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from app.markdown.helpers import context, report


def _line(token) -> int:
    return token.map[0] + 1 if token.map else 1


def _problem(level: int, above: int, after: str, empty: bool) -> str | None:
    """What is wrong with a heading, one thing at a time (an empty one needs words first)."""
    if empty:
        return f"the heading is empty: write its words after the {'#' * level}, or remove the line"
    if level == 1:
        return (
            "a level 1 heading (`# …`) in the body: the page title (`title:`) is the page's "
            "only one; start the body's headings at `##`"
        )
    if level > above + 1:
        return (
            f"the heading skips a level (level {level} after {after}, level {above}): write it "
            f"as `{'#' * (above + 1)} …` (people who use screen readers move through a page by "
            "its heading levels)"
        )
    return None


def check_outline(state: StateCore) -> None:
    above = context(state.env).heading_level
    after = "the title" if above == 1 else "the heading it sits under"
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        level, empty = int(token.tag[1]), not tokens[index + 1].content.strip()
        problem = _problem(level, above, after, empty)
        if problem:
            report(state.env, _line(token), problem)
        if not empty:  # an empty heading is no step in the outline: the next is measured as before
            above, after = level, "the heading above it"


def heading_outline_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("check_outline", check_outline)
