"""Raw HTML is never passed through: it is shown as text and reported as a problem that names
the tag and the Markdown to write instead.

markdown-it runs with ``html=True`` so that HTML is recognised (as ``html_block`` and
``html_inline`` tokens) rather than half-parsed as Markdown; these rules then escape it.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore

from app.markdown.helpers import children_with_lines, report

TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)|<!--|<!\[CDATA\[|<!|<\?")
HEADING = "write a heading as `## Heading` (`###` below it)"
TO_MARKDOWN = "write it in Markdown (docs/markdown.md lists what you can use)"
REMOVE = "remove the tags and keep the text"
# What to write in Markdown instead of each tag people paste.
INSTEAD = {
    "a": "write a link as `[what it links to](/path)`",
    "abbr": "explain an abbreviation with a line `*[HMRC]: HM Revenue and Customs`",
    "b": "write bold as `**words**` (sparingly)",
    "strong": "write bold as `**words**` (sparingly)",
    "i": "remove it: GOV.UK style avoids italics",
    "em": "remove it: GOV.UK style avoids italics",
    "br": "start a new paragraph with a blank line, or end the line with two spaces",
    "p": "leave a blank line between paragraphs",
    "img": "write an image as `[Image: file.png]` and describe it in the front matter's `images:`",
    "ul": "write a list as lines starting `- `",
    "ol": "write a numbered list as lines starting `1. `",
    "li": "write a list item as a line starting `- ` or `1. `",
    "table": "write a Markdown table: `| Column | Column |`, then `| --- | --- |`, then the rows",
    "blockquote": "write inset text as lines starting `> `",
    "hr": "write a line `---` between paragraphs",
    "code": "write code between backticks: `` `words` ``",
    "sup": "write a footnote as `[^1]`",
    "div": f"{REMOVE}; for a box use a Govspeak block such as `$CTA` or `^…^`",
    "span": REMOVE,
    "u": f"{REMOVE}: underlined words look like links",
    "font": REMOVE,
    "center": REMOVE,
    "script": "remove it: pages cannot run scripts",
    "style": "remove it: every page has the portal's own style",
    "iframe": "link to what you would embed: `[what it shows](https://…)`",
    **{f"h{level}": HEADING for level in range(1, 7)},
}
COMMENT = "remove it: a comment would be shown on the page"


def message(html: str) -> str:
    """The problem for a piece of raw HTML, naming its first tag."""
    match = TAG.search(html)
    if match and match.group(1):
        name = match.group(1).lower()
        shown = f"<{name}>"
        instead = INSTEAD.get(name, TO_MARKDOWN)
    elif match and match.group(0) == "<!--":
        shown, instead = "<!-- … -->", COMMENT
    else:
        shown, instead = "HTML", TO_MARKDOWN
    return f"raw HTML ({shown}) is not allowed in content: {instead}"


def report_raw_html(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "html_block":
            report(state.env, token.map[0] + 1 if token.map else 1, message(token.content))
    reported = set()
    for line, child in children_with_lines(state.tokens):
        if child.type == "html_inline" and line not in reported:
            reported.add(line)  # one problem per line, not one per tag
            report(state.env, line, message(child.content))


def render_html_block(self, tokens, idx, options, env) -> str:
    return f'<p class="govuk-body">{escapeHtml(tokens[idx].content.rstrip())}</p>\n'


def render_html_inline(self, tokens, idx, options, env) -> str:
    return escapeHtml(tokens[idx].content)


def raw_html_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("report_raw_html", report_raw_html)
    md.add_render_rule("html_block", render_html_block)
    md.add_render_rule("html_inline", render_html_inline)
