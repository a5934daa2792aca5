"""Templates: ours, plus GOV.UK Frontend's macros under the `govuk_frontend_jinja/` prefix.

A missing variable or object attribute fails the render (and the build) instead of printing
nothing. GOV.UK Frontend's macros, though, read optional keys of their `params` dicts
(`params.classes`) and its page template tests optional variables: so a missing key of a dict is
empty, and the page template's variables get explicit empty defaults here.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader, PrefixLoader, Template
from markupsafe import Markup

from .asset_urls import asset_url
from .dates import format_date, format_number
from .i18n.frontend_text import FrontendTextLoader
from .i18n.web import PortalEnvironment, init_i18n

# Variables GOV.UK Frontend's template.html reads; we set the ones we need in our layout.
GOVUK_TEMPLATE_DEFAULTS = {
    name: None
    for name in (
        "htmlLang",
        "htmlClasses",
        "pageTitleLang",
        "themeColor",
        "assetPath",
        "assetUrl",
        "opengraphImageUrl",
        "bodyClasses",
        "bodyAttributes",
        "cspNonce",
        "headerClasses",
        "headerAttributes",
        "serviceName",
        "serviceUrl",
        "containerClasses",
        "containerAttributes",
        "mainClasses",
        "mainLang",
        "mainAttributes",
        "footerClasses",
        "footerAttributes",
    )
}


class PortalUndefined(ChainableUndefined):
    """Strict, except for a missing key of a dict (GOV.UK Frontend's optional macro params)."""

    def _lenient(self) -> bool:
        if self._undefined_name == "caller":  # GOV.UK macros test `{% if caller %}`
            return True
        return isinstance(self._undefined_obj, dict | PortalUndefined) and (
            not isinstance(self._undefined_obj, PortalUndefined) or self._undefined_obj._lenient()
        )

    def _check(self) -> None:
        if not self._lenient():
            self._fail_with_undefined_error()

    def __str__(self) -> str:
        self._check()
        return ""

    def __iter__(self):
        self._check()
        return iter(())

    def __bool__(self) -> bool:
        self._check()
        return False

    def __len__(self) -> int:
        self._check()
        return 0

    def __getattr__(self, name: str):
        if name[:2] == "__":
            raise AttributeError(name)
        self._check()
        return self


class PortalTemplate(Template):
    """Jinja's Template, with imports that skip a set difference no portal template needs."""

    _global_names: frozenset | None = None

    def _get_default_module(self, ctx=None):
        # At every `{% from ... import %}` Jinja works out which of the importing context's
        # globals the imported template lacks, a set difference walking a ChainMap of the 40-odd
        # globals: a third of the time of a page's templates, as a page imports a dozen times.
        # When the context has no global this template lacks, the answer is the template's
        # cached module, as Jinja's own code finds; names seen once stay this template's globals
        # (they are the environment's, which only grow).
        if ctx is not None:
            if self._global_names is None:
                self._global_names = frozenset(self.globals)
            if ctx.globals_keys <= self._global_names:
                ctx = None
        return super()._get_default_module(ctx)


def time_tag(value: dt.date) -> Markup:
    """A date for people inside a <time> for machines, to put in a translated sentence."""
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), format_date(value))


def email_link(address: str) -> Markup:
    return Markup('<a class="govuk-link" href="mailto:{0}">{0}</a>').format(address)


def init_jinja(app: Flask) -> None:
    app.jinja_environment = PortalEnvironment  # before the environment is made, below
    app.jinja_env.template_class = PortalTemplate
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("app", "templates"),
            PrefixLoader(
                {"govuk_frontend_jinja": FrontendTextLoader(PackageLoader("govuk_frontend_jinja"))}
            ),
        ]
    )
    app.jinja_env.undefined = PortalUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(GOVUK_TEMPLATE_DEFAULTS)
    # govukInput writes `… else undefined` (JavaScript's word) for "no value": give it one.
    app.jinja_env.globals["undefined"] = None
    app.jinja_env.filters["govuk_date"] = format_date
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.globals["asset_url"] = asset_url  # /assets/portal.<hash>.css
    # Markup: HTML a template joins to a translated message (the confirmation panel's)
    app.jinja_env.globals.update(time_tag=time_tag, email_link=email_link, Markup=Markup)
    init_i18n(app)  # `_()` and `{% trans %}` in the reader's language
