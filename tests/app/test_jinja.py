"""Templates fail loudly on a missing variable, yet GOV.UK Frontend's macros still work."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string
from jinja2 import UndefinedError

from app import create_app


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
