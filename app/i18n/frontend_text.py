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
from markupsafe import Markup, escape

from . import N_, NN_, current_language
from .catalogues import locale, translations

# (template, English as GOV.UK Frontend writes it, the Jinja that replaces it with `{call}` for
# the message's gettext call, the message)
REWRITES: list[tuple[str, str, str, str]] = [
    (
        "template.html",
        "'text': 'Skip to main content'",
        "'text': {call}",
        N_("Skip to main content"),
    ),
    (
        "components/back-link/macro.html",
        'default("Back", true)',
        "default({call}, true)",
        N_("Back"),
    ),
    (
        "components/breadcrumbs/macro.html",
        'default("Breadcrumb")',
        "default({call})",
        N_("Breadcrumb"),
    ),
    ("components/error-message/macro.html", 'default("Error")', "default({call})", N_("Error")),
    (
        "components/pagination/macro.html",
        'default("Page " ~ item.number)',
        "default({call})",
        N_("Page %(number)s"),
    ),
    (
        "components/pagination/macro.html",
        'default("Pagination", true)',
        "default({call}, true)",
        N_("Pagination"),
    ),
    (
        "components/pagination/macro.html",
        'Previous<span class="govuk-visually-hidden"> page</span>',
        "{{{{ {call} }}}}",
        N_('Previous<span class="govuk-visually-hidden"> page</span>'),
    ),
    (
        "components/pagination/macro.html",
        'Next<span class="govuk-visually-hidden"> page</span>',
        "{{{{ {call} }}}}",
        N_('Next<span class="govuk-visually-hidden"> page</span>'),
    ),
    # The character count's messages are its params (character_count_params, below)
    (
        "components/character-count/macro.html",
        "{% macro govukCharacterCount(params) %}",
        "{{% macro govukCharacterCount(params) %}}"
        "{{% set params = character_count_params(params) %}}",
        "",
    ),
    # The date input's labels are its items' names: day, month, year
    ("components/date-input/macro.html", "item.name | capitalize", "_(item.name | capitalize)", ""),
]
N_("Day"), N_("Month"), N_("Year")
# Variables of the messages that have them, as the macros name them
VARIABLES = {"Page %(number)s": "number=item.number"}


def _jinja(replacement: str, message: str) -> str:
    variables = VARIABLES.get(message)
    call = f"_({json.dumps(message)}{', ' + variables if variables else ''})"
    return replacement.format(call=call)


class FrontendTextLoader(BaseLoader):
    """GOV.UK Frontend's templates (from `inner`) with their English defaults translated."""

    def __init__(self, inner: BaseLoader):
        self.inner = inner
        self.rewrites: dict[str, list[tuple[str, str]]] = {}
        for template, english, replacement, message in REWRITES:
            self.rewrites.setdefault(template, []).append((english, _jinja(replacement, message)))

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
# (params key, (singular, plural)); "%{count}" is the JavaScript's placeholder, not Python's.
_PLURAL_MESSAGES = [
    (
        "charactersUnderLimitText",
        NN_("You have %{count} character remaining", "You have %{count} characters remaining"),
    ),
    (
        "charactersOverLimitText",
        NN_("You have %{count} character too many", "You have %{count} characters too many"),
    ),
    (
        "wordsUnderLimitText",
        NN_("You have %{count} word remaining", "You have %{count} words remaining"),
    ),
    (
        "wordsOverLimitText",
        NN_("You have %{count} word too many", "You have %{count} words too many"),
    ),
]
_SINGLE_MESSAGES = [
    ("charactersAtLimitText", N_("You have 0 characters remaining")),
    ("wordsAtLimitText", N_("You have 0 words remaining")),
]
_DESCRIPTION = {
    False: NN_("You can enter up to %{count} character", "You can enter up to %{count} characters"),
    True: NN_("You can enter up to %{count} word", "You can enter up to %{count} words"),
}

_plural_samples: dict[str, dict[str, int]] = {}
# Keyed by the catalogue itself too (held, so never mistaken for a later one): a catalogue
# swapped in, as the tests' pseudo-locale is, has its own.
_messages: dict[tuple[str, object], dict[str, object]] = {}


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
    key = (language, catalogue)
    if key not in _messages:
        samples = plural_samples(language)
        found: dict[str, object] = {
            name: {tag: catalogue.ngettext(*forms, n) for tag, n in samples.items()}
            for name, forms in _PLURAL_MESSAGES
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


# The search box's completions (app/static/search-autocomplete.mjs): its words as data-text-…
# attributes of the input, with the count's plural forms by category, as above.
_AUTOCOMPLETE = {"menu": N_("Suggested pages"), "none": N_("No suggestions")}
_SUGGESTIONS = NN_(
    "%{count} suggestion. Use up and down arrows to choose.",
    "%{count} suggestions. Use up and down arrows to choose.",
)
_autocomplete: dict[tuple[str, object], Markup] = {}


def autocomplete_text() -> Markup:
    language = current_language()
    catalogue = translations(language)
    key = (language, catalogue)
    if key not in _autocomplete:
        words = {name: catalogue.gettext(text) for name, text in _AUTOCOMPLETE.items()}
        for tag, n in plural_samples(language).items():
            words[f"count-{tag}"] = catalogue.ngettext(*_SUGGESTIONS, n)
        _autocomplete[key] = Markup(" ").join(
            Markup('data-text-{}="{}"').format(name, escape(text)) for name, text in words.items()
        )
    return _autocomplete[key]
