"""Links that open in a new tab, for Markdown shown inside an agency's iframe (an embedded form's
"what happens next"): a link followed inside the frame would load a portal page there, which the
portal refuses to be framed ("refused to connect"), so every link that leaves the page gets
`target="_blank"` and `rel="noopener noreferrer"`, and, as GOV.UK asks of links that open a new
tab, says so to screen readers (a visually hidden "(opens in new tab)" inside the link).

Only when the context asks (`MarkdownContext.links_open_in_new_tab`); links within the page
(`#…`) and `mailto:`/`tel:` links, which open no page, are left as they are.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from app.markdown.helpers import context, inline_tokens, label

STAYS = ("#", "mailto:", "tel:")


def render_announcement(self, tokens, idx, options, env) -> str:
    announcement = label(env, "(opens in new tab)")
    return f'<span class="govuk-visually-hidden"> {announcement}</span>'


OPENS = {"link_open": "link_close", "button_open": "button_close"}
ANNOUNCED = "new_tab_announcement"  # a token of its own: raw html_inline is escaped (raw_html.py)


def _leaves_page(token: Token) -> bool:
    href = str(token.attrGet("href") or "")
    return token.type in OPENS and not href.lower().startswith(STAYS)


def _announced(children: list[Token]) -> list[Token]:
    result: list[Token] = []
    closing: list[str | None] = []  # for each open link: the close that gets the announcement
    for child in children:
        if child.type in OPENS:
            closing.append(OPENS[child.type] if _leaves_page(child) else None)
        elif child.type in OPENS.values() and closing and closing.pop() is not None:
            result.append(Token(ANNOUNCED, "", 0))
        result.append(child)
    return result


def open_links_in_new_tab(state: StateCore) -> None:
    if not context(state.env).links_open_in_new_tab:
        return
    for token in inline_tokens(state.tokens):
        for child in token.children or ():
            if _leaves_page(child):
                child.attrSet("target", "_blank")
                rel = str(child.attrGet("rel") or "").split()
                rel += [word for word in ("noopener", "noreferrer") if word not in rel]
                child.attrSet("rel", " ".join(rel))
        token.children = _announced(token.children or [])


def new_tab_links_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("open_links_in_new_tab", open_links_in_new_tab)
    md.add_render_rule(ANNOUNCED, render_announcement)
