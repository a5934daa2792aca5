"""No English left hard-coded: every page type of the built sample site (its Welsh pages too),
every state of a form, "save and come back later", search, feedback and error pages, and the
emails, rendered with the pseudo-locale's catalogue (tests/i18n/pseudo.py), show no visible text
outside ⟦…⟧ that is not content.

One build of the sample content with its search index, and one service on it: the catalogue is
put in English's place for this module only (the build's forked workers inherit it), then taken
away."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from markupsafe import escape

from app import create_app
from app.forms.registry import load_form
from app.i18n.catalogues import use_catalogue
from app.mail.cli import settings_for
from app.mail.compose import Email, Sender, compose
from app.mail.outbox import CONFIRMATION, COPY, RESUME, Claimed
from app.mail.worker import send_due
from app.outbox.queue import Outcome
from app.pipeline import build
from app.store import dispose, get_engine
from app.store import repository as store
from app.store.tables import drafts, resume_links
from tests.conftest import SAMPLE, BuiltSite
from tests.forms.test_web import BIRTH, BIRTH_ANSWERS, answer, get, post, start
from tests.i18n.pseudo import Content, leftovers, pseudo_catalogue

GRANT = "/forms/apply-for-a-household-support-grant"
GRANT_ANSWERS = [
    {"lives-in-northmere": "yes"},
    {"benefits": ["pension-credit"]},
    {"full-name": "Ada Lovelace"},
    {"address-line1": "1 High Street", "address-town": "Northtown", "address-postcode": "sw1a1aa"},
    {"member-name": "Ada Lovelace"},
    {
        "member-date-of-birth-day": "10",
        "member-date-of-birth-month": "12",
        "member-date-of-birth-year": "1985",
    },
    {"member-works": "yes"},
]
# The pseudo-locale stands in for every language the sample site is in, so its Welsh pages are
# checked as its English ones
LANGUAGES = ("en", "cy")
TYPED = [
    value
    for answers in [*GRANT_ANSWERS, *BIRTH_ANSWERS.values()]
    for value in answers.values()
    if isinstance(value, str)
]


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory):
    for language in LANGUAGES:
        use_catalogue(language, pseudo_catalogue())
    try:
        root = tmp_path_factory.mktemp("pseudo")
        built = BuiltSite(root / "dist", build(SAMPLE, root / "dist", index_dir=root / "index"))
        built.index = root / "index"
        yield built
    finally:
        for language in LANGUAGES:
            use_catalogue(language, None)


@pytest.fixture(scope="module")
def content() -> Content:
    return Content(SAMPLE, TYPED)


@pytest.fixture(scope="module")
def service(pseudo_site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pseudo-service")
    app = create_app(
        {
            "DIST_DIR": str(pseudo_site.out),
            "CONTENT_DIR": str(SAMPLE),
            "SEARCH_INDEX_DIR": str(pseudo_site.index),
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{folder / 'portal.db'}",
            # a mail server named (none is reached: nothing is sent here), so check answers
            # offers the copy of the answers by email
            "SMTP_HOST": "127.0.0.1",
            "MAIL_FROM": "Portal <no-reply@gov.nm.example>",
        }
    )
    yield app
    dispose(app)


def unmarked(html: str, content: Content, where: str) -> None:
    left = leftovers(html, content)
    assert left == [], f"{where}: text outside the catalogue's markers: {left}"


def test_every_built_page_is_all_catalogue_or_content(pseudo_site, content):
    pages = pseudo_site.html_files()
    assert len(pages) > 100
    built = {str(path.relative_to(pseudo_site.out)) for path in pages}
    # Welsh pages among them: the home page, a guide's part, a listing
    welsh = {"cy/index.html", "cy/living-allowance/eligibility.html", "cy/news.html"}
    assert welsh <= built
    for page in welsh:  # their interface text went through the (pseudo) catalogue
        assert "⟦Skip to main content⟧" in (pseudo_site.out / page).read_text(encoding="utf-8")
    found = {
        str(path.relative_to(pseudo_site.out)): left
        for path in pages
        if (left := leftovers(path.read_text(encoding="utf-8"), content))
    }
    assert found == {}


def check(client, content: Content, url: str, status: int = 200) -> None:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    unmarked(response.get_data(as_text=True), content, url)


def checked(response, content: Content, where: str):
    unmarked(response.get_data(as_text=True), content, where)
    return response


def test_search_feedback_and_error_pages(service, content):
    client = service.test_client()
    for url in (
        "/search",
        "/search?q=pothole",
        "/search?q=tax&type=guidance&order=-updated",
        "/search?q=tax&page=99",
        "/search?q=zzqxjv",
        "/search?q=potholr",
        "/feedback/site",
        "/feedback/what-went-wrong?path=/",
        "/feedback/thanks?path=/",
        "/forms/delete",
        f"{GRANT}/embed",
    ):
        check(client, content, url)
    check(client, content, "/no-such-page", 404)
    # the feedback forms' errors
    for url, data in (
        ("/feedback/site", {"message": ""}),
        ("/feedback/what-went-wrong?path=/", {}),
    ):
        response = post(client, url, data)
        assert response.status_code == 400
        checked(response, content, f"{url} (errors)")
    checked(client.post("/feedback", data={"useful": "maybe"}), content, "/feedback (refused)")
    # the deletion page's errors, and a post without its CSRF token
    response = post(client, "/forms/delete", {"reference": "x", "code": ""})
    checked(response, content, "/forms/delete (errors)")
    checked(client.post(f"{BIRTH}/name-at-birth", data={}), content, "CSRF refused")
    unavailable = create_app({**service.config, "SEARCH_INDEX_DIR": "/nonexistent/index"})
    check(unavailable.test_client(), content, "/search?q=tax", 503)


def test_every_state_of_a_form(service, content):
    client = service.test_client()
    url = start(client, GRANT)
    # a question, then its errors
    check(client, content, url)
    checked(post(client, url, {}), content, f"{url} (errors)")
    # the exit page, then back on the way
    exit_page = answer(client, url, {"lives-in-northmere": "no"})
    check(client, content, exit_page)
    summary = f"{GRANT}/household"
    for data in GRANT_ANSWERS:
        if url == summary:  # no entries yet: the first entry's first question
            url = f"{summary}/1/member-name"
        check(client, content, url)
        checked(post(client, url, {key: "" for key in data}), content, f"{url} (errors)")
        url = answer(client, url, data)
    # the repeating group's summary, its error, and removing an entry
    check(client, content, summary)
    checked(post(client, summary, {}), content, f"{summary} (errors)")
    check(client, content, f"{summary}/1/remove")
    checked(post(client, f"{summary}/1/remove", {}), content, "remove (errors)")
    url = answer(client, summary, {"add-another": "no"})
    while not url.endswith("/check-answers"):
        page = get(client, url)
        checked_page = client.get(url)
        unmarked(checked_page.get_data(as_text=True), content, url)
        url = answer(client, url, first_choices(page))
    # check answers with the email copy, its error, then the confirmation
    check(client, content, url)
    checked(post(client, url, {"send-copy": "yes", "copy-email": ""}), content, "copy (errors)")
    confirmation = answer(client, url, {})
    soup = get(client, confirmation)
    unmarked(str(soup), content, confirmation)
    reference = soup.select_one(".app-reference").get_text()
    code = soup.select_one(".app-deletion-code").get_text()
    # deleting it
    done = post(
        client,
        f"/forms/delete?form={GRANT.rsplit('/', 1)[1]}",
        {"reference": reference, "code": code},
    )
    assert done.status_code == 303
    check(client, content, done.headers["Location"])


# An answer by the input's type, or the end of its name (a date's -day, -month, -year)
EXAMPLES = {"email": "ada@example.com", "tel": "01632 960 001", "year": "1990", "-day": "1"}


def first_choices(soup) -> dict:
    """An answer to the page's question: the first option, else the field's example."""
    data = {}
    for field in soup.select(
        "main form input[name], main form select[name], main form textarea[name]"
    ):
        name = field["name"]
        if name == "csrf_token" or name in data:
            continue
        if field.get("type") in ("radio", "checkbox"):
            data[name] = field["value"]
        else:
            data[name] = EXAMPLES.get(field.get("type") or "", EXAMPLES.get(name[-4:], "100"))
    return data


def test_an_expired_session(service, content):
    client = service.test_client()
    url = answer(client, start(client, BIRTH), BIRTH_ANSWERS["name-at-birth"])
    with get_engine(service).begin() as conn:
        conn.execute(drafts.delete())
    check(client, content, url)


def unmarked_email(email: Email, content: Content, where: str, link: str = "") -> None:
    """The email's subject, text and HTML: the text's lines as paragraphs, so each is a node
    (`link`, the resume link's address, is on its own line of the text: data, not words)."""
    text = [line for line in email.text.splitlines() if not link or line != link]
    lines = "".join(f"<p>{escape(line)}</p>" for line in [email.subject, *text])
    unmarked(f"<body>{lines}</body>", content, f"{where} (subject and text)")
    unmarked(email.html, content, f"{where} (HTML)")


def test_the_emails(service, content):
    """The emails as the mail worker composes them: a receipt and a copy (the resume email is
    test_saving_and_coming_back's)."""
    with service.app_context():
        form = load_form("report-a-pothole")
    moment = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)
    for kind in (COPY, CONFIRMATION):
        claimed = Claimed(
            1, "HDJ4KM2P", form.id, kind, "m1", "a@example.com", 0, moment, moment, {}
        )
        email = compose(claimed, form, Sender("Portal <no-reply@gov.nm.example>", "GOV.NM"))
        unmarked_email(email, content, f"the {kind} email")


