"""The pseudo-locale: every message of app/translations/messages.pot wrapped in ⟦…⟧, generated
from the template (never hand-written), and a reader of pages that finds any visible text left
outside the markers that is not content.

`pseudo_catalogue()` compiles the wrapped catalogue in memory; installed as English's with
app.i18n.catalogues.use_catalogue("en", …), every page renders its interface text as ⟦Back⟧,
⟦Search %(site)s⟧ (the variables, which are content, inside), so text outside markers is either
content or English that never went through the catalogue.

What counts as content is what the content folder says: every word of its Markdown and YAML
(titles, bodies, site.yaml, form definitions), and the answers a test typed. A leftover is
content when its words, in order, are a run of the content's words; dates (Babel's, not the
catalogue's), numbers and codes with digits (references, deletion codes) are not words.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.dates import get_month_names
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from bs4 import BeautifulSoup, Comment, Doctype

from app.i18n.catalogues import TRANSLATIONS_DIR
from app.store.repository import REFERENCE_LENGTH

OPEN, CLOSE = "⟦", "⟧"
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")  # innermost first: messages nest
SEPARATOR = "\x00"
IN_BODY = "\x01"  # before a text node of a Markdown body (.govspeak): content's own words
# how templates join content: "Title - Site", "Name (AB)", "Part: Guide", "Org, Org"
PIECES = re.compile(r" - | \(|\)|: |, ")
INVISIBLE = {"script", "style", "template", "noscript"}
ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
# dates are Babel's in the page's language: English's and Welsh's month names
MONTHS = "|".join(name for code in ("en", "cy") for name in get_month_names(locale=code).values())
YAML_KEY = re.compile(r"^[\s-]*[\w-]+:\s*")
# a Markdown link's address, which is not in the text a reader sees: "such as [registering to
# vote](/register-to-vote) or" reads "such as registering to vote or" (a search snippet)
LINK_ADDRESS = re.compile(r"\]\([^)\s]*\)")
CODE = re.compile(rf"^[A-Z]{{{REFERENCE_LENGTH},}}$")
DATE = re.compile(rf"\b\d{{1,2}}\s+(?:{MONTHS})\s+\d{{4}}\b")


def template_messages() -> list:
    with (TRANSLATIONS_DIR / "messages.pot").open("rb") as file:
        return [message for message in read_po(file) if message.id]


def pseudo_catalogue() -> Translations:
    catalog = Catalog(locale="en")
    for message in template_messages():
        if isinstance(message.id, tuple):
            catalog.add(message.id, tuple(f"{OPEN}{form}{CLOSE}" for form in message.id))
        else:
            catalog.add(message.id, f"{OPEN}{message.id}{CLOSE}")
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def words(text: str) -> list[str]:
    """The text's words, lower-cased, without punctuation, numbers or codes (with digits, or
    in capitals as long as a reference: HDJ4KM2P, and AJBYFBBY, which has none), nor single
    letters (the A to Z's)."""
    text = DATE.sub(" ", text)
    return [
        w.lower()
        for w in re.split(r"[^\w]+", text)
        if len(w) > 1 and not any(c.isdigit() for c in w) and not CODE.match(w)
    ]


class Content:
    """The words the content says, to tell content from interface text."""

    def __init__(self, folder: Path, typed: list[str] = ()):
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if _text(p)]
        read = [LINK_ADDRESS.sub("] ", text) for text in texts if "](" in text]
        self.words = " " + " ".join(words(" ".join([*texts, *read, *typed]))) + " "
        # Whole values: lines, table cells and YAML values, for text outside a Markdown body
        # that is also an interface message ("Vehicle tax", a topic and a search example)
        self.values = {
            " ".join(words(piece))
            for text in [*texts, *typed]
            for line in text.splitlines()
            for piece in [*line.split("|"), YAML_KEY.sub("", line)]
        }
        # An interface message left unmarked in the page's own parts is never content, unless a
        # content value says just that
        self.messages = {
            " ".join(words(form))
            for message in template_messages()
            for form in (message.id if isinstance(message.id, tuple) else (message.id,))
        }

    def says(self, text: str, in_body: bool = False) -> bool:
        return all(self._says(piece, in_body) for piece in PIECES.split(text))

    def _says(self, text: str, in_body: bool) -> bool:
        found = words(text)
        phrase = " ".join(found)
        if not found:
            return True
        if not in_body and phrase in self.messages:
            return phrase in self.values
        return f" {phrase} " in self.words


def _text(path: Path) -> bool:
    return path.is_file() and path.suffix in {".md", ".yaml", ".yml", ".txt", ".csv"}


def leftovers(html: str, content: Content) -> list[str]:
    """Visible text (and aria-label, placeholder, title, alt, button values) that is neither
    inside the markers nor content."""
    soup = BeautifulSoup(html, "html.parser")
    nodes = [
        (IN_BODY if node.find_parent(class_="govspeak") else "") + str(node)
        for node in soup.find_all(string=True)
        if not isinstance(node, Comment | Doctype)
        and node.parent is not None
        and node.parent.name not in INVISIBLE
        and (node.parent.name == "title" or node.find_parent("body") is not None)
    ]
    attributes = [
        element[name] for name in ATTRIBUTES for element in soup.find_all(attrs={name: True})
    ] + [
        element["value"]
        for element in soup.select("input[type=submit][value], input[type=button][value]")
    ]
    found = []
    for text in [SEPARATOR.join(nodes), *attributes]:
        while True:
            unmarked = MARKED.sub(SEPARATOR, text)
            if unmarked == text:
                break
            text = unmarked
        for chunk in text.split(SEPARATOR):
            shown = chunk.replace(IN_BODY, "").strip()
            if shown and not content.says(shown, in_body=chunk.startswith(IN_BODY)):
                found.append(shown)
    return found
