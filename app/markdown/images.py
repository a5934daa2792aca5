"""Images: `[Image: file.png]` at the start of a line, described in the page's `images:`.

Alt text, caption and credit come from front matter, so every image has alt text and the
same image is described the same way wherever it is used. Govspeak's older form `!!2` (the
second image listed in `images:`) works too. Text after the image on its line is a paragraph
of its own, as in Govspeak. The caption and the credit are each a paragraph of the
`<figcaption>`; a blank one is left out.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock

from app.markdown.helpers import block_start_ok, context, line_start, report
from app.suggestions import did_you_mean

IMAGE = re.compile(r"\[Image:[ \t]*([^\]\n]+?)[ \t]*\]|!!([0-9]{1,4})(?![0-9])")


def _lookup(state: StateBlock, match: re.Match) -> tuple[str, object]:
    images = context(state.env).images
    if match.group(1) is not None:
        return match.group(1), images.get(match.group(1))
    number = int(match.group(2))
    listed = list(images.values())
    return f"!!{number}", listed[number - 1] if 0 < number <= len(listed) else None


def image(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    pos = line_start(state, start_line)
    if state.src[pos : pos + 1] not in ("[", "!") or not block_start_ok(state, start_line):
        return False
    match = IMAGE.match(state.src, pos, state.eMarks[start_line])
    if not match:
        return False
    if silent:
        return True
    name, ref = _lookup(state, match)
    if ref is None:
        report(
            state.env,
            start_line + 1,
            f"image {name} is not in this page's `images:` front matter: "
            "add it there with alt text" + did_you_mean(name, context(state.env).images),
        )
    token = state.push("govspeak_image", "figure", 0)
    token.meta = {"ref": ref}
    token.map = [start_line, start_line + 1]
    rest = state.src[match.end() : state.eMarks[start_line]].strip()
    if rest:
        state.push("paragraph_open", "p", 1).map = [start_line, start_line + 1]
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = rest, [start_line, start_line + 1], []
        state.push("paragraph_close", "p", -1)
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
    lines = []
    if ref.caption and ref.caption.strip():
        lines.append(f"<p>{escapeHtml(ref.caption.strip())}</p>")
    if ref.credit and ref.credit.strip():
        lines.append(f"<p>Image credit: {escapeHtml(ref.credit.strip())}</p>")
    if lines:
        html += "\n<figcaption>" + "\n".join(lines) + "</figcaption>"
    return html + "</figure>\n"


def images_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "reference",
        "govspeak_image",
        image,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.add_render_rule("govspeak_image", render_image)
