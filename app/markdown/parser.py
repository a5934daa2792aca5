"""The one MarkdownIt instance, with every Govspeak plugin, built lazily once per process."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.utils import OptionsDict

from app.markdown.abbreviations import abbreviations_plugin
from app.markdown.address import address_plugin
from app.markdown.attachments import attachments_plugin
from app.markdown.barchart import barchart_plugin
from app.markdown.block_dispatch import install as install_block_dispatch
from app.markdown.blockquotes import blockquotes_plugin
from app.markdown.button import button_plugin
from app.markdown.callouts import callouts_plugin
from app.markdown.comments import comments_plugin
from app.markdown.contact_cards import contact_cards_plugin
from app.markdown.control_characters import control_characters_plugin
from app.markdown.definition_attributes import definition_attributes_plugin
from app.markdown.devolved import devolved_plugin
from app.markdown.dollar_blocks import dollar_blocks_plugin
from app.markdown.embed_links import embed_links_plugin
from app.markdown.external_links import external_links_plugin
from app.markdown.footnotes import footnotes_plugin
from app.markdown.govuk_classes import govuk_classes_plugin
from app.markdown.heading_ids import heading_ids_plugin
from app.markdown.heading_outline import heading_outline_plugin
from app.markdown.highlight_answer import highlight_answer_plugin
from app.markdown.images import images_plugin
from app.markdown.legislative_list import legislative_list_plugin
from app.markdown.link_attributes import link_attributes_plugin
from app.markdown.link_checks import link_checks_plugin
from app.markdown.markdown_images import markdown_images_plugin
from app.markdown.nesting_limit import nesting_limit_plugin
from app.markdown.new_tab_links import new_tab_links_plugin
from app.markdown.raw_html import raw_html_plugin
from app.markdown.repeated_work import repeated_work_plugin
from app.markdown.stat_headline import stat_headline_plugin
from app.markdown.steps import steps_plugin
from app.markdown.table_headers import table_headers_plugin
from app.markdown.table_wrapper import table_wrapper_plugin
from app.markdown.types import MarkdownContext
from app.markdown.unsafe_links import unsafe_links_plugin
from app.markdown.unused_definitions import unused_definitions_plugin

# Order matters where rules share a first character or a phase:
# - address ($A) and the legislative list go before the generic $-block rule (which would
#   not match them anyway, but this keeps the intent visible);
# - core rules that read inline children run after footnotes are moved to the end, so
#   footnote text gets abbreviations and link checks too.
PLUGINS = (
    repeated_work_plugin,
    nesting_limit_plugin,
    control_characters_plugin,
    footnotes_plugin,
    address_plugin,
    legislative_list_plugin,
    dollar_blocks_plugin,
    callouts_plugin,
    devolved_plugin,
    stat_headline_plugin,
    highlight_answer_plugin,
    steps_plugin,
    abbreviations_plugin,
    images_plugin,
    attachments_plugin,
    contact_cards_plugin,
    barchart_plugin,
    blockquotes_plugin,
    table_headers_plugin,
    button_plugin,
    link_attributes_plugin,
    definition_attributes_plugin,
    unused_definitions_plugin,
    external_links_plugin,
    unsafe_links_plugin,
    embed_links_plugin,
    new_tab_links_plugin,  # after the rules that set a link's rel and check its href
    heading_ids_plugin,
    heading_outline_plugin,  # reads the headings heading_ids collected
    link_checks_plugin,  # checks #anchor links against them
    markdown_images_plugin,
    comments_plugin,  # before raw_html, which reports the HTML that is not a comment
    raw_html_plugin,
    govuk_classes_plugin,
    table_wrapper_plugin,  # wraps govuk_classes' table rule, so it comes after
)


@cache
def get_parser() -> MarkdownIt:
    return build_parser()


def build_parser(dispatch: bool = True) -> MarkdownIt:
    """A new MarkdownIt with every plugin (`dispatch`: with the block and inline rules'
    dispatch, which only its test goes without: app/markdown/block_dispatch.py)."""
    # html=True so raw HTML is recognised as HTML tokens, which raw_html escapes and reports.
    md = MarkdownIt("commonmark", {"html": True, "xhtmlOut": False}).enable("table")
    for plugin in PLUGINS:
        md.use(plugin)
    if dispatch:
        install_block_dispatch(md)
    md.options = _Options(dict(md.options))
    return md


class _Options(OptionsDict):
    """markdown-it's options, with a plain dictionary's `get`. The rules read their optional
    settings (`tasklists`, `alerts`...) with `options.get`, which the Mapping base class answers
    by raising and catching a KeyError for each one not set, twice for every list item (about 3%
    of the parse, timed alone)."""

    def get(self, key, default=None):
        return self._options.get(key, default)


def new_env(context: MarkdownContext) -> dict:
    """Everything one render collects; markdown-it passes it to every rule."""
    return {
        "context": context,
        "problems": [],
        "headings": [],
        "links": [],
        "abbreviations": {},
    }
