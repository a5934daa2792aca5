"""Compare the portal's HTML with Govspeak's as trees, after taking out what differs on purpose.

``normalise(html)`` parses HTML into a tree of ``(tag, attributes, children)`` tuples and text
strings, the same for both sides, so two renderings are equal when they mean the same markup.
What it takes out or makes equal, each a deliberate difference of the portal's
(docs/markdown.md, "Where the portal differs from GOV.UK's Govspeak"):

- whitespace: runs of spaces and line breaks in text are one space, and text that is only
  whitespace between elements is dropped (kramdown indents its HTML, markdown-it does not);
- GOV.UK Frontend's classes (``govuk-…``) and the portal's own (``app-…``), and
  ``data-module``: the portal styles plain Markdown with GOV.UK Frontend; a table column's
  alignment is GOV.UK Frontend's class for it (the numeric class for a right-aligned column,
  ``govuk-!-text-align-centre``, ``govuk-!-text-align-left``), compared as Govspeak's
  ``cell-text-right``, ``cell-text-center`` and ``cell-text-left``;
- heading ids: the portal makes its own (``#fees``, ``#fees-1``), and so does Govspeak, in
  slightly different ways (which characters it keeps);
- the table scroll wrapper (``div.app-table-wrapper``), which the portal puts round every table;
- footnote wording: the portal's reference reads "[footnote 1]" like Govspeak's, but its back
  link reads "Back to content" with a hidden "(footnote 1)" rather than "↩" with an
  ``aria-label``; so the back link is compared by its target only, and the classes and ``rel``
  kramdown puts on footnote links are dropped;
- typography: kramdown turns quotes, ``...`` and dashes into typographic ones (’ “ … – —); the
  portal leaves the writer's characters alone, so both sides are compared with plain ones;
- the start button's arrow: GOV.UK draws it with its own path, the portal with one drawn for
  it, so an ``svg`` is compared by its class alone;
- analytics attributes (``data-ga4-…``): the portal has no analytics;
- attribute order, void elements (``<br>`` or ``<br />``) and line breaks beside a ``<br>``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

Node = tuple[str, tuple[tuple[str, str], ...], tuple] | str

VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area"}
TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "–": "--"})
SPACES = re.compile(r"\s+")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
DROPPED_CLASSES = ("govuk-", "app-")
# A table column's alignment: the portal's GOV.UK Frontend class for each of Govspeak's.
ALIGNMENT_CLASSES = {
    "govuk-table__header--numeric": "cell-text-right",
    "govuk-table__cell--numeric": "cell-text-right",
    "govuk-!-text-align-left": "cell-text-left",
    "govuk-!-text-align-centre": "cell-text-center",
}
FOOTNOTE_LINK_CLASSES = {"footnote", "reversefootnote"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: list = []
        self.stack: list[tuple[str, dict, list]] = [("", {}, self.root)]

    def handle_starttag(self, tag, attrs) -> None:
        node = (tag, {name: value or "" for name, value in attrs}, [])
        self.stack[-1][2].append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs) -> None:
        self.stack[-1][2].append((tag, {name: value or "" for name, value in attrs}, []))

    def handle_endtag(self, tag) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data) -> None:
        self.stack[-1][2].append(data)


def _attributes(tag: str, attrs: dict) -> tuple[tuple[str, str], ...]:
    attrs = dict(attrs)
    attrs.pop("data-module", None)
    for name in [name for name in attrs if name.startswith("data-ga4")]:
        del attrs[name]
    if tag in HEADINGS:
        attrs.pop("id", None)
    classes = [
        ALIGNMENT_CLASSES.get(name, name)
        for name in attrs.pop("class", "").split()
        if name in ALIGNMENT_CLASSES
        or not name.startswith(DROPPED_CLASSES)
        and name not in FOOTNOTE_LINK_CLASSES
    ]
    if classes:
        attrs["class"] = " ".join(sorted(classes))
    if attrs.get("rel") == "footnote":
        del attrs["rel"]
    if attrs.get("role") == "doc-endnotes":
        del attrs["role"]
    return tuple(sorted(attrs.items()))


def _is_wrapper(tag: str, attrs: dict) -> bool:
    return tag == "div" and "app-table-wrapper" in attrs.get("class", "").split()


def _element(tag: str, attrs: dict, kids: list) -> list:
    """One element, normalised (a list: the table wrapper gives its children instead)."""
    if _is_wrapper(tag, attrs):
        return _children(kids)
    if tag == "svg":
        return [(tag, _attributes(tag, {"class": attrs.get("class", "")}), ())]
    if attrs.get("role") == "doc-backlink":
        return [(tag, (("href", attrs.get("href", "")), ("role", "doc-backlink")), ())]
    return [(tag, _attributes(tag, attrs), tuple(_children(kids)))]


def _is_br(node) -> bool:
    return not isinstance(node, str) and node[0] == "br"


def _trim(nodes: list) -> list:
    """Whitespace between elements, at the edges of an element and beside a <br> is layout."""
    trimmed = [n for n in nodes if not (isinstance(n, str) and not n.strip())]
    for i, node in enumerate(trimmed):
        if not isinstance(node, str):
            continue
        if i == 0 or _is_br(trimmed[i - 1]):
            node = node.lstrip()
        if i == len(trimmed) - 1 or _is_br(trimmed[i + 1]):
            node = node.rstrip()
        trimmed[i] = node
    return [n for n in trimmed if n != ""]


def _children(nodes: list) -> list:
    out: list = []
    for node in nodes:
        if not isinstance(node, str):
            out.extend(_element(*node))
            continue
        text = SPACES.sub(" ", node.translate(TYPOGRAPHY))
        if out and isinstance(out[-1], str):
            out[-1] = SPACES.sub(" ", out[-1] + text)
        else:
            out.append(text)
    return _trim(out)


def normalise(html: str) -> tuple:
    """The HTML as a tree of (tag, sorted attributes, children) and text, differences removed."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return tuple(_children(builder.root))
