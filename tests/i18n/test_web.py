"""The interface in the reader's language: with `g.language` set to "cy" (as the /cy/ prefix and
the page being frozen set it), a built page and a form's pages show Welsh, GOV.UK Frontend's
own text and the JavaScript's character count messages included; without it, the site's
default language (English in the sample)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask import g

from app import create_app
from app.pipeline import check as load_checked
from app.store import dispose
from tests.conftest import SAMPLE
from tests.forms.conftest import forms_app
from tests.forms.test_web import BIRTH, BIRTH_ANSWERS, answer, post, start

GRANT = "/forms/apply-for-a-household-support-grant"


def in_welsh(app, welsh: bool = True) -> None:
    @app.before_request
    def reader_language():
        if welsh:
            g.language = "cy"


def soup(response) -> BeautifulSoup:
    assert response.status_code in (200, 400), response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture(scope="module")
def sample():
    site, _problems = load_checked(SAMPLE)
    return site


@pytest.mark.parametrize("welsh", [True, False])
def test_a_built_page_in_the_readers_language(sample, welsh):
    # the static-site view sets g.language from the page's language: the Welsh translation of a
    # guide's part is in Welsh, the English original in English
    app = create_app({"SITE": sample})
    path = "/living-allowance/eligibility"
    page = soup(app.test_client().get(f"/cy{path}" if welsh else path))
    texts = {
        "skip": page.select_one(".govuk-skip-link").get_text(strip=True),
        "crumb": page.select_one(".govuk-breadcrumbs__list-item").get_text(strip=True),
        "feedback": page.select_one("#feedback-prompt").get_text(strip=True),
        "search": page.select_one("label[for=site-search]").get_text(strip=True),
        "updated": page.select_one(".app-change-history strong").contents[0].strip(),
    }
    if welsh:
        assert texts == {
            "skip": "Neidio i’r prif gynnwys",
            "crumb": "Hafan",
            "feedback": "A yw’r dudalen hon yn ddefnyddiol?",
            "search": "Chwilio GOV.NM",
            "updated": "Diweddarwyd ddiwethaf",
        }
    else:
        assert texts["skip"] == "Skip to main content" and texts["crumb"] == "Home"
    # the date in the language's words: 2 Hydref 2026, 2 October 2026
    month = page.select_one(".app-change-history time").get_text().split()[1]
    months = WELSH_MONTHS if welsh else ENGLISH_MONTHS
    assert month in months


WELSH_MONTHS = (
    "Ionawr Chwefror Mawrth Ebrill Mai Mehefin Gorffennaf Awst Medi Hydref Tachwedd Rhagfyr"
)
ENGLISH_MONTHS = (
    "January February March April May June July August September October November December"
)


@pytest.fixture
def welsh_service(sample_site, tmp_path):
    app = forms_app(sample_site, tmp_path)
    in_welsh(app)
    yield app
    dispose(app)


def test_a_form_in_welsh(welsh_service):
    client = welsh_service.test_client()
    url = answer(client, start(client, BIRTH), BIRTH_ANSWERS["name-at-birth"])
    question = soup(client.get(url))
    assert question.select_one(".govuk-back-link").get_text(strip=True) == "Yn ôl"
    assert question.select_one("main form button").get_text(strip=True) == "Parhau"
    labels = [label.get_text(strip=True) for label in question.select(".govuk-date-input label")]
    assert labels == ["Diwrnod", "Mis", "Blwyddyn"]
    # the errors, in GOV.UK's Welsh words around the form's own (still English) name
    errors = soup(post(client, url, {"date-of-birth-day": "31", "date-of-birth-month": "2",
                                     "date-of-birth-year": "1985"}))  # fmt: skip
    assert errors.select_one("title").get_text().startswith("Gwall: ")
    assert errors.select_one(".govuk-error-summary__title").get_text(strip=True) == (
        "Mae problem wedi codi"
    )
    message = errors.select_one(".govuk-error-message").get_text(strip=True)
    assert message.startswith("Gwall:") and "fod yn ddyddiad go iawn" in message
    # check answers: the date in Welsh, "Change" and the button in Welsh
    url = answer(client, url, BIRTH_ANSWERS["date-of-birth"])
    for page_id in list(BIRTH_ANSWERS)[2:]:
        url = answer(client, url, BIRTH_ANSWERS[page_id])
    answers = soup(client.get(url))
    assert "10 Rhagfyr 1985" in answers.select_one(".govuk-summary-list").get_text()
    change = answers.select_one(".govuk-summary-list__actions a").get_text(" ", strip=True)
    assert change.startswith("Newid ")
    assert answers.select_one("main form button").get_text(strip=True) == "Derbyn ac anfon"


def test_the_character_count_speaks_welsh_to_its_javascript(welsh_service):
    page = soup(welsh_service.test_client().get("/feedback/site"))
    count = page.select_one("[data-module=govuk-character-count]")
    assert count["data-i18n.characters-under-limit.other"] == "Mae gennych %{count} nod ar ôl"
    assert count["data-i18n.characters-under-limit.two"] == "Mae gennych %{count} nod ar ôl"
    assert count["data-i18n.characters-over-limit.other"] == "Mae gennych chi %{count} nod yn ormod"
    assert count["data-i18n.characters-at-limit"] == "Mae gennych 0 nod ar ôl"
    assert (
        page.select_one(".govuk-character-count__message")
        .get_text(strip=True)
        .startswith("Gallwch nodi hyd at")
    )


def test_saving_a_form_and_coming_back_in_welsh(welsh_service):
    """ "Save and come back later" (the grant form offers it, by code here: no email is set)."""
    client = welsh_service.test_client()
    url = answer(client, start(client, GRANT), {"lives-in-northmere": "yes"})
    question = soup(client.get(url))
    buttons = [button.get_text(strip=True) for button in question.select("main form button")]
    assert buttons == ["Parhau", "Cadw a dod yn ôl yn nes ymlaen"]
    save = answer(client, url, {"save-for-later": "yes"})
    page = soup(client.get(save))
    assert page.h1.get_text() == "Cadw eich atebion a dod yn ôl yn nes ymlaen"
    assert "am 28 diwrnod" in page.select_one("main p.govuk-body").get_text()
    shown = soup(client.get(answer(client, save, {})))
    assert shown.select_one(".govuk-panel__title").get_text(strip=True) == (
        "Mae eich atebion wedi’u cadw"
    )
    until = shown.find(string=lambda text: "Byddwn yn cadw eich atebion tan" in text)
    assert until.split("tan ")[1].split()[1] in WELSH_MONTHS
    errors = soup(post(client, "/forms/resume", {"reference": "x", "code": ""}))
    assert [error.get_text(strip=True) for error in errors.select(".govuk-error-message")] == [
        "Gwall:Rhowch eich cyfeirnod fel yr oedd yn ymddangos pan wnaethoch gadw eich atebion, "
        "8 llythyren a rhif, fel HDJ4KM2P",
        "Gwall:Rhowch eich cod ailddechrau",
    ]


def test_fragments_rendered_once_follow_the_language_and_the_settings(sample):
    # the skip link and phase banner are rendered once, and the breadcrumbs once for each trail
    # (rendered_once, breadcrumbs_html, template_helpers.py): one app serving English, Welsh,
    # then English again shows each page its own language's, and new settings (a new build's
    # site.yaml) are shown at once
    app = create_app({"SITE": sample})
    client = app.test_client()

    def fragments(path):
        page = soup(client.get(path))
        return (
            page.select_one(".govuk-skip-link").get_text(strip=True),
            page.select_one(".govuk-phase-banner__text").get_text(" ", strip=True),
            [crumb.get_text(strip=True) for crumb in page.select(".govuk-breadcrumbs__link")],
        )

    english = fragments("/living-allowance")
    welsh = fragments("/cy/living-allowance")
    assert english[0] == "Skip to main content" and welsh[0] == "Neidio i’r prif gynnwys"
    assert welsh[1].startswith("Mae hwn yn wasanaeth newydd") and english[1] != welsh[1]
    assert english[2] == ["Home", "Benefits", "Living Allowance"]
    assert welsh[2] == ["Hafan", "Budd-daliadau", "Lwfans Byw"]
    assert fragments("/living-allowance") == english
    assert fragments("/vehicle-tax-rates")[:2] == english[:2]
    assert fragments("/vehicle-tax-rates")[2] == ["Home", "Driving and transport", "Vehicle tax"]
    settings = sample.settings
    banner = settings.phase_banner.model_copy(update={"text": "Changed banner text"})
    sample.settings = settings.model_copy(update={"phase_banner": banner})
    try:
        assert fragments("/vehicle-tax-rates")[1] == "Changed banner text"
    finally:
        sample.settings = settings
