"""The shipped catalogues: the template matches the code, every language translates every
message with the same variables, the compiled .mo matches its .po, and the build cache knows
them. Catalogues are loaded once per process and kept per language."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app.i18n import catalogues, gettext_in, ngettext_in
from app.pipeline.cache import code_files
from tests.i18n.pseudo import template_messages

ROOT = Path(__file__).resolve().parents[2]
VARIABLE = re.compile(r"%\(\w+\)s|%\{\w+\}")


def extracted_ids(tmp_path: Path) -> set:
    """What `make translations` would extract now, with the Makefile's own command."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    command = re.search(r"pybabel extract (.*?) \\\n\t\t(.*?) \.\n", makefile)
    assert command, "the Makefile's translations target runs pybabel extract"
    keywords = re.search(r"--keywords '([^']*)'", command.group(1)).group(1)
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [Path(sys.executable).parent / "pybabel", "extract", "--mapping-file", "babel.cfg",
         "--keywords", keywords, "--output-file", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as file:
        return {message.id for message in read_po(file) if message.id}


def test_the_template_has_every_message_the_code_marks(tmp_path):
    shipped = {message.id for message in template_messages()}
    assert extracted_ids(tmp_path) == shipped, "run `make translations`"


def po(language: str):
    path = catalogues.TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        return read_po(file, locale=language)


def test_welsh_translates_every_message_with_its_variables():
    assert catalogues.shipped_languages() == ["cy"]
    welsh = po("cy")
    for message in template_messages():
        translated = welsh.get(message.id)
        assert translated is not None and not translated.fuzzy, message.id
        forms = translated.string if isinstance(translated.string, tuple) else (translated.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        assert all(forms), f"untranslated: {message.id}"
        for form in forms:
            assert set(VARIABLE.findall(form)) <= set(VARIABLE.findall(" ".join(ids))), form
            assert form.count("<") == ids[-1].count("<"), f"markup changed: {form}"
    assert len(welsh) == len(template_messages())  # nothing obsolete left behind


def strings(catalog) -> dict:
    return {
        (m.id if isinstance(m.id, str) else tuple(m.id)): (
            m.string if isinstance(m.string, str) else tuple(m.string)
        )
        for m in catalog
        if m.id
    }


def test_the_compiled_catalogue_is_the_po_compiled():
    for language in catalogues.shipped_languages():
        path = catalogues.TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.mo"
        compiled = read_mo(io.BytesIO(path.read_bytes()))
        source = po(language)
        assert strings(compiled) == strings(source), f"run `make translations` ({language})"
        assert path in code_files()  # a changed catalogue is a new build key (app/pipeline)


def test_catalogues_load_once_and_fall_back_to_the_message():
    assert catalogues.translations("cy") is catalogues.translations("cy")
    assert catalogues.locale("cy") is catalogues.locale("cy")
    assert gettext_in("cy", "Back") == "Yn ôl"
    assert gettext_in("cy", "Search %(site)s", site="GOV.NM") == "Chwilio GOV.NM"
    assert gettext_in("xx", "Back") == "Back"  # no catalogue: the English message
    assert catalogues.locale("xx").language == "en"  # nor locale: English's dates and plurals
    # Welsh's six plural forms (zero, one, two, few, many, other)
    pages = [ngettext_in("cy", "%(num)s page", "%(num)s pages", n) for n in (1, 2, 3)]
    assert pages == ["1 dudalen", "2 dudalen", "3 tudalen"]
