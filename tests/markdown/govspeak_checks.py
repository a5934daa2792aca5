"""How a ported Govspeak case is run: its options as the portal's front matter, and its checks.

A case (govspeak_suite/cases.json) gives Govspeak's input and one of:

- ``expected``: the whole HTML Govspeak renders, compared as trees (html_normaliser);
- ``same_as``: another input that Govspeak rewrites this one into before rendering (its quote
  remover's tests), so the two must render the same; when it is the input itself (a test that
  the remover leaves a text alone), what is checked is that every quote mark written is shown;
- ``checks``: what a Ruby test asserts about the HTML without giving all of it (a selector that
  must match, a pattern, the text, whether the input is valid, the headings), for the tests
  written that way; a Ruby test asserting the same of many inputs gives them as ``inputs``.
  The Ruby test itself is kept in the case's ``govspeak``; where a check had to be put in the
  portal's terms (a class GOV.UK's components add, an attribute for its analytics), the case's
  ``note`` says what and why.

The options a Ruby test passes (``images:``, ``attachments:``, ``contacts:``,
``document_domains:``) are written in the case's ``context`` as the portal's front matter would
give them: an image or attachment is named by its file, as in a page's ``images:`` and
``attachments:``, and Govspeak's content ids stand in for those names.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from html_normaliser import normalise

from app.markdown import (
    AttachmentRef,
    ContactRef,
    ImageRef,
    MarkdownContext,
    Rendered,
    render_markdown,
)


def _images(context: dict) -> dict[str, ImageRef]:
    return {
        image["name"]: ImageRef(
            image["url"], image["alt"], image.get("caption"), image.get("credit")
        )
        for image in context.get("images", [])
    }


def _attachments(context: dict) -> dict[str, AttachmentRef]:
    return {
        item["name"]: AttachmentRef(
            item["url"],
            item["title"],
            item.get("file_type", ""),
            item.get("size_bytes"),
            item.get("pages"),
        )
        for item in context.get("attachments", [])
    }


def _contacts(context: dict) -> dict[str, ContactRef]:
    return {
        item["name"]: ContactRef(
            title=item["title"],
            address=tuple(item.get("address", ())),
            phones=tuple((label, number) for label, number in item.get("phones", ())),
            email=item.get("email"),
        )
        for item in context.get("contacts", [])
    }


def context_for(case: dict) -> MarkdownContext:
    """The case's Govspeak options as the portal's front matter."""
    context = case.get("context", {})
    # Govspeak counts www.gov.uk as its own site (document_domains), the portal its site_host.
    return MarkdownContext(
        site_host=context.get("site_host", "www.gov.uk"),
        images=_images(context),
        attachments=_attachments(context),
        contacts=_contacts(context),
    )


def _select(html: str, selector: str) -> list:
    return BeautifulSoup(html, "html.parser").select(selector)


def _quote_marks(text: str) -> str:
    return "".join(re.findall('["\u201c\u201d\u201e\u201f\u2033\u2036]', text))


def _dom_text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text()


CHECKS = {
    "selector": lambda out, value: bool(_select(out.html, value)),
    "no_selector": lambda out, value: not _select(out.html, value),
    "html": lambda out, value: normalise(out.html) == normalise(value),
    "matches": lambda out, value: re.search(value, out.html) is not None,
    "not_matches": lambda out, value: re.search(value, out.html) is None,
    "dom_text": lambda out, value: re.search(value, _dom_text(out.html)) is not None,
    "text": lambda out, value: " ".join(out.text.split()) == value,
    "problems": lambda out, value: bool(out.problems) == value,
    "headings": lambda out, value: [[h.text, h.level, h.id] for h in out.headings] == value,
}


def check_passes(out: Rendered, check: dict) -> bool:
    ((kind, value),) = check.items()
    return CHECKS[kind](out, value)


def passes(case: dict) -> bool:
    """Whether the portal renders the case's input (each of its ``inputs``, for a Ruby test that
    asserts the same of many) as Govspeak does."""
    context = context_for(case)
    if "inputs" in case:
        one = {key: value for key, value in case.items() if key != "inputs"}
        return all(passes({**one, "input": source}) for source in case["inputs"])
    out = render_markdown(case["input"], context)
    if "same_as" in case and case["same_as"] == case["input"]:
        return _quote_marks(_dom_text(out.html)) == _quote_marks(case["input"])
    if "same_as" in case:
        return normalise(out.html) == normalise(render_markdown(case["same_as"], context).html)
    if "checks" in case:
        return all(check_passes(out, check) for check in case["checks"])
    return normalise(out.html) == normalise(case["expected"])
