"""A form in the reader's language: the Welsh journey through report-a-pothole (its
`translations: cy`), switching language half way with the draft kept, the submission's language,
and an English-only form on a Welsh page marked `lang="en"`. Real requests with CSRF on."""

from __future__ import annotations

import sqlalchemy as sa

from app.store import get_engine
from app.store.tables import submissions
from tests.forms.test_web import POTHOLE, POTHOLE_ROAD, answer, get, post, soup_of

CY = f"/cy{POTHOLE}"


def text_of(soup, selector: str) -> str:
    return " ".join(soup.select_one(selector).get_text(" ", strip=True).split())


def switcher(soup) -> dict[str, str]:
    """The language switcher's links: language code → address."""
    return {link["hreflang"]: link["href"] for link in soup.select("a[hreflang]")}


def stored_languages(app) -> list[str | None]:
    with get_engine(app).connect() as conn:
        return list(conn.execute(sa.select(submissions.c.language)).scalars())


def send(client, url: str) -> str:
    response = post(client, url, {})
    assert response.status_code == 303
    return response.headers["Location"]


def test_a_welsh_reader_fills_in_the_form_in_welsh(app, client):
    response = client.get(CY)
    assert response.headers["Location"] == f"{CY}/location-type"
    page = get(client, f"{CY}/location-type")
    assert page.html["lang"] == "cy"
    assert page.select_one(".govuk-back-link")["href"] == "/cy/report-a-pothole"  # its start
    assert text_of(page, "h1") == "Ble mae'r twll yn y ffordd?"
    assert text_of(page, ".govuk-caption-l") == "Rhoi gwybod am dwll yn y ffordd"
    assert [label.get_text(strip=True) for label in page.select(".govuk-radios__label")] == [
        "Ar ffordd",
        "Ar balmant neu lwybr beicio",
    ]
    assert page.select("main [lang]") == []  # all of it in the page's language
    # the error message names the answer in Welsh, in the catalogue's sentence
    wrong = soup_of(post(client, f"{CY}/location-type", {}))
    assert text_of(wrong, ".govuk-error-summary__list") == "Dewiswch ble mae'r twll"
    url = f"{CY}/location-type"
    for data in POTHOLE_ROAD:
        url = answer(client, url, data)
    assert url == f"{CY}/check-answers"
    check = get(client, url)
    keys = [key.get_text(strip=True) for key in check.select(".govuk-summary-list__key")]
    assert keys[:2] == ["Ble mae'r twll yn y ffordd?", "Beth yw enw'r ffordd?"]
    values = [value.get_text(strip=True) for value in check.select(".govuk-summary-list__value")]
    assert values[0] == "Ar ffordd" and "Mwy na theiar car" in values
    assert text_of(check, ".app-form-declaration").startswith("Rwy'n cadarnhau")
    confirmation = send(client, url)
    assert confirmation == f"{CY}/confirmation"
    done = get(client, confirmation)
    assert text_of(done, ".govuk-panel__title") == "Rydych wedi rhoi gwybod am y twll"
    assert text_of(done, ".app-form-next-steps").startswith("Byddwn yn archwilio'r twll")
    assert stored_languages(app) == ["cy"]


def test_switching_language_half_way_keeps_the_answers(app, client):
    url = answer(client, f"{POTHOLE}/location-type", {"location-type": "road"})
    url = answer(client, url, {"road-name": "Mill Lane"})
    assert url == f"{POTHOLE}/town"
    english = get(client, url)
    assert switcher(english)["cy"] == f"{CY}/town"
    welsh = get(client, switcher(english)["cy"])
    assert text_of(welsh, "h1") == "Beth yw'r dref neu'r pentref agosaf?"
    # the back link goes to the Welsh page before, whose answer is the one given in English
    back = welsh.select_one(".govuk-back-link")["href"]
    assert back == f"{CY}/road-name"
    assert get(client, back).select_one("input#road-name")["value"] == "Mill Lane"
    url = f"{CY}/town"
    for data in POTHOLE_ROAD[2:]:
        url = answer(client, url, data)
    assert url == f"{CY}/check-answers"
    # and back to English for check answers: the same draft, the whole route answered
    check = get(client, f"{POTHOLE}/check-answers")
    assert "On a road" in check.select_one(".govuk-summary-list").get_text()
    assert send(client, f"{POTHOLE}/check-answers") == f"{POTHOLE}/confirmation"
    assert stored_languages(app) == ["en"]


def test_a_form_only_in_english_is_marked_english_on_a_welsh_page(client):
    page = get(client, "/cy/forms/register-to-vote/full-name")
    assert page.html["lang"] == "cy"
    assert page.select_one(".govuk-caption-l")["lang"] == "en"
    heading = page.select_one("h1 [lang]")
    assert (heading["lang"], heading.get_text(strip=True)) == ("en", "What is your full name?")
    assert page.select_one("main button").get_text(strip=True) == "Parhau"  # the interface's


def test_the_embedded_form_and_the_save_pages_answer_in_welsh(client):
    embedded = get(client, f"{CY}/embed")
    assert embedded.html["lang"] == "cy"
    assert text_of(embedded, "h1") == "Rhoi gwybod am dwll yn y ffordd"
    assert get(client, "/cy/forms/resume").html["lang"] == "cy"


def test_the_developer_page_gives_a_snippet_for_each_language_the_form_offers(client):
    page = get(client, "/developers/forms/report-a-pothole")
    english = page.select_one("textarea#embed-snippet").get_text()
    assert 'src="https://www.gov.nm.example/forms/report-a-pothole/embed"' in english
    welsh = page.select_one("textarea#embed-snippet-cy").get_text()
    assert 'src="https://www.gov.nm.example/cy/forms/report-a-pothole/embed"' in welsh
    assert 'title="Rhoi gwybod am dwll yn y ffordd" lang="cy"' in welsh
    label = page.select_one("label[for=embed-snippet-cy] [lang=cy]")
    assert label.get_text() == "Cymraeg"
