"""The message catalogues and Babel locales, loaded once per process and kept per language.

The compiled catalogues live in app/translations/<lang>/LC_MESSAGES/messages.mo (made from the
.po beside them by `make translations`). English, the language the source strings are written
in, has none: its messages are their own msgids. A language without a catalogue falls back to
them too, so a page never fails to render for a missing translation (the tests in tests/i18n
make sure every shipped language's catalogue is complete).

Building a page must not pay for any of this: `translations(lang)` and `locale(lang)` read their
files or Babel's data the first time a process asks for a language, then answer from a dict.
The build's forked workers inherit what the parent had loaded.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = "messages"
# The locale whose dates and plural rules stand in for a language Babel does not know (the
# tests' pseudo-locale); the language the source strings are written in.
SOURCE_LANGUAGE = "en"

_translations: dict[str, NullTranslations] = {}
_locales: dict[str, Locale] = {}


def translations(language: str) -> NullTranslations:
    """The catalogue of `language` (its msgids unchanged when it has none)."""
    try:
        return _translations[language]
    except KeyError:
        pass
    path = TRANSLATIONS_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if path.is_file():
        with path.open("rb") as file:
            loaded: NullTranslations = Translations(file, domain=DOMAIN)
    else:
        loaded = NullTranslations()
    _translations[language] = loaded
    return loaded


def locale(language: str) -> Locale:
    """Babel's locale for `language` (dates, numbers, plural rules); English's for a language
    Babel does not know."""
    try:
        return _locales[language]
    except KeyError:
        pass
    try:
        found = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        found = Locale.parse(SOURCE_LANGUAGE)
    _locales[language] = found
    return found


def language_name(code: str, language: str) -> str:
    """The name of the language `code` in `language` ("en" in Welsh: "Saesneg"), from Babel's
    data (the code itself when Babel has no name for it)."""
    name = locale(language).languages.get(code) or locale(SOURCE_LANGUAGE).languages.get(code)
    return name[:1].upper() + name[1:] if name else code


def shipped_languages() -> list[str]:
    """The languages app/translations has a catalogue for."""
    return sorted(
        path.parent.parent.name for path in TRANSLATIONS_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    )


def use_catalogue(language: str, catalogue: NullTranslations | None) -> None:
    """Put `catalogue` in place of `language`'s (None: forget it, so it is read again). For the
    tests' pseudo-locale, which is generated, not shipped."""
    if catalogue is None:
        _translations.pop(language, None)
    else:
        _translations[language] = catalogue
