"""Contact cards: `[Contact: id]` shows a contact from `content/contacts/<id>.yaml`.

The address, phone and email paragraphs carry the class names Govspeak's contact card gives
them (hCard's `adr`, `tel`, `email`), so a card's parts can be found the same way on both.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock

from app.markdown.helpers import block_start_ok, context, line_start, report, title_tag
from app.markdown.types import ContactRef
from app.suggestions import did_you_mean

CONTACT = re.compile(r"\[Contact:[ \t]*([^\]\n]+?)[ \t]*\][ \t]*$")


def contact_card(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if not block_start_ok(state, start_line):
        return False
    pos = line_start(state, start_line)
    if not state.src.startswith("[Contact:", pos):
        return False
    match = CONTACT.match(state.src, pos, state.eMarks[start_line])
    if not match:
        return False
    if silent:
        return True
    contact_id = match.group(1)
    ref = context(state.env).contacts.get(contact_id)
    if ref is None:
        report(
            state.env,
            start_line + 1,
            f"contact {contact_id} does not exist: check the id against content/contacts/"
            + did_you_mean(contact_id, context(state.env).contacts),
        )
    token = state.push("contact_card", "div", 0)
    token.meta = {"ref": ref}
    token.map = [start_line, start_line + 1]
    state.line = start_line + 1
    return True


def _lines(lines) -> str:
    return "<br>\n".join(escapeHtml(line) for line in lines)


def render_contact(ref: ContactRef, tag: str) -> str:
    title = f'<{tag} class="govuk-heading-s">{escapeHtml(ref.title)}</{tag}>'
    parts = [f'<div class="contact">\n{title}']
    if ref.address:
        parts.append(f'<p class="govuk-body adr">{_lines(ref.address)}</p>')
    if ref.phones:
        phones = _lines(f"{label}: {number}" for label, number in ref.phones)
        parts.append(f'<p class="govuk-body tel">{phones}</p>')
    if ref.hours:
        parts.append(f'<p class="govuk-body">{_lines(ref.hours)}</p>')
    if ref.email:
        email = escapeHtml(ref.email)
        link = f'<a class="govuk-link" href="mailto:{email}">{email}</a>'
        parts.append(f'<p class="govuk-body email">{link}</p>')
    return "\n".join(parts) + "\n</div>\n"


def render_contact_card(self, tokens, idx, options, env) -> str:
    ref = tokens[idx].meta["ref"]
    return "" if ref is None else render_contact(ref, title_tag(tokens, idx))


def contact_cards_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "reference",
        "contact_card",
        contact_card,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.add_render_rule("contact_card", render_contact_card)
