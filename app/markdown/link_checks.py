"""Links that work for everyone: link text that says where the link goes, links that resolve
wherever the page is published, and `#anchor` links to a heading the page has.

- Link text is read out on its own by screen readers' lists of links: "click here", "read more"
  or a web address says nothing there, and an empty link says less. The same words linking to two
  different places on one page are a warning: a list of links cannot tell them apart.
- A link without a `/` or a scheme (`[prepare](prepare-for-a-flood)`) is relative to the URL the
  browser is at, which differs between a guide's parts and its printable version: it is reported
  with the path it was probably meant to be.
- `[fees](#fees)` must name a heading of the same body (or an id its template gives the page);
  links to another page's section (`/page#section`) are checked between pages, once every
  page is rendered (app.content.anchors).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from posixpath import normpath
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from app.markdown.helpers import children_with_lines, context, report
from app.suggestions import closest

# Whole link texts that say nothing about where a link goes (compared in lower case, without
# punctuation at either end).
VAGUE = frozenset(
    {
        "click here",
        "click",
        "here",
        "this",
        "link",
        "this link",
        "this page",
        "page",
        "read more",
        "more",
        "more info",
        "more information",
        "find out more",
        "learn more",
        "go",
    }
)
WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# `www.example.gov`, `example.gov/path`: an address written without https://
HOST_WITHOUT_SCHEME = re.compile(r"^(?:www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/|$))", re.I)
FOOTNOTE_ID = re.compile(r"^fn(?:ref)?:")


def _links(tokens: list[Token]) -> Iterator[tuple[int, Token, str]]:
    """(line, link_open, the link's text) for every link written in the body."""
    open_link, words, line_of = None, [], 1
    for line, child in children_with_lines(tokens):
        if child.type == "link_open" and open_link is None:
            open_link, words, line_of = child, [], line
        elif child.type == "link_close" and open_link is not None:
            yield line_of, open_link, "".join(words).strip()
            open_link = None
        elif open_link is not None and child.type in ("text", "code_inline"):
            words.append(child.content)
        elif open_link is not None and child.type in ("softbreak", "hardbreak"):
            words.append(" ")
        elif open_link is not None and child.type == "image":
            words.append(child.content)


def is_vague(text: str) -> bool:
    """Whether a link's whole text says nothing of where it goes ("click here", "read more")."""
    plain = text.lower().strip(" .,:;!?…\"'")
    return plain in VAGUE or plain.startswith("click here")


def _text_problem(text: str, href: str) -> str | None:
    if not text:
        return (
            f"the link to {href} has no text: write what it links to between the brackets, "
            "such as [apply for a licence](/apply-licence)"
        )
    if is_vague(text):
        example = href if href.startswith(("/", "https://", "http://")) else "/vehicle-tax-rates"
        return (
            f'the link text "{text}" does not say where the link goes: make the words that '
            f"describe the destination the link, such as [check the vehicle tax rates]({example})"
        )
    if WEB_ADDRESS.match(text):
        return (
            f"the link text is a web address ({text}): write where it goes instead, such as "
            f"[the Roads Agency's website]({href})"
        )
    return None


def _relative_problem(href: str, env: dict) -> str | None:
    """What is wrong with a link that is neither absolute, a path from / nor an #anchor."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith(("/", "#", "?")) or not parts.path:
        return None
    if HOST_WITHOUT_SCHEME.match(href) and not href.endswith(".md"):
        return f"the link {href} has no https://: write the whole address, https://{href}"
    path = parts.path.removesuffix(".md").removesuffix("/index")
    ctx = context(env)
    base = ctx.url.rsplit("/", 1)[0] if ctx.url else ""
    candidates = [normpath(f"{base}/{path}"), normpath(f"/{path}")]
    exists = ctx.link_exists or (lambda _path: False)
    found = next((c for c in candidates if exists(c)), None)
    fix = (
        f"did you mean `{found}`?"
        if found
        else "write the page's path from /, such as /vehicle-tax (its URL, not its file name)"
    )
    return f"the link {href} is relative: links to portal pages start with / ({fix})"


def _anchor_problem(href: str, env: dict) -> str | None:
    anchor = href[1:]
    if not anchor or FOOTNOTE_ID.match(anchor):
        return None
    ids = {heading.id for heading in env["headings"]} | context(env).anchors
    if anchor in ids:
        return None
    found = closest(anchor, ids)
    fix = (
        f"did you mean #{found}?"
        if found
        else "a heading's id is its words in lower case joined by hyphens: "
        "`## What you need` is #what-you-need"
    )
    return f"the link {href} names no heading on this page: {fix}"


def check_links(state: StateCore) -> None:
    env = state.env
    first_place: dict[str, str] = {}
    for line, link, text in _links(state.tokens):
        href = str(link.attrGet("href") or "")
        problem = _text_problem(text, href) or _relative_problem(href, env)
        if href.startswith("#"):
            problem = problem or _anchor_problem(href, env)
        if problem:
            report(env, line, problem)
            continue
        said = " ".join(text.lower().split())
        earlier = first_place.setdefault(said, href)
        if earlier != href:
            report(
                env,
                line,
                f'the link text "{text}" also links to {earlier} earlier on the page: '
                "links to different places need different words",
                warning=True,
            )


def link_checks_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("check_links", check_links)
