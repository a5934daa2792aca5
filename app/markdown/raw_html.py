"""Raw HTML is never passed through: it is shown as text and reported as a problem.

markdown-it runs with ``html=True`` so that HTML is recognised (as ``html_block`` and
``html_inline`` tokens) rather than half-parsed as Markdown; these rules then escape it.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore

from app.markdown.helpers import children_with_lines, report

MESSAGE = "raw HTML is not allowed in content: write it in Markdown (see docs/markdown.md)"


def report_raw_html(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "html_block":
            report(state.env, token.map[0] + 1 if token.map else 1, MESSAGE)
    reported = set()
    for line, child in children_with_lines(state.tokens):
        if child.type == "html_inline" and line not in reported:
            reported.add(line)  # one problem per line, not one per tag
            report(state.env, line, MESSAGE)


def render_html_block(self, tokens, idx, options, env) -> str:
    return f'<p class="govuk-body">{escapeHtml(tokens[idx].content.rstrip())}</p>\n'


def render_html_inline(self, tokens, idx, options, env) -> str:
    return escapeHtml(tokens[idx].content)


def raw_html_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("report_raw_html", report_raw_html)
    md.add_render_rule("html_block", render_html_block)
    md.add_render_rule("html_inline", render_html_inline)
