"""GOV.UK Frontend's own English in the reader's language (app/i18n/frontend_text.py)."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment, TemplateNotFound

from app.i18n import in_language
from app.i18n.frontend_text import FrontendTextLoader, character_count_params, plural_samples


def test_plural_categories_are_read_out_for_the_javascript():
    assert plural_samples("en") == {"one": 1, "other": 0}
    assert set(plural_samples("cy")) == {"zero", "one", "two", "few", "many", "other"}
    with in_language("cy"):
        params = character_count_params({"maxlength": 200, "name": "message"})
    assert params["wordsOverLimitText"]["one"] == "Mae gennych %{count} gair yn ormod"
    assert params["textareaDescriptionText"] == "Gallwch nodi hyd at %{count} nod"
    assert params["name"] == "message"
    # what a page gives stays
    given = character_count_params({"maxlength": 10, "charactersAtLimitText": "Full"})
    assert given["charactersAtLimitText"] == "Full"


def test_a_frontend_template_that_changed_is_an_error_not_english_left_behind():
    inner = DictLoader({"components/back-link/macro.html": "{{ params.text | default('Back') }}"})
    environment = Environment(loader=FrontendTextLoader(inner))
    with pytest.raises(TemplateNotFound, match="app/i18n/frontend_text.py"):
        environment.get_template("components/back-link/macro.html")
