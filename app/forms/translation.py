"""A form in the reader's language: its `translations:` block applied to a copy of the form, and
`build.py check`'s judgement of that block.

Every part of the service that shows a form's text (the citizen's pages, the emails, the API's
messages and schema) takes the form from here in the language it speaks: `localised(form,
language, default)`. A copy has the same ids, values and routes as the form, only its text
differs; so answers, drafts and submissions are the same in every language, and a citizen who
switches language half way keeps their draft.

A form that does not offer the language comes back in its own (the site's default), marked
with that language (`text_language`), so the pages around it can say `lang="en"` on its text
for screen readers while their own text is in the reader's language.
"""

from __future__ import annotations

from typing import Any

from app.suggestions import did_you_mean

from .definition import FormDefinition, Page, RepeatingGroup
from .form_text import FormText, PageText, foreign_language, text_language

__all__ = [
    "foreign_language",
    "localised",
    "offered_languages",
    "text_language",
    "translation_problems",
]

# The fields of the form, a page and an exit page that carry text, in the order reported.
FORM_FIELDS = ("title", "noun", "confirmation_title", "declaration", "confirmation")
PAGE_FIELDS = ("question", "hint", "name")
EXIT_FIELDS = ("title", "body")


def offered_languages(form: FormDefinition, default: str) -> list[str]:
    """The languages the form's text is written in: the site's default and each translation."""
    return [default, *(code for code in form.translations or {} if code != default)]


def localised(form: FormDefinition, language: str | None, default: str) -> FormDefinition:
    """The form with its text in `language`; in `default` (marked so) when it does not offer
    it. Made once for each form and language, and kept with the form."""
    if not language or language == default:
        return form
    cache = form._localised
    if language not in cache:
        text = (form.translations or {}).get(language)
        copy = _translated(form, text) if text else form.model_copy(deep=True)
        _mark(copy, language if text else default)
        cache[language] = copy
    return cache[language]


def _mark(form: FormDefinition, language: str) -> None:
    """Record the copy's language on it and on every page (the question widgets read it), and
    give it a cache of its own (a model_copy shares its original's)."""
    form._localised = {}
    form._text_language = language
    for item in form.pages:
        item._text_language = language
        for inner in getattr(item, "pages", []):
            inner._text_language = language
    for exit_page in form.exit_pages or []:
        exit_page._text_language = language


def _given(text: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: value for name in fields if (value := getattr(text, name)) is not None}


def _translated(form: FormDefinition, text: FormText) -> FormDefinition:
    pages = [_page(item, text) for item in form.pages]
    exits = [
        exit_page.model_copy(update=_given(text.exit_pages.get(exit_page.id), EXIT_FIELDS))
        if exit_page.id in text.exit_pages
        else exit_page.model_copy()
        for exit_page in form.exit_pages or []
    ]
    return form.model_copy(
        update={**_given(text, FORM_FIELDS), "pages": pages, "exit_pages": exits or None}
    )


def _page(item: Page | RepeatingGroup, text: FormText) -> Page | RepeatingGroup:
    given = text.pages.get(item.id)
    if isinstance(item, RepeatingGroup):
        update: dict[str, Any] = {"pages": [_page(inner, text) for inner in item.pages]}
        if given and given.repeat:
            update["repeat"] = item.repeat.model_copy(
                update=_given(given.repeat, ("noun", "plural"))
            )
        return item.model_copy(update=update)
    if given is None:
        return item.model_copy()
    update = _given(given, PAGE_FIELDS)
    if given.options and item.options:
        update["options"] = [
            option.model_copy(update={"text": given.options[option.value]})
            if option.value in given.options
            else option
            for option in item.options
        ]
    return item.model_copy(update=update)


# -- build.py check -----------------------------------------------------------------------------


def translation_problems(
    form: FormDefinition, languages: list[str], default: str, names: dict[str, str]
) -> list[tuple[tuple, str]]:
    """What is wrong with the form's `translations:`, as (location, message): a language the
    site does not have, a text for a page, option or exit page the form does not have, a text
    the form does not have itself, and any text missing. A form offers a language completely or
    not at all, so that no reader gets a page half in one language."""
    found: list[tuple[tuple, str]] = []
    for code, text in (form.translations or {}).items():
        loc = ("translations", code)
        if code == default:
            found.append(
                (
                    loc,
                    f"`{code}` is the site's default language, the language the form is "
                    "written in: remove this translation",
                )
            )
        elif code not in languages:
            others = [language for language in languages if language != default]
            found.append(
                (
                    loc,
                    f"the site has no language `{code}` (site.yaml's `languages`: "
                    f"{', '.join(languages)})" + did_you_mean(code, others),
                )
            )
        else:
            label = names.get(code, code)
            found += [((*loc, *where), message) for where, message in _text_problems(form, text)]
            missing = _missing(form, text)
            if missing:
                shown = ", ".join(missing[:8]) + (
                    f" and {len(missing) - 8} more" if len(missing) > 8 else ""
                )
                found.append(
                    (
                        loc,
                        f"the {label} translation ({code}) is incomplete: it has no {shown}. A "
                        "form offers a language completely or not at all: add them, or remove "
                        f"`{code}` until it is complete",
                    )
                )
    return found


