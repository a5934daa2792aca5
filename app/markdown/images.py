"""Images: `[Image: file.png]` at the start of a line, described in the page's `images:`.

Alt text, caption and credit come from front matter, so every image has alt text and the
same image is described the same way wherever it is used. Govspeak's older forms work too:
`!!2` (the second image listed in `images:`) and `[embed:attachments:image: file.png]` (GOV.UK
named the image by a content id; here it is the file's name, as in `[Image: …]`), which may
also be the whole of a table cell. Text after the image on its line is a paragraph of its own,
as in Govspeak. The caption and the credit are each a paragraph of the `<figcaption>`; a blank
one is left out.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from app.markdown.helpers import (
    block_start_ok,
    context,
    label,
    line_start,
    paragraph_of_rest,
    report,
)
from app.suggestions import did_you_mean

IMAGE = re.compile(
    r"\[(?:Image:|embed:attachments:image:)[ \t]*([^\]\n]+?)[ \t]*\]|!!([0-9]{1,4})(?![0-9])"
)
CELL_EMBED = re.compile(r"\[embed:attachments:image:[ \t]*([^\]\n]+?)[ \t]*\]")


def _find(images, match: re.Match) -> tuple[str, object]:
    if match.group(1) is not None:
        return match.group(1), images.get(match.group(1))
    number = int(match.group(2))
    listed = list(images.values())
    return f"!!{number}", listed[number - 1] if 0 < number <= len(listed) else None


def _report_missing(env: dict, line: int, name: str) -> None:
    report(
        env,
        line,
        f"image {name} is not in this page's `images:` front matter: add it there with alt text"
        + did_you_mean(name, context(env).images),
    )


def image(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    pos = line_start(state, start_line)
    if state.src[pos : pos + 1] not in ("[", "!") or not block_start_ok(state, start_line):
        return False
    match = IMAGE.match(state.src, pos, state.eMarks[start_line])
    if not match:
        return False
    if silent:
        return True
    name, ref = _find(context(state.env).images, match)
    if ref is None:
        _report_missing(state.env, start_line + 1, name)
    token = state.push("govspeak_image", "figure", 0)
    token.meta = {"ref": ref}
    token.map = [start_line, start_line + 1]
    paragraph_of_rest(state, start_line, state.src[match.end() : state.eMarks[start_line]].strip())
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
        credit = label(env, "Image credit: %(credit)s", credit=ref.credit.strip())
        lines.append(f"<p>{escapeHtml(credit)}</p>")
    if lines:
        html += "\n<figcaption>" + "\n".join(lines) + "</figcaption>"
    return html + "</figure>\n"


def _row_line(tokens, index: int) -> int:
    """The 1-based line of the table row holding tokens[index] (cells carry no line map)."""
    while index > 0 and not tokens[index].map:
        index -= 1
    return tokens[index].map[0] + 1 if tokens[index].map else 1


def images_in_cells(state: StateCore) -> None:
    """A table cell that is only `[embed:attachments:image: …]` holds the image (the cell's
    text becomes the figure), as GOV.UK renders it."""
    if "[embed:attachments:image:" not in state.src:  # one scan in C
        return
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type not in ("td_open", "th_open"):
            continue
        match = CELL_EMBED.fullmatch(tokens[i + 1].content.strip())
        if match:
            ref = context(state.env).images.get(match.group(1))
            if ref is None:
                _report_missing(state.env, _row_line(tokens, i), match.group(1))
            figure = Token("govspeak_image", "figure", 0)
            figure.meta, figure.map = {"ref": ref}, tokens[i + 1].map
            tokens[i + 1] = figure


def images_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "reference",
        "govspeak_image",
        image,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.core.ruler.before("inline", "images_in_cells", images_in_cells)
    md.add_render_rule("govspeak_image", render_image)
