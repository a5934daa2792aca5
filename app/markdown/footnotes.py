"""Footnotes, from mdit-py-plugins, restyled for GOV.UK and for screen reader users.

References read "[footnote 1]" rather than a bare "1", so their link text makes sense out
of context; each note ends with a "Back to content" link to where it was referenced.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.footnote import footnote_plugin

from app.markdown.helpers import label, report


def _number(token) -> str:
    return str(token.meta["id"] + 1)


def _ref_id(token) -> str:
    sub = token.meta.get("subId", 0)
    # kramdown's ids: fnref:3 for the first reference to note 3, fnref:3:1 for the second.
    return f"fnref:{_number(token)}" + (f":{sub}" if sub > 0 else "")


def render_ref(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    n = _number(token)
    text = label(env, "[footnote %(number)s]", number=n)
    return (
        f'<sup id="{_ref_id(token)}"><a href="#fn:{n}" class="govuk-link" role="doc-noteref">'
        f"{text}</a></sup>"
    )


def render_block_open(self, tokens, idx, options, env) -> str:
    return '<div class="footnotes">\n<ol class="govuk-list govuk-list--number">\n'


def render_block_close(self, tokens, idx, options, env) -> str:
    return "</ol>\n</div>\n"


def render_open(self, tokens, idx, options, env) -> str:
    return f'<li id="fn:{_number(tokens[idx])}">\n'


def render_close(self, tokens, idx, options, env) -> str:
    return "</li>\n"


def render_anchor(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    sub = token.meta["subId"]
    which = (
        label(
            env,
            "footnote %(number)s, reference %(reference)s",
            number=_number(token),
            reference=sub + 1,
        )
        if sub > 0
        else label(env, "footnote %(number)s", number=_number(token))
    )
    back = label(env, "Back to content")
    return (
        f' <a href="#{_ref_id(token)}" class="govuk-link" role="doc-backlink">{back}'
        f'<span class="govuk-visually-hidden"> ({which})</span></a>'
    )


def report_lost_notes(state: StateCore) -> None:
    """A note that is never shown is reported with its text, rather than lost silently: one no
    text refers to (there is nowhere to link it from), and one whose label is defined again
    further down (the last definition wins)."""
    refs = state.env.get("footnotes", {}).get("refs", {})
    if not refs:  # no note defined on the page
        return
    tokens = state.tokens
    definitions = [
        (index, token)
        for index, token in enumerate(tokens)
        if token.type == "footnote_reference_open"
    ]
    last = {token.meta["label"]: index for index, token in definitions}
    for index, token in definitions:
        label = token.meta["label"]
        text = " ".join(_note_text(tokens, index).split())
        line = token.map[0] + 1 if token.map else 1
        if refs.get(":" + label, -1) < 0:
            problem = (
                f"footnote [^{label}] ({text}) is never referred to, so it is not shown: add "
                f"[^{label}] where it belongs in the text, or remove the note"
            )
        elif last[label] != index:
            problem = (
                f"footnote [^{label}] ({text}) is defined again further down, and only the last "
                "definition is shown: give each note its own label"
            )
        else:
            continue
        report(state.env, line, problem)


def _note_text(tokens, index: int) -> str:
    parts = []
    for token in tokens[index + 1 :]:
        if token.type == "footnote_reference_close":
            break
        if token.type == "inline":
            parts.append(token.content)
    return " ".join(parts)


def footnotes_plugin(md: MarkdownIt) -> None:
    # Inline footnotes (^[note]) are off: `^` starts an information callout in Govspeak.
    md.use(footnote_plugin, inline=False)
    md.core.ruler.before("footnote_tail", "report_lost_footnotes", report_lost_notes)
    md.add_render_rule("footnote_ref", render_ref)
    md.add_render_rule("footnote_block_open", render_block_open)
    md.add_render_rule("footnote_block_close", render_block_close)
    md.add_render_rule("footnote_open", render_open)
    md.add_render_rule("footnote_close", render_close)
    md.add_render_rule("footnote_anchor", render_anchor)
