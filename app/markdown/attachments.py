"""Attachments: `[Attachment: form.pdf]` (a block) and `[AttachmentLink: form.pdf]` (inline).

Both look the file up in the page's `attachments:` front matter and show its type, size and
page count, so users know what they are about to download.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

from app.markdown.helpers import (
    block_start_ok,
    children_with_lines,
    context,
    line_start,
    report,
    title_tag,
)
from app.markdown.types import AttachmentRef
from app.suggestions import did_you_mean

BLOCK = re.compile(r"\[Attachment:[ \t]*([^\]\n]+?)[ \t]*\][ \t]*$")
INLINE = re.compile(r"\[AttachmentLink:[ \t]*([^\]\n]+?)[ \t]*\]")


def human_size(size: int) -> str:
    """File sizes as GOV.UK shows them: "512 bytes", "240 KB", "1.5 MB"."""
    if size < 1024:
        return "1 byte" if size == 1 else f"{size} bytes"
    value, unit = size / 1024, "KB"
    for bigger in ("MB", "GB"):
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    if unit == "KB":
        return f"{round(value)} KB"
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def metadata(ref: AttachmentRef) -> list[str]:
    parts = [ref.file_type, human_size(ref.size_bytes)]
    if ref.pages:
        parts.append("1 page" if ref.pages == 1 else f"{ref.pages} pages")
    return parts


def _problem(name: str, env: dict) -> str:
    return (
        f"attachment {name} is not in this page's `attachments:` front matter: "
        "add it there with a title" + did_you_mean(name, context(env).attachments)
    )


def attachment_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if not block_start_ok(state, start_line):
        return False
    pos = line_start(state, start_line)
    if not state.src.startswith("[Attachment:", pos):
        return False
    match = BLOCK.match(state.src, pos, state.eMarks[start_line])
    if not match:
        return False
    if silent:
        return True
    ref = context(state.env).attachments.get(match.group(1))
    if ref is None:
        report(state.env, start_line + 1, _problem(match.group(1), state.env))
    token = state.push("attachment", "section", 0)
    token.meta = {"ref": ref}
    token.map = [start_line, start_line + 1]
    state.line = start_line + 1
    return True


def attachment_link(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[AttachmentLink:", state.pos):
        return False
    match = INLINE.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        state.push("attachment_link", "span", 0).meta = {"name": match.group(1)}
    state.pos = match.end()
    return True


def resolve_attachment_links(state: StateCore) -> None:
    """Look inline attachments up here, where each one's line is known."""
    attachments = context(state.env).attachments
    for line, child in children_with_lines(state.tokens):
        if child.type == "attachment_link":
            child.meta["ref"] = attachments.get(child.meta["name"])
            if child.meta["ref"] is None:
                report(state.env, line, _problem(child.meta["name"], state.env))


def render_attachment(self, tokens, idx, options, env) -> str:
    ref = tokens[idx].meta["ref"]
    if ref is None:
        return ""
    attributes = ", ".join(
        f'<span class="gem-c-attachment__attribute">{escapeHtml(part)}</span>'
        for part in metadata(ref)
    )
    tag = title_tag(tokens, idx)
    return (
        '<section class="gem-c-attachment">\n<div class="gem-c-attachment__details">\n'
        f'<{tag} class="gem-c-attachment__title">'
        f'<a class="govuk-link gem-c-attachment__link" href="{escapeHtml(ref.url)}">'
        f"{escapeHtml(ref.title)}</a></{tag}>\n"
        f'<p class="gem-c-attachment__metadata">{attributes}</p>\n</div>\n</section>\n'
    )


def render_attachment_link(self, tokens, idx, options, env) -> str:
    ref = tokens[idx].meta.get("ref")
    if ref is None:
        return ""
    return (
        f'<span class="gem-c-attachment-link"><a class="govuk-link" href="{escapeHtml(ref.url)}">'
        f"{escapeHtml(ref.title)}</a> ({escapeHtml(', '.join(metadata(ref)))})</span>"
    )


def attachments_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "reference",
        "attachment",
        attachment_block,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.inline.ruler.before("link", "attachment_link", attachment_link)
    md.core.ruler.push("resolve_attachment_links", resolve_attachment_links)
    md.add_render_rule("attachment", render_attachment)
    md.add_render_rule("attachment_link", render_attachment_link)
