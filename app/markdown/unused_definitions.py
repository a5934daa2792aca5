"""Link definitions (`[name]: /path "Title"`) that no link uses, or that define a name again.

A definition is not shown on the page: it only gives its address and title to the links that name
it (`[text][name]`). One that no link uses, or a second one for a name already defined (the first
wins, as in CommonMark), would take its words off the page without a word to the author: each is
reported, as a warning, with its line and its title.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from app.markdown.helpers import report


def _used(tokens) -> tuple[set[str], set[str]]:
    """The addresses and titles of every link and image of the page."""
    hrefs, titles = set(), set()
    for token in tokens:
        for child in token.children or ():
            if child.type in ("link_open", "image"):
                hrefs.add(str(child.attrGet("href") or child.attrGet("src") or ""))
                titles.add(str(child.attrGet("title") or ""))
    return hrefs, titles


def _described(definition: dict, label: str) -> str:
    title = f' "{definition["title"]}"' if definition.get("title") else ""
    return f"[{label}]: {definition['href']}{title}"


def unused_definitions(state: StateCore) -> None:
    env = state.env
    references, duplicates = env.get("references") or {}, env.get("duplicate_refs") or []
    if not references and not duplicates:
        return
    hrefs, titles = _used(state.tokens)
    for label, definition in references.items():
        if definition["href"] in hrefs or (definition.get("title") or "\0") in titles:
            continue
        report(
            env,
            definition["map"][0] + 1,
            f"the link definition {_described(definition, label.lower())} is not used by any "
            f"link: link to it with [the link's text][{label.lower()}], or remove it",
            warning=True,
        )
    for duplicate in duplicates:
        report(
            env,
            duplicate["map"][0] + 1,
            f"the link definition {_described(duplicate, duplicate['label'].lower())} defines "
            "a name already defined above, which the links use: give it a name of its own, or "
            "remove it",
            warning=True,
        )


def unused_definitions_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("unused_definitions", unused_definitions)