def resume_emails(service) -> list[Email]:
    """The resume emails due (not the receipts of the forms sent before), as the mail worker
    writes them: handed to a transport that keeps them instead of sending."""
    written: list[Email] = []

    def keep(email: Email) -> Outcome:
        written.append(email)
        return Outcome(250, None, 0.0)

    with service.app_context():
        send_due(get_engine(service), dataclasses.replace(settings_for(service), transport=keep))
    return [email for email in written if email.kind == RESUME]


def test_saving_and_coming_back(service, content):
    """Every page of "Save and come back later" (the household support grant offers it): the
    save choice with an unsaved answer and with its error, the code shown, the email address and
    its error, "Check your email", the resume form and its errors, the emailed link live, used,
    expired and unknown, and the resume email."""
    client = service.test_client()
    benefits = answer(client, start(client, GRANT), GRANT_ANSWERS[0])
    saving = post(client, benefits, {"save-for-later": "yes"})  # nothing ticked: not saved
    save = saving.headers["Location"]
    check(client, content, save)
    checked(post(client, save, {}), content, f"{save} (errors)")
    shown = answer(client, save, {"how": "code"})
    soup = get(client, shown)
    unmarked(str(soup), content, shown)
    reference = soup.select_one(".app-reference").get_text()

    by_email = answer(client, save, {"how": "email"})
    check(client, content, by_email)
    checked(post(client, by_email, {"email": ""}), content, f"{by_email} (errors)")
    check(client, content, answer(client, by_email, {"email": "ada@example.com"}))
    answer(client, save, {"how": "email"})
    answer(client, by_email, {"email": "grace@example.com"})  # a second link, to expire

    resume = "/forms/resume"
    check(client, content, resume)
    checked(post(client, resume, {"reference": "x", "code": ""}), content, f"{resume} (errors)")
    wrong = {"reference": reference, "code": "AAAA-BBBB-CCCC"}
    checked(post(client, resume, wrong), content, f"{resume} (no match)")

    emails = resume_emails(service)
    assert len(emails) == 2
    links = [re.search(r"\S+/forms/resume/\S+", email.text)[0] for email in emails]
    unmarked_email(emails[0], content, "the resume email", links[0])
    used, expiring = (link[link.index("/forms/resume/") :] for link in links)
    check(client, content, used)
    assert post(client, used, {}).status_code == 303
    check(client, content, used, 410)
    with get_engine(service).begin() as conn:
        past = store.utcnow() - dt.timedelta(minutes=1)
        conn.execute(resume_links.update().values(expires_at=past))
    check(client, content, expiring, 410)
    check(client, content, f"{resume}/{'x' * 43}", 404)
