"""`type: file`: its settings and how `check` names a misplaced one, its messages, the answers the
engine takes (only the shape an upload gives), the widget's parameters and check your answers."""

from __future__ import annotations

import pytest

from app.forms.answers import check_answer
from app.forms.definition import Page
from app.forms.questions import descriptor_of, takes_file
from app.forms.questions.file import DEFAULT_MAX_SIZE_MB
from tests.forms.helpers import TODAY, page

UPLOAD = {
    "id": "file_" + "a" * 22,
    "filename": "pothole <1>.jpg",
    "content_type": "image/jpeg",
    "size": 1234,
}


def photo(**fields) -> Page:
    return page("file", name="a photo of the pothole", **fields)


def test_a_file_question_takes_its_own_settings_and_others_do_not():
    question = photo(accept=["jpg", "png"], max_size_mb=2.5, strip_metadata=True)
    kind = descriptor_of(question)
    assert takes_file(question) and not takes_file(page("text"))
    assert kind.accept(question) == ("jpg", "png")
    assert (kind.max_size_mb(question), kind.max_bytes(question)) == (2.5, 2_621_440)
    assert kind.strips_metadata(question) and question.setting_problems() == []
    plain = page("file")
    assert kind.accept(plain) == ("pdf", "jpg", "png")
    assert kind.max_size_mb(plain) == DEFAULT_MAX_SIZE_MB == 7
    assert page("text", accept=["pdf"]).setting_problems() == [
        (("accept",), "`accept` is only for file questions: remove it")
    ]
    assert photo(max_size_mb=500).setting_problems() == [
        (("max_size_mb",), "`max_size_mb` must be above 0 and at most 100")
    ]


def test_an_unknown_kind_is_refused_by_the_schema():
    with pytest.raises(ValueError, match="accept"):
        photo(accept=["exe"])


def test_a_missing_file_is_select_and_an_optional_one_may_be_left_out():
    assert [e.message for e in check_answer(photo(), None, TODAY)[1]] == [
        "Select a photo of the pothole"
    ]
    assert [e.message for e in check_answer(page("file"), "", TODAY)[1]] == ["Select a file"]
    assert check_answer(photo(optional=True), "", TODAY) == (None, [])


def test_only_an_uploads_answer_is_taken():
    assert check_answer(photo(), UPLOAD, TODAY) == (UPLOAD, [])
    for wrong in ("file_" + "a" * 22, {**UPLOAD, "data": "…"}, {"id": UPLOAD["id"]}, 3, [UPLOAD]):
        _value, errors = check_answer(photo(), wrong, TODAY)
        assert [e.message for e in errors] == [
            "The answer must be the id of a file uploaded to POST /api/v1/forms/<id>/files"
        ], wrong
    # an upload of a kind the question no longer accepts (the form changed meanwhile)
    _value, errors = check_answer(photo(accept=["pdf"]), UPLOAD, TODAY)
    assert [e.message for e in errors] == ["The selected file must be a PDF"]


def test_the_widget_names_the_file_given_and_check_answers_escapes_it():
    question = photo(hint="A JPG or PNG.", accept=["jpg", "png"])
    kind = descriptor_of(question)
    params = kind.params(question, UPLOAD, [])
    assert params["attributes"] == {"accept": ".jpg,image/jpeg,.png,image/png"}
    assert params["hint"] == {
        "text": "A JPG or PNG. You have uploaded pothole <1>.jpg. "
        "Choose another file to replace it."
    }
    assert kind.params(question, None, [])["hint"] == {"text": "A JPG or PNG."}
    assert str(kind.check_answers_html(question, UPLOAD)) == "pothole &lt;1&gt;.jpg"
    assert str(kind.check_answers_html(question, None)) == "Not given"
