"""Wrap every table in a focusable, labelled region so a wide table can scroll on a phone.

A table wider than the screen scrolls inside its wrapper rather than pushing the page sideways
(WCAG 1.4.10 reflow); keyboard users can focus the region to scroll it (tabindex), and screen
readers announce it by its label, made from the table's column headings so each is distinct.
Runs after govuk_classes, whose table_open rule it wraps.
"""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

from app.markdown.helpers import label


def _label(tokens, idx: int, number: int, env: dict) -> str:
    headings = []
    for token in tokens[idx + 1 :]:
        if token.type in ("tbody_open", "table_close"):
            break
        if token.type == "inline":
            text = "".join(
                child.content
                for child in token.children or ()
                if child.type in ("text", "code_inline")
            ).strip()
            if text:
                headings.append(text.removeprefix("# ").strip())
    if not headings:
        return label(env, "Table %(number)s", number=number)
    shown = ", ".join(headings[:3])
    if len(headings) > 3:
        return label(env, "Table %(number)s: %(headings)s and more", number=number, headings=shown)
    return label(env, "Table %(number)s: %(headings)s", number=number, headings=shown)


def table_wrapper_plugin(md: MarkdownIt) -> None:
    # Rules already registered are bound to the renderer: call them without `self`.
    inner_open = md.renderer.rules.get("table_open")
    inner_close = md.renderer.rules.get("table_close")

    def table_open(self, tokens, idx, options, env) -> str:
        env["tables"] = env.get("tables", 0) + 1
        label = escape(_label(tokens, idx, env["tables"], env), quote=True)
        table = (
            inner_open(tokens, idx, options, env)
            if inner_open
            else self.renderToken(tokens, idx, options, env)
        )
        wrapper = f'<div class="app-table-wrapper" role="region" aria-label="{label}" tabindex="0">'
        return f"{wrapper}\n{table}"

    def table_close(self, tokens, idx, options, env) -> str:
        table = (
            inner_close(tokens, idx, options, env)
            if inner_close
            else self.renderToken(tokens, idx, options, env)
        )
        return f"{table}</div>\n"

    md.add_render_rule("table_open", table_open)
    md.add_render_rule("table_close", table_close)
