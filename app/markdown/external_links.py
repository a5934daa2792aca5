"""Links: external links get `rel="external"`; internal links are collected and checked.

`x[text](url)x` marks a link as external explicitly. Any absolute http(s) link to a host
other than the portal's own is external too. Links starting with `/` are internal: they are
returned to the caller with their line, and checked with ``context.link_exists`` (which
also decides about `/forms/…`, `/search` and the other generated paths).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.link import link

from app.markdown.helpers import children_with_lines, context, report


def explicit_external_link(state: StateInline, silent: bool) -> bool:
    """`x[text](url)x`: an ordinary link between two x's.

    markdown-it's text rule has already taken the leading "x" into the pending text by the
    time a "[" is reached, so this rule runs at the "[" and takes the "x" back.
    """
    src, start = state.src, state.pos
    if src[start] != "[" or start == 0 or src[start - 1] != "x":
        return False
    if not state.pending.endswith("x") or (start > 1 and src[start - 2].isalnum()):
        return False  # "box[1](…)" is not the x-marker
    if not link(state, True) or state.src[state.pos : state.pos + 1] != "x":
        state.pos = start
        return False
    end = state.pos + 1
    if not silent:
        state.pending = state.pending[:-1]
        first_new = len(state.tokens)
        state.pos = start
        link(state, False)
        for token in state.tokens[first_new:]:
            if token.type == "link_open":
                token.meta["external"] = True
                break
    state.pos = end
    return True


def is_external(href: str, site_host: str) -> bool:
    """A link naming a host other than the portal's (`mailto:a@b.example` names none, as in
    Govspeak; `mailto://a@b.example` does)."""
    if "//" not in href:
        return False
    try:
        host = (urlsplit(href).hostname or "").lower()
    except ValueError:  # an unreadable address (`http://[::1`) is not ours either
        return True
    return bool(host) and host != site_host.lower()


def classify_links(state: StateCore) -> None:
    ctx = context(state.env)
    for line, child in children_with_lines(state.tokens):
        if child.type not in ("link_open", "button_open"):
            continue
        href = str(child.attrGet("href") or "")
        # A button is a call to action, not a link out of the text: Govspeak never marks it.
        external = child.meta.get("external") or is_external(href, ctx.site_host)
        if external and child.type == "link_open" and child.attrGet("rel") is None:
            child.attrSet("rel", "external")
        if href.startswith("/") and not href.startswith("//"):
            state.env["links"].append((line, href))
            _check(state.env, line, href)


def _check(env: dict, line: int, href: str) -> None:
    link_exists = context(env).link_exists
    if link_exists is None:
        return
    path = urlsplit(href).path or "/"
    if not link_exists(path):
        closest_page = context(env).closest_page
        likely = closest_page(path) if closest_page else None
        fix = f"did you mean {likely}?" if likely else "check the path or remove the link"
        report(env, line, f"link to {path}, which is not a page: {fix}")


def external_links_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "explicit_external_link", explicit_external_link)
    md.core.ruler.push("classify_links", classify_links)
