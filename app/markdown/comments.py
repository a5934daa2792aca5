"""HTML comments are notes for editors: they are read, never published.

Raw HTML is refused (raw_html.py), but a comment is how Markdown writers leave a note in a file,
and the style lint reads its silences from them (`<!-- style: ignore words-to-avoid -->`, see
docs/style-lint.md). GOV.UK's Govspeak drops comments too. Only a block or inline run that is one
whole comment is taken; `<!-- a --> <b>` is still HTML, and raw_html reports it.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

WHOLE_COMMENT = re.compile(r"<!--(?!-?>)(.*?)-->", re.DOTALL)


def is_comment(html: str) -> bool:
    match = WHOLE_COMMENT.fullmatch(html.strip())
    return match is not None and "-->" not in match.group(1)


def mark_comments(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "html_block" and is_comment(token.content):
            token.type = "comment_block"
        for child in token.children or ():
            if child.type == "html_inline" and is_comment(child.content):
                child.type = "comment_inline"


def render_nothing(self, tokens, idx, options, env) -> str:
    return ""


def comments_plugin(md: MarkdownIt) -> None:
    # before raw_html's rule, which reports every html_block and html_inline it still finds
    md.core.ruler.push("mark_comments", mark_comments)
    md.add_render_rule("comment_block", render_nothing)
    md.add_render_rule("comment_inline", render_nothing)
