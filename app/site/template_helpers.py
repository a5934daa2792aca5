"""Functions the site's templates call: breadcrumbs, contents lists, step numbers."""

from __future__ import annotations

from urllib.parse import quote

from flask import current_app
from jinja2 import pass_context
from markupsafe import Markup, escape

from app.i18n import N_
from app.languages import lang_path

FEEDBACK_PAGE = "/feedback/site"  # app/feedback_forms.py


def breadcrumbs_items(crumbs) -> list[dict]:
    return [{"text": text, "href": href} for text, href in crumbs]


def topic_trail(topic) -> list[tuple[str, str]]:
    """Breadcrumbs of a browse page: its ancestors (the page itself is the heading)."""
    return [(node.title, node.url) for node in topic.lineage()[:-1]]


def contents_items(headings) -> list[tuple[str, str, bool]]:
    return [(h.text, f"#{h.id}", False) for h in headings if h.level == 2]


def guide_parts(page, current) -> list[tuple[str, str, bool]]:
    return [(part.title, part.url, part is current) for part in page.parts]


def loop_index(items, item) -> int:
    return items.index(item)


# A step's `logic`, shown in its circle: the template translates it.
STEP_LOGIC = (N_("and"), N_("or"))


def step_numbers(steps):
    """Pair each step with its number: an `and`/`or` step shares the number of the one before."""
    number = 0
    for step in steps:
        if not step.logic:
            number += 1
        yield step, max(number, 1)


def feedback_href(path: str) -> str:
    """The no-JavaScript way to report a problem: an email to the portal's feedback address."""
    settings = current_app.extensions["portal.site"].settings
    subject = quote(f"Problem with {settings.base_url}{path}")
    return f"mailto:{settings.feedback_email}?subject={subject}"


def phase_banner_html(banner) -> Markup:
    """The phase banner's text, its `link_text` (if any) a link to the feedback page."""
    text = escape(banner.text)
    if not banner.link_text:
        return text
    words = escape(banner.link_text)
    href = lang_path(FEEDBACK_PAGE)  # the feedback page in the reader's language
    link = Markup('<a class="govuk-link" href="{}">{}</a>').format(href, words)
    return Markup(text.replace(words, link, 1))


@pass_context
def rendered_once(context, name: str, source, macro, params: dict) -> Markup:
    """`macro(params)`, rendered once for as long as `source` (what the params are made of: the
    site settings' phase banner, say) is the same object, rather than on every page: the layout's
    phase banner and skip link are the same on every page of a language, and a GOV.UK Frontend
    macro call costs more than the rest of the header. The memo is the template environment's,
    and each language has its own (app/i18n/templates.py), so a fragment is never shown in
    another language than it was rendered in."""
    memo = context.environment.__dict__.setdefault("_rendered_once", {})
    held = memo.get(name)
    if held is not None and held[0] is source:
        return held[1]
    html = macro(params)
    memo[name] = (source, html)
    return html


# Trails a language's memo of breadcrumbs holds (a site has one per topic and organisation):
# past this, it starts again, so a long-running preview of changing content does not grow it.
BREADCRUMB_TRAILS_HELD = 4096


@pass_context
def breadcrumbs_html(context, macro, crumbs) -> Markup:
    """`macro` (govukBreadcrumbs) of these (text, href) crumbs, rendered once for each trail
    rather than on every page: the pages of a topic share theirs, and the macro call (with its
    attributes macro called for each crumb) was a tenth of a content page's template. Kept, as
    rendered_once's fragments are, in the language's own template environment; the key holds
    each text's type, since a Markup text is not escaped where a str is."""
    memo = context.environment.__dict__.setdefault("_breadcrumbs", {})
    key = tuple((text.__class__, text, href.__class__, href) for text, href in crumbs)
    html = memo.get(key)
    if html is None:
        if len(memo) >= BREADCRUMB_TRAILS_HELD:
            memo.clear()
        html = memo[key] = macro({"items": breadcrumbs_items(crumbs), "collapseOnMobile": True})
    return html


def template_globals(site) -> dict:
    return {
        "site": site,
        "breadcrumbs_html": breadcrumbs_html,
        "topic_trail": topic_trail,
        "contents_items": contents_items,
        "guide_parts": guide_parts,
        "loop_index": loop_index,
        "step_numbers": step_numbers,
        "feedback_href": feedback_href,
        "phase_banner_html": phase_banner_html,
        "rendered_once": rendered_once,
    }
