"""Messages in templates (app/i18n/templates.py): `_()` rewritten to a filter, constant messages
folded into each language's compiled template, variables escaped where the template
autoescapes, `ngettext` and `{% trans %}` as Jinja's new-style gettext has them."""

from __future__ import annotations

from babel.support import NullTranslations
from jinja2 import DictLoader, Environment

from app.i18n import in_language, templates
from app.i18n.catalogues import use_catalogue
from app.i18n.templates import LanguageEnvironment, install_gettext

TEMPLATES = {
    "page.html": (
        '{{ _("Back") }}|{{ _("Search %(site)s", site=name) }}|{{ _(word) }}|'
        '{{ _("Step %(number)s", number=(2 + (3 * 1))) }}|'
        '{{ ngettext("%(num)s page", "%(num)s pages", 3) }}|'
        "{% trans %}Continue{% endtrans %}"
    ),
    "mail.txt": '{{ _("Search %(site)s", site=name) }}',
}


def environment(kind=LanguageEnvironment) -> Environment:
    env = kind(loader=DictLoader(TEMPLATES), autoescape=lambda name: not str(name).endswith(".txt"))
    install_gettext(env)
    return env


def test_each_language_renders_its_own_words():
    env = environment()
    page = env.get_template("page.html")
    values = {"name": "<b>GOV.NM</b>", "word": "Yes"}
    assert page.render(values) == (
        "Back|Search &lt;b&gt;GOV.NM&lt;/b&gt;|Yes|Step 5|3 pages|Continue"
    )
    with in_language("cy"):
        welsh = env.get_template("page.html")
        assert welsh is not page  # compiled for Welsh, once
        assert env.get_template("page.html") is welsh
        assert welsh.render(values) == (
            "Yn ôl|Chwilio &lt;b&gt;GOV.NM&lt;/b&gt;|Ie|Cam 5|3 tudalen|Parhau"
        )
    assert env.get_template("mail.txt").render(name="A & B") == "Search A & B"


def test_a_constant_message_is_folded_into_the_compiled_template():
    env = environment().for_language("cy")
    code = env.compile(TEMPLATES["page.html"], raw=True)
    assert "Yn ôl" in code and "'Back'" not in code  # translated when compiled
    assert "'Search %(site)s'" in code  # with variables: translated at render


def test_an_environment_of_no_language_translates_at_render():
    env = environment(Environment)
    page = env.from_string('{{ _("Back") }}')
    assert page.render() == "Back"
    with in_language("cy"):
        assert page.render() == "Yn ôl"


def test_environments_of_one_process_share_each_languages_compiled_templates():
    first, second = environment(), environment()
    second.autoescape = first.autoescape  # compiling the same way (Flask's: one method)
    with in_language("cy"):
        page = first.get_template("page.html")
        again = second.get_template("page.html")
    assert again is not page  # each environment's own template, from the same code
    assert again.root_render_func.__code__ is page.root_render_func.__code__
    english = second.get_template("page.html")
    assert english.root_render_func.__code__ is not page.root_render_func.__code__
    assert english.render(name="x", word="Yes").startswith("Back|")


def test_a_new_catalogue_or_source_is_compiled_afresh():
    first = environment()
    with in_language("cy"):
        assert first.get_template("page.html").render(name="x", word="Yes").startswith("Yn ôl|")
        use_catalogue("cy", NullTranslations())  # as the tests' pseudo-locale does
        try:
            second = environment()
            second.autoescape = first.autoescape
            assert second.get_template("page.html").render(name="x", word="Yes").startswith("Back|")
        finally:
            use_catalogue("cy", None)
        changed = environment()
        changed.autoescape = first.autoescape
        changed.loader = DictLoader({"page.html": '{{ _("Back") }}!'})
        assert changed.get_template("page.html").render() == "Yn ôl!"


def test_templates_kept_in_a_folder_are_loaded_by_another_process_not_compiled(
    tmp_path, monkeypatch
):
    """A build with a cache keeps its compiled templates there (app/pipeline): the next build's
    process loads them; with another catalogue they are compiled afresh."""
    values = {"name": "x", "word": "Yes"}
    templates.keep_compiled_in(tmp_path)
    try:
        with in_language("cy"):
            welsh = environment().get_template("page.html").render(values)
        assert len(list(tmp_path.glob("*.jinja"))) == 1

        monkeypatch.setattr(templates, "_compiled", {})  # what a new process holds
        compiled = []
        compile_source = LanguageEnvironment.compile

        def compiling(self, *args, **kwargs):
            compiled.append(args)
            return compile_source(self, *args, **kwargs)

        monkeypatch.setattr(LanguageEnvironment, "compile", compiling)
        with in_language("cy"):
            assert environment().get_template("page.html").render(values) == welsh
            assert compiled == []
            use_catalogue("cy", NullTranslations())
            try:
                english = environment().get_template("page.html").render(values)
            finally:
                use_catalogue("cy", None)
        assert english.startswith("Back|") and len(compiled) == 1
    finally:
        templates.keep_compiled_in(None)
