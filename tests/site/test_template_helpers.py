"""Functions the site's templates call (app/site/template_helpers.py)."""

from __future__ import annotations

from markupsafe import Markup

BREADCRUMBS = (
    '{% from "govuk_frontend_jinja/components/breadcrumbs/macro.html" import govukBreadcrumbs %}'
    "{{ breadcrumbs_html(govukBreadcrumbs, crumbs) }}"
)


def test_breadcrumbs_are_rendered_once_for_each_trail_escaped_as_each_was_given(small_app):
    with small_app.test_request_context("/"):
        template = small_app.jinja_env.from_string(BREADCRUMBS)

        def links(crumbs):
            html = template.render(crumbs=crumbs)
            return html.count('class="govuk-breadcrumbs__link"'), html

        count, plain = links([("Home", "/"), ("Tax & money", "/browse/tax")])
        assert count == 2 and "Tax &amp; money" in plain
        assert links([("Home", "/"), ("Tax & money", "/browse/tax")])[1] == plain
        # the same text as markup is not escaped again: a trail of its own
        marked = links([("Home", "/"), (Markup("Tax &amp; money"), "/browse/tax")])[1]
        assert marked == plain
        assert "Tax <b>money</b>" in links([("Home", "/"), (Markup("Tax <b>money</b>"), "/t")])[1]
        assert "Tax &lt;b&gt;money" in links([("Home", "/"), ("Tax <b>money</b>", "/t")])[1]
        assert links([("Home", "/")]) == (1, links([("Home", "/")])[1])
        assert "/browse/other" in links([("Home", "/"), ("Tax & money", "/browse/other")])[1]


def test_a_trail_is_rendered_by_the_macro_once_in_each_language(small_app):
    calls = []

    def macro(params):
        calls.append(params)
        return Markup(" / ").join(item["text"] for item in params["items"])

    source = "{{ breadcrumbs_html(macro, crumbs) }}"
    trail = [("Home", "/"), ("Roads", "/browse/roads")]
    with small_app.test_request_context("/"):
        environment = small_app.jinja_env.for_language("en")
        template = environment.from_string(source)
        assert template.render(macro=macro, crumbs=trail) == "Home / Roads"
        assert template.render(macro=macro, crumbs=list(trail)) == "Home / Roads"
        assert len(calls) == 1
        assert template.render(macro=macro, crumbs=trail[:1]) == "Home"
        assert len(calls) == 2
        welsh = small_app.jinja_env.for_language("cy").from_string(source)
        assert welsh.render(macro=macro, crumbs=trail) == "Home / Roads"
        assert len(calls) == 3  # another language's environment, another memo
