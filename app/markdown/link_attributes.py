"""kramdown's attribute lists on links: `[text](url){:rel="next"}`, `{: hreflang="en" .note}`.

Govspeak is kramdown, where `{: …}` right after a link sets the link's attributes. The portal
takes the ones that mean something on a link and cannot run code: `rel`, `hreflang`, `lang`,
`title` and classes (`.name`). Any other attribute (`onclick`, `style`, `href`) is reported and
left out, and the list itself is never shown as text. A `rel` written here replaces the
`external` the portal would give a link to another site, as in Govspeak.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

from app.markdown.helpers import children_with_lines, report

LIST = re.compile(r"\{:[ \t]*((?:[^{}\n\"']|\"[^\"\n]*\"|'[^'\n]*')*)\}")
ITEM = re.compile(r"""\.([A-Za-z][\w-]*)|([A-Za-z][\w-]*)=(?:"([^"]*)"|'([^']*)')|(\S+)""")
ALLOWED = {"rel", "hreflang", "lang", "title"}


def _link_open(state: StateInline):
    """The link_open of a link that ends exactly where this rule is called, or None."""
    if state.pending or not state.tokens or state.tokens[-1].type != "link_close":
        return None
    depth = 0
    for token in reversed(state.tokens):
        if token.type == "link_close":
            depth += 1
        elif token.type == "link_open":
            depth -= 1
            if depth == 0:
                return token
    return None


def link_attributes(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "{" or not state.src.startswith("{:", state.pos):
        return False
    link = _link_open(state)
    if link is None:
        return False
    match = LIST.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        rejected = apply_attributes(link, match.group(1))
        if rejected:  # reported by report_rejected, which knows the line
            link.meta.setdefault("rejected_attributes", []).extend(rejected)
            state.env["rejected_link_attributes"] = True
    state.pos = match.end()
    return True


def apply_attributes(link, attributes: str) -> list[str]:
    """Set the allowed attributes of a list (the inside of `{: …}`) on a link_open token (if
    one is given), classes added to any it has; the items not allowed, as written."""
    classes, rejected = [], []
    for item in ITEM.finditer(attributes):
        name_class, name, double, single, other = item.groups()
        if name_class:
            classes.append(name_class)
        elif name and name.lower() in ALLOWED:
            if link is not None:
                link.attrSet(name.lower(), double if double is not None else single)
        else:
            rejected.append(item.group(0))
    if classes and link is not None:
        link.attrJoin("class", " ".join(classes))
    return rejected


def rejected_message(shown: str) -> str:
    return (
        f"the link attribute {shown} is not allowed: only rel, hreflang, lang, title "
        'and .class can be set on a link ({: rel="next" .class})'
    )


def report_rejected(state: StateCore) -> None:
    if not state.env.get("rejected_link_attributes"):  # set by _apply: rarely
        return
    for line, child in children_with_lines(state.tokens):
        for shown in child.meta.get("rejected_attributes", ()) if child.meta else ():
            report(state.env, line, rejected_message(shown))


def link_attributes_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "link_attributes", link_attributes)
    md.core.ruler.push("report_rejected_link_attributes", report_rejected)
