"""Attachments: `[Attachment: form.pdf]` (a block) and `[AttachmentLink: form.pdf]` (inline).

Both look the file up in the page's `attachments:` front matter and show its type, size and
page count, so users know what they are about to download. GOV.UK's oldest block form, `!@2`
(the second attachment listed, as `!!2` is the second image), works too. Its older inline form,
`[embed:attachments:inline: form.pdf]`, names the file the same way (GOV.UK named it by a
content id) and is shown as GOV.UK showed it: `span.attachment-inline`, each fact in a span of
its own (`type`, `file-size`, `page-length`).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

from app.i18n import N_, gettext_in, ngettext_in
from app.i18n.catalogues import SOURCE_LANGUAGE
from app.markdown.helpers import (
    block_start_ok,
    children_with_lines,
    context,
    label,
    line_start,
    paragraph_of_rest,
    plural_label,
    report,
    title_tag,
)
from app.markdown.types import AttachmentRef
from app.suggestions import did_you_mean

BLOCK = re.compile(r"\[Attachment:[ \t]*([^\]\n]+?)[ \t]*\]|!@([0-9]{1,4})(?![0-9])")
INLINE = re.compile(r"\[(AttachmentLink:|embed:attachments:inline:)[ \t]*([^\]\n]+?)[ \t]*\]")
LEGACY = "embed:attachments:inline:"


UNITS = (N_("%(size)s KB"), N_("%(size)s MB"), N_("%(size)s GB"))


def human_size(size: int, language: str = SOURCE_LANGUAGE) -> str:
    """File sizes as GOV.UK shows them: "512 bytes", "240 KB", "1.5 MB"."""
    if size < 1024:
        return ngettext_in(language, "%(num)s byte", "%(num)s bytes", size)
    value, unit = size / 1024, UNITS[0]
    for bigger in UNITS[1:]:
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    shown = str(round(value)) if unit == UNITS[0] else f"{value:.1f}".removesuffix(".0")
    return gettext_in(language, unit, size=shown)


def metadata(ref: AttachmentRef, env: dict) -> list[tuple[str, str]]:
    """What users are told about the file: (GOV.UK's class for the fact, the fact)."""
    parts = [("type", label(env, ref.file_type))] if ref.file_type else []
    if ref.size_bytes is not None:
        parts.append(("file-size", human_size(ref.size_bytes, context(env).language)))
    if ref.pages:
        parts.append(("page-length", plural_label(env, "%(num)s page", "%(num)s pages", ref.pages)))
    return parts


def _problem(name: str, env: dict) -> str:
    return (
        f"attachment {name} is not in this page's `attachments:` front matter: "
        "add it there with a title" + did_you_mean(name, context(env).attachments)
    )


def _find(attachments, match: re.Match) -> tuple[str, AttachmentRef | None]:
    """The attachment a block names: by its file, or `!@2` for the second one listed."""
    if match.group(1) is not None:
        return match.group(1), attachments.get(match.group(1))
    number = int(match.group(2))
    listed = list(attachments.values())
    return f"!@{number}", listed[number - 1] if 0 < number <= len(listed) else None


def attachment_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if not block_start_ok(state, start_line):
        return False
    pos = line_start(state, start_line)
    if not state.src.startswith(("[Attachment:", "!@"), pos):
        return False
    match = BLOCK.match(state.src, pos, state.eMarks[start_line])
    if not match:
        return False
    if silent:
        return True
    name, ref = _find(context(state.env).attachments, match)
    if ref is None:
        report(state.env, start_line + 1, _problem(name, state.env))
    token = state.push("attachment", "section", 0)
    token.meta = {"ref": ref}
    token.map = [start_line, start_line + 1]
    paragraph_of_rest(state, start_line, state.src[match.end() : state.eMarks[start_line]].strip())
    state.line = start_line + 1
    return True


def attachment_link(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[":
        return False
    match = INLINE.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        token = state.push("attachment_link", "span", 0)
        token.meta = {"name": match.group(2), "legacy": match.group(1) == LEGACY}
    state.pos = match.end()
    return True


def resolve_attachment_links(state: StateCore) -> None:
    """Look inline attachments up here, where each one's line is known."""
    if "[AttachmentLink:" not in state.src and f"[{LEGACY}" not in state.src:
        return  # one scan in C: most pages have none
    attachments = context(state.env).attachments
    for line, child in children_with_lines(state.tokens):
        if child.type == "attachment_link":
            child.meta["ref"] = attachments.get(child.meta["name"])
            if child.meta["ref"] is None:
                report(state.env, line, _problem(child.meta["name"], state.env))
    _hide_empty_paragraphs(state.tokens)


def _shows_nothing(child) -> bool:
    if child.type == "attachment_link":
        return child.meta["ref"] is None
    return child.type in ("text", "softbreak") and not child.content.strip()


def _hide_empty_paragraphs(tokens) -> None:
    """A paragraph that held only attachments not found (reported) shows no empty <p>, as in
    Govspeak, which renders nothing for them."""
    for i, token in enumerate(tokens):
        if (
            token.type == "inline"
            and tokens[i - 1].type == "paragraph_open"
            and token.children
            and all(_shows_nothing(child) for child in token.children)
        ):
            tokens[i - 1].hidden = tokens[i + 1].hidden = True


def render_attachment(self, tokens, idx, options, env) -> str:
    ref = tokens[idx].meta["ref"]
    if ref is None:
        return ""
    attributes = ", ".join(
        f'<span class="gem-c-attachment__attribute">{escapeHtml(part)}</span>'
        for _, part in metadata(ref, env)
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
    facts = metadata(ref, env)
    if tokens[idx].meta["legacy"]:
        wrapper = "attachment-inline"
        facts_html = ", ".join(f'<span class="{name}">{escapeHtml(f)}</span>' for name, f in facts)
    else:
        wrapper = "gem-c-attachment-link"
        facts_html = escapeHtml(", ".join(fact for _, fact in facts))
    return (
        f'<span class="{wrapper}"><a class="govuk-link" href="{escapeHtml(ref.url)}">'
        f"{escapeHtml(ref.title)}</a>{f' ({facts_html})' if facts else ''}</span>"
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
