"""GOV.UK Frontend's own English, in the reader's language.

GOV.UK Frontend's macros default some text in English ("Skip to main content", "Back", the
error message's hidden "Error", pagination's "Previous page" and "Page 2") and leave the
character count's messages to its JavaScript, in English unless the page gives them.
`FrontendTextLoader` hands the macros to Jinja with those defaults as catalogue messages, once
per process when Jinja compiles them, so every call site is covered without passing text at
each; `character_count_params` fills in the character count's messages, with the plural forms
its JavaScript picks from by the page's language.

The messages are marked `N_` so `make translations` extracts them from here. A GOV.UK Frontend
upgrade that changes a rewritten line fails the render with the line to update, rather than
leaving English behind.
"""

from __future__ import annotations

import json

from jinja2 import BaseLoader, Environment, TemplateNotFound

from . import N_, current_language
from .catalogues import locale, translations


def _call(message: str, variables: str = "") -> str:
    return f"_({json.dumps(message)}{', ' + variables if variables else ''})"


# (template, English as GOV.UK Frontend writes it, what it becomes)
REWRITES: list[tuple[str, str, str]] = [
    (
        "template.html",
        "'text': 'Skip to main content'",
        f"'text': {_call(N_('Skip to main content'))}",
    ),
    (
        "components/back-link/macro.html",
        'default("Back", true)',
        f"default({_call(N_('Back'))}, true)",
    ),
    (
        "components/breadcrumbs/macro.html",
        'default("Breadcrumb")',
        f"default({_call(N_('Breadcrumb'))})",
    ),
    (
        "components/error-message/macro.html",
        'default("Error")',
        f"default({_call(N_('Error'))})",
    ),
    (
        "components/pagination/macro.html",
        'default("Page " ~ item.number)',
        f"default({_call(N_('Page %(number)s'), 'number=item.number')})",
    ),
    (
        "components/pagination/macro.html",
        'default("Pagination", true)',
        f"default({_call(N_('Pagination'))}, true)",
    ),
    (
        "components/pagination/macro.html",
        'Previous<span class="govuk-visually-hidden"> page</span>',
        "{{ " + _call(N_('Previous<span class="govuk-visually-hidden"> page</span>')) + " }}",
    ),
    (
        "components/pagination/macro.html",
        'Next<span class="govuk-visually-hidden"> page</span>',
        "{{ " + _call(N_('Next<span class="govuk-visually-hidden"> page</span>')) + " }}",
    ),
    (
        "components/character-count/macro.html",
        "{% macro govukCharacterCount(params) %}",
        "{% macro govukCharacterCount(params) %}{% set params = character_count_params(params) %}",
    ),
    (
        "components/date-input/macro.html",
        "item.name | capitalize",
        "_(item.name | capitalize)",
    ),
]
# The date input's labels, made from its items' names (day, month, year)
N_("Day"), N_("Month"), N_("Year")


class FrontendTextLoader(BaseLoader):
    """GOV.UK Frontend's templates (from `inner`) with their English defaults translated."""

    def __init__(self, inner: BaseLoader):
        self.inner = inner
        self.rewrites: dict[str, list[tuple[str, str]]] = {}
        for template, english, translated in REWRITES:
            self.rewrites.setdefault(template, []).append((english, translated))

    def get_source(self, environment: Environment, template: str):
        source, filename, uptodate = self.inner.get_source(environment, template)
        for english, translated in self.rewrites.get(template, ()):
            if english not in source:
                raise TemplateNotFound(
                    f"{template} of GOV.UK Frontend no longer has {english!r}: update its "
                    "rewrite in app/i18n/frontend_text.py"
                )
            source = source.replace(english, translated)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


# The character count's messages: English as GOV.UK Frontend's JavaScript has them.
# (params key, singular, plural); "%{count}" is the JavaScript's placeholder, not Python's.
_PLURAL_MESSAGES = [
    (
        "charactersUnderLimitText",
        N_("You have %{count} character remaining"),
        N_("You have %{count} characters remaining"),
    ),
    (
        "charactersOverLimitText",
        N_("You have %{count} character too many"),
        N_("You have %{count} characters too many"),
    ),
    (
        "wordsUnderLimitText",
        N_("You have %{count} word remaining"),
        N_("You have %{count} words remaining"),
    ),
    (
        "wordsOverLimitText",
        N_("You have %{count} word too many"),
        N_("You have %{count} words too many"),
    ),
]
_SINGLE_MESSAGES = [
    ("charactersAtLimitText", N_("You have 0 characters remaining")),
    ("wordsAtLimitText", N_("You have 0 words remaining")),
]
_DESCRIPTION = {
    False: (
        N_("You can enter up to %{count} character"),
        N_("You can enter up to %{count} characters"),
    ),
    True: (N_("You can enter up to %{count} word"), N_("You can enter up to %{count} words")),
}

_plural_samples: dict[str, dict[str, int]] = {}
_messages: dict[tuple[str, int], dict[str, object]] = {}


def plural_samples(language: str) -> dict[str, int]:
    """A number of each of the language's plural categories (CLDR's: zero, one, two, few,
    many, other), by which the catalogue's plural forms are read out for GOV.UK Frontend's
    JavaScript, which chooses among them by category."""
    if language not in _plural_samples:
        rule, samples = locale(language).plural_form, {}
        for n in range(1000):
            samples.setdefault(rule(n), n)
        _plural_samples[language] = samples
    return _plural_samples[language]


def _messages_in(language: str) -> dict[str, object]:
    catalogue = translations(language)
    key = (language, id(catalogue))  # a catalogue swapped in (the tests') has its own
    if key not in _messages:
        samples = plural_samples(language)
        found: dict[str, object] = {
            name: {tag: catalogue.ngettext(one, other, n) for tag, n in samples.items()}
            for name, one, other in _PLURAL_MESSAGES
        }
        found.update((name, catalogue.gettext(text)) for name, text in _SINGLE_MESSAGES)
        _messages[key] = found
    return _messages[key]


def character_count_params(params: dict) -> dict:
    """The character count's params with its messages in the current language (those the
    page gives stay)."""
    language = current_language()
    merged = dict(_messages_in(language))
    if not params.get("textareaDescriptionText"):
        limit = params.get("maxwords") or params.get("maxlength")
        if limit:
            one, other = _DESCRIPTION[bool(params.get("maxwords"))]
            merged["textareaDescriptionText"] = translations(language).ngettext(one, other, limit)
    merged.update((key, value) for key, value in params.items() if value is not None)
    return merged
