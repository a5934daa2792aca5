"""Templates fail loudly on a missing variable, yet GOV.UK Frontend's macros still work."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string
from jinja2 import UndefinedError

from app import create_app
from app.jinja import init_jinja


@pytest.fixture
def app(tmp_path):
    return create_app({"DIST_DIR": str(tmp_path)})


def test_missing_variable_or_attribute_fails_the_render(app):
    with app.test_request_context():
        with pytest.raises(UndefinedError):
            render_template_string("{{ no_such_variable }}")
        with pytest.raises(UndefinedError):
            render_template_string("{{ settings.no_such_field }}", settings=object())


def test_govuk_macros_with_optional_params_and_fieldsets_render(app):
    source = (
        '{% from "govuk_frontend_jinja/components/checkboxes/macro.html" import govukCheckboxes %}'
        '{{ govukCheckboxes({"name": "colour", "fieldset": {"legend": {"text": "Pick colours"}},'
        ' "items": [{"value": "red", "text": "Red"}, {"value": "blue", "text": "Blue"}]}) }}'
    )
    with app.test_request_context():
        soup = BeautifulSoup(render_template_string(source), "html.parser")
    assert soup.select_one("fieldset legend").get_text(strip=True) == "Pick colours"
    assert [i["value"] for i in soup.select("input[type=checkbox]")] == ["red", "blue"]


def _renders(template_class) -> list[str]:
    """What a page importing a macro renders as globals change, with this Template class."""
    from flask import Flask
    from jinja2 import DictLoader

    app = Flask(__name__)
    init_jinja(app)
    app.jinja_env.template_class = template_class
    app.jinja_env.loader = DictLoader(
        {
            "macros.html": "{% macro who() %}{{ greeting }} {{ name }}{{ extra }}{% endmacro %}",
            "page.html": '{% from "macros.html" import who %}{{ who() }}',
        }
    )
    app.jinja_env.globals.update(greeting="Hello", name="world", extra="")
    seen = [app.jinja_env.get_template("page.html").render()]
    app.jinja_env.globals["name"] = "again"
    seen.append(app.jinja_env.get_template("page.html").render())
    app.jinja_env.globals["late"] = "a global added after the first import"
    seen.append(app.jinja_env.get_template("page.html").render())
    # a template given globals of its own, which the imported macro lacks
    page = app.jinja_env.get_template("page.html", globals={"greeting": "Hi", "own": 1})
    seen.append(page.render())
    seen.append(app.jinja_env.get_template("page.html").render(name="a variable"))
    return seen


def test_imports_see_the_globals_jinjas_own_template_class_sees():
    from jinja2 import Template

    from app.jinja import PortalTemplate

    assert _renders(PortalTemplate) == _renders(Template)
    assert _renders(PortalTemplate)[0] == "Hello world"
