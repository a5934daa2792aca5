"""style/click-here: link text that says nothing out of context, from `link_text_to_avoid` in
content/style.yaml, and "click" anywhere: people tap, use a keyboard or a screen reader, and a
screen reader's list of links reads the link text alone.

The common ones ("click here", "read more", "here") are errors of the Markdown check already
(app/markdown/link_checks.py), which every build runs; this rule adds the site's own phrases."""

from __future__ import annotations

import re

from app.markdown.link_checks import is_vague

from .base import Finding, Rule

CLICK = re.compile(r"\bclick(?:ing)?\s+(?:here|on|the)\b", re.IGNORECASE)


def _bare(text: str) -> str:
    return re.sub(r"[^\w\s]", "", text).strip().lower()


def check(prose, settings):
    avoid = {_bare(text) for text in settings.link_text_to_avoid}
    reported = set()
    for link in prose.links:
        if is_vague(link.text):
            reported.add(link.line)  # an error of the Markdown check, with its fix
        elif _bare(link.text) in avoid:
            reported.add(link.line)
            yield Finding(
                link.line,
                f'the link text "{link.text.strip()}" does not say where it goes: make the '
                "words that describe the page the link, as in "
                '"[apply for a passport](/apply-for-a-passport)"',
            )
    if "click" not in prose.text.lower():  # most pages: not worth a search (issue 12)
        return
    for block, match, at in prose.finditer(CLICK):
        line = block.line_at(at)
        if line in reported:  # the link text said it already
            continue
        yield Finding(
            line,
            f'"{match.group()}": not everyone clicks; write what the link does, as in '
            '"[renew your passport](/renew-your-passport)", or "select"',
        )


RULE = Rule("click-here", check)