def _all_pages(form: FormDefinition) -> dict[str, Page | RepeatingGroup]:
    found: dict[str, Page | RepeatingGroup] = {}
    for item in form.pages:
        found[item.id] = item
        for inner in getattr(item, "pages", []):
            found[inner.id] = inner
    return found


def _text_problems(form: FormDefinition, text: FormText) -> list[tuple[tuple, str]]:
    """Texts the form has nothing to put: a page, option or exit page it does not have, or a
    field the original leaves out (a hint on a page with none)."""
    found: list[tuple[tuple, str]] = []
    for name in FORM_FIELDS:
        if getattr(text, name) is not None and getattr(form, name) is None:
            found.append(((name,), _no_original(f"`{name}`", "the form")))
    pages = _all_pages(form)
    for page_id, page_text in text.pages.items():
        page = pages.get(page_id)
        if page is None:
            found.append(
                (
                    ("pages", page_id),
                    f"the form has no page `{page_id}`: translations name pages by their id"
                    + did_you_mean(page_id, pages),
                )
            )
            continue
        found += [(("pages", page_id, *where), m) for where, m in _page_problems(page, page_text)]
    exits = {exit_page.id: exit_page for exit_page in form.exit_pages or []}
    for exit_id in text.exit_pages:
        if exit_id not in exits:
            found.append(
                (
                    ("exit_pages", exit_id),
                    f"the form has no exit page `{exit_id}`" + did_you_mean(exit_id, exits),
                )
            )
    return found


def _page_problems(page: Page | RepeatingGroup, text: PageText) -> list[tuple[tuple, str]]:
    if isinstance(page, RepeatingGroup):
        wrong = [name for name in (*PAGE_FIELDS, "options") if getattr(text, name) is not None]
        return [
            (
                (name,),
                f"`{page.id}` is a repeating group: give its `repeat: {{noun, plural}}` here, "
                "and each of its questions' text under its own id",
            )
            for name in wrong
        ]
    found: list[tuple[tuple, str]] = []
    if text.repeat is not None:
        found.append((("repeat",), f"`{page.id}` is a question, not a repeating group"))
    for name in PAGE_FIELDS:
        if getattr(text, name) is not None and getattr(page, name) is None:
            found.append(((name,), _no_original(f"`{name}`", f"the page `{page.id}`")))
    values = [option.value for option in page.options or []]
    for value in text.options or {}:
        if value not in values:
            found.append(
                (
                    ("options", value),
                    f"`{page.id}` has no option `{value}`: name options by their `value`"
                    + (f" ({', '.join(values)})" if values else ": it has no options")
                    + did_you_mean(value, values),
                )
            )
    return found


def _no_original(what: str, where: str) -> str:
    return (
        f"{where} has no {what} in the default language, so there is nothing to translate: "
        "remove it, or add it to the form first"
    )


def _missing(form: FormDefinition, text: FormText) -> list[str]:
    """Each text of the form the translation does not give, as the field that would hold it."""
    missing = [
        f"`{name}`" for name in FORM_FIELDS if getattr(form, name) and not getattr(text, name)
    ]
    for page_id, page in _all_pages(form).items():
        given = text.pages.get(page_id) or PageText()
        if isinstance(page, RepeatingGroup):
            repeat = given.repeat
            # the plural too: "add an s" is English's rule, not every language's
            missing += [
                f"`pages.{page_id}.repeat.{name}`"
                for name in ("noun", "plural")
                if not (repeat and getattr(repeat, name))
            ]
            continue
        missing += [
            f"`pages.{page_id}.{name}`"
            for name in PAGE_FIELDS
            if getattr(page, name) and not getattr(given, name)
        ]
        missing += [
            f"`pages.{page_id}.options.{option.value}`"
            for option in page.options or []
            if option.value not in (given.options or {})
        ]
    for exit_page in form.exit_pages or []:
        given_exit = text.exit_pages.get(exit_page.id)
        missing += [
            f"`exit_pages.{exit_page.id}.{name}`"
            for name in EXIT_FIELDS
            if not (given_exit and getattr(given_exit, name))
        ]
    return missing
