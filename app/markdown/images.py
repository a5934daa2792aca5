"""Images: `[Image: file.png]` on a line of its own, described in the page's `images:`.

Alt text, caption and credit come from front matter, so every image has alt text and the
same image is described the same way wherever it is used.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock

from app.markdown.helpers import block_start_ok, context, line_start, report

IMAGE = re.compile(r"\[Image:[ \t]*([^\]\n]+?)[ \t]*\][ \t]*$")


def image(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if not block_start_ok(state, start_line):
        return False
    pos = line_start(state, start_line)
    if not state.src.startswith("[Image:", pos):
        return False
    match = IMAGE.match(state.src, pos, state.eMarks[start_line])
    if not match:
        return False
    if silent:
        return True
    name = match.group(1)
    ref = context(state.env).images.get(name)
    if ref is None:
        report(
            state.env,
            start_line + 1,
            f"image {name} is not in this page's `images:` front matter: "
            "add it there with alt text",
        )
    token = state.push("govspeak_image", "figure", 0)
    token.meta = {"ref": ref}
    token.map = [start_line, start_line + 1]
    state.line = start_line + 1
    return True


def render_image(self, tokens, idx, options, env) -> str:
    ref = tokens[idx].meta["ref"]
    if ref is None:
        return ""  # already reported as a problem
    html = (
        '<figure class="image embedded"><div class="img">'
        f'<img src="{escapeHtml(ref.url)}" alt="{escapeHtml(ref.alt)}"></div>'
    )
    caption = escapeHtml(ref.caption) if ref.caption else ""
    if ref.credit:
        credit = f'<span class="credit">Image credit: {escapeHtml(ref.credit)}</span>'
        caption = f"{caption} {credit}" if caption else credit
    if caption:
        html += f"<figcaption>{caption}</figcaption>"
    return html + "</figure>\n"


def images_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "reference",
        "govspeak_image",
        image,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.add_render_rule("govspeak_image", render_image)
