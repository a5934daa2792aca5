"""Govspeak Markdown for the portal: markdown-it-py plus one plugin per Govspeak block.

The dialect, block by block with what each renders, is described for content designers in
docs/markdown.md; a new block is a plugin module here, registered in parser.py.

Public API
----------
``render_markdown(source, context=None) -> Rendered``
    Render a page body. ``Rendered`` carries the HTML, the headings (for a contents list),
    the problems found (with 1-based line numbers within ``source``) and the internal links.

``parse(source, context=None) -> tuple[list[Token], dict]``
    Parse only, returning markdown-it tokens and the per-call ``env``. A caller may cut the
    token list (for example with ``split_at_first_h2``) and render each part with
    ``render_parsed(tokens, env)``. ``result(html, env)`` builds a ``Rendered`` from an env.

``Rendered.text`` is the document's words without markup (from the tokens), for search.

``split_at_first_h2(tokens) -> tuple[list[Token], list[Token]]``
    The tokens before the first top-level ``##`` heading, and the rest (start pages put the
    Start button between them). Footnotes always land in the second part.

The MarkdownIt instance is built once per process; everything that belongs to one call
(context, problems, headings, links, abbreviations) lives in markdown-it's ``env``.
"""

from __future__ import annotations

from markdown_it.token import Token

from app.markdown.types import (
    AttachmentRef,
    ContactRef,
    Heading,
    ImageRef,
    MarkdownContext,
    Problem,
    Rendered,
    file_type_name,
)

__all__ = [
    "AttachmentRef",
    "ContactRef",
    "Heading",
    "ImageRef",
    "MarkdownContext",
    "Problem",
    "Rendered",
    "file_type_name",
    "parse",
    "render_markdown",
    "render_parsed",
    "result",
    "split_at_first_h2",
]


def parse(source: str, context: MarkdownContext | None = None) -> tuple[list[Token], dict]:
    """Parse ``source`` into tokens; problems, headings and links are collected in the env."""
    from app.markdown.parser import get_parser, new_env
    from app.markdown.plain_text import plain_text

    env = new_env(context or MarkdownContext())
    tokens = get_parser().parse(source, env)
    env["text"] = plain_text(tokens)
    return tokens, env


def render_parsed(tokens: list[Token], env: dict) -> str:
    """Render tokens (all of them, or a slice cut at block boundaries) to HTML."""
    from app.markdown.parser import get_parser

    md = get_parser()
    return md.renderer.render(tokens, md.options, env)


def result(html: str, env: dict) -> Rendered:
    """Package rendered HTML with what the parse collected in ``env``."""
    problems = sorted(env["problems"], key=lambda p: p.line)
    return Rendered(
        html=html,
        headings=env["headings"],
        problems=problems,
        links=env["links"],
        text=env.get("text", ""),
    )


def render_markdown(source: str, context: MarkdownContext | None = None) -> Rendered:
    """Render a Govspeak document to HTML, reporting every problem with its line."""
    tokens, env = parse(source, context)
    return result(render_parsed(tokens, env), env)


def split_at_first_h2(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split top-level tokens before the first ``h2`` (the whole list is 'before' if none)."""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and token.level == 0:
            return tokens[:index], tokens[index:]
    return tokens, []
