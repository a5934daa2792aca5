"""Markdown's own image syntax, `![alt](file.png)`, is reported with the portal's way to write it.

An image is published only as `[Image: file.png]` (app/markdown/images.py), described in the
page's `images:` front matter: there its alt text is required, its file is checked to be beside
the page and copied into the site. `![](flood-door.png)` would publish an image with no alt text
pointing at a file the build never copies, so it is an error that says what to write instead.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from app.markdown.helpers import children_with_lines, report


def report_markdown_images(state: StateCore) -> None:
    if "![" not in state.src:  # most pages have none
        return
    for line, child in children_with_lines(state.tokens):
        if child.type != "image":
            continue
        source = str(child.attrGet("src") or "")
        name = source.rsplit("/", 1)[-1] or "image.png"
        alt = child.content.strip() or "what the image shows"
        where = (
            f"download {name} and put it beside this page"
            if "//" in source
            else f"put {name} beside this page"
        )
        report(
            state.env,
            line,
            f"the Markdown image ![{child.content}]({source}) would be published without its "
            f"file or alt text: {where}, write [Image: {name}] on a line of its own and "
            f"describe it in the front matter: `images: [{{file: {name}, alt: {alt}}}]` "
            '(alt: "" only for a purely decorative image)',
        )


def markdown_images_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("report_markdown_images", report_markdown_images)
