"""GOV.UK Frontend classes on plain Markdown, added by render rules.

The class is joined onto the token only while it renders and then taken off again, so
rendering the same tokens twice (a start page renders parts of its tokens separately)
never doubles a class.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

HEADINGS = {"h2": "govuk-heading-l", "h3": "govuk-heading-m"}  # h1 is the page title's
CLASSES = {
    "paragraph_open": "govuk-body",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
    "link_open": "govuk-link",
    "table_open": "govuk-table",
    "thead_open": "govuk-table__head",
    "tbody_open": "govuk-table__body",
    "tr_open": "govuk-table__row",
    "th_open": "govuk-table__header",
    "td_open": "govuk-table__cell",
    "hr": "govuk-section-break govuk-section-break--visible govuk-section-break--xl",
    "blockquote_open": "govuk-inset-text",
}
# A column's alignment (`:--`, `:-:`, `--:`) becomes a class, as Govspeak makes it one
# (`cell-text-left`…): an inline style would need a weaker Content Security Policy. A
# right-aligned column holds numbers, which GOV.UK Frontend right-aligns with its numeric
# class; the others take GOV.UK Frontend's text-align overrides.
NUMERIC = {"th_open": "govuk-table__header--numeric", "td_open": "govuk-table__cell--numeric"}
ALIGNED = {
    "text-align:left": "govuk-!-text-align-left",
    "text-align:center": "govuk-!-text-align-centre",
}


def _alignment(token_type: str, style: str | None) -> str:
    if style == "text-align:right" and token_type in NUMERIC:
        return f" {NUMERIC[token_type]}"
    return f" {ALIGNED[style]}" if style in ALIGNED else ""


def _render_with_class(self, tokens, idx, options, env, extra: str) -> str:
    token = tokens[idx]
    attrs = token.attrs
    saved = dict(attrs)
    extra += _alignment(token.type, attrs.pop("style", None))
    attrs["class"] = f"{attrs['class']} {extra}" if attrs.get("class") else extra
    try:
        return self.renderToken(tokens, idx, options, env)
    finally:
        token.attrs = saved


def _class_rule(extra: str):
    def rule(self, tokens, idx, options, env) -> str:
        if tokens[idx].meta.get("plain"):
            return self.renderToken(tokens, idx, options, env)
        return _render_with_class(self, tokens, idx, options, env, extra)

    return rule


def heading_open(self, tokens, idx, options, env) -> str:
    extra = HEADINGS.get(tokens[idx].tag, "govuk-heading-s")
    return _render_with_class(self, tokens, idx, options, env, extra)


def govuk_classes_plugin(md: MarkdownIt) -> None:
    for token_type, extra in CLASSES.items():
        md.add_render_rule(token_type, _class_rule(extra))
    md.add_render_rule("heading_open", heading_open)
