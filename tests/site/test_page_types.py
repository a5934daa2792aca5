"""Every page type of the small fixture, checked through the built HTML."""

from __future__ import annotations

import pytest


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def test_every_page_has_the_frame(small_site):
    for path in small_site.html_files():
        if path.name in {"rules-of-the-road.html", "old-roads.html"}:
            continue  # redirect pages are bare on purpose
        soup = small_site.soup("/" + str(path.relative_to(small_site.out)))
        assert soup.select_one("a.govuk-skip-link[href='#main-content']"), path
        assert soup.select_one("main#main-content"), path
        assert soup.select_one("header .app-header__name").get_text(strip=True) == "GOV.TEST"
        assert soup.select_one("footer.govuk-footer"), path
        assert soup.title.get_text().endswith(" - GOV.TEST") or path.name == "index.html", path
        assert soup.select_one("html")["lang"] == "en"
        # The portal brands itself: no GOV.UK crown, crest or font anywhere.
        html = str(soup)
        assert "govuk-crest" not in html and "govuk-header__logotype" not in html


def test_content_pages_have_breadcrumbs_updated_related_and_feedback(small_site):
    soup = small_site.soup("/road-rules")
    crumbs = [text(a) for a in soup.select(".govuk-breadcrumbs__list-item a")]
    assert crumbs == ["Home", "Roads and travel", "Potholes"]
    assert text(soup.select_one("h1")) == "Road rules"
    history = soup.select(".app-change-history__item")
    assert [text(item.select_one("time")) for item in history] == [
        "2 March 2026",
        "10 January 2025",
    ]
    assert soup.select_one(".app-metadata time")["datetime"] == "2026-03-02"
    related = [(a["href"], text(a)) for a in soup.select(".app-related a")]
    assert related == [
        ("/fix-a-road", "Fix a road"),
        ("/organisations/roads-agency", "Roads Agency"),
    ]
    feedback = soup.select_one(".app-feedback")
    assert feedback.select_one("form[action='/feedback'][method=post]")
    assert {b["value"] for b in feedback.select("button[name=useful]")} == {"yes", "no"}
    report = feedback.select_one(".app-feedback__report a")["href"]
    assert report.startswith("mailto:feedback@gov.test.example?subject=")
    assert "road-rules" in report


def test_answer_contents_list_comes_from_headings(small_site):
    soup = small_site.soup("/road-rules")
    links = [(a["href"], text(a)) for a in soup.select(".app-contents-list a")]
    assert links == [
        ("#speed-limits", "Speed limits"),
        ("#parking", "Parking"),
        ("#cycling", "Cycling"),
    ]
    for href, _ in links:
        assert soup.select_one(href)


def test_page_part_of_step_by_step(small_site):
    for url in ("/road-rules", "/fix-a-road", "/report-a-pothole"):
        link = small_site.soup(url).select_one(".app-step-nav-related a")
        assert link["href"] == "/learn-the-roads", url


def test_guide_parts_navigation_and_print(small_site):
    first = small_site.soup("/fix-a-road")
    parts = first.select(".app-contents-list__item")
    assert [text(p) for p in parts] == ["Overview", "Report damage", "Repairs"]
    assert "app-contents-list__item--active" in parts[0]["class"]
    assert first.select_one(".govuk-pagination__next a")["href"] == "/fix-a-road/report"
    assert first.select_one(".govuk-pagination__prev") is None

    middle = small_site.soup("/fix-a-road/report")
    assert middle.title.get_text().startswith("Report damage: Fix a road")
    assert middle.select_one(".govuk-pagination__prev a")["href"] == "/fix-a-road"
    assert middle.select_one(".govuk-pagination__next a")["href"] == "/fix-a-road/repairs"
    assert middle.select_one(".app-print-link a")["href"] == "/fix-a-road/print"

    printed = small_site.soup("/fix-a-road/print")
    headings = [text(h) for h in printed.select(".app-guide__print-part > h2")]
    assert headings == ["1. Overview", "2. Report damage", "3. Repairs"]
    assert "Repairs take 5 days." in text(printed.select_one("main"))


def test_start_page_button_between_intro_and_rest(small_site):
    soup = small_site.soup("/report-a-pothole")
    button = soup.select_one("a.govuk-button--start")
    assert button["href"] == "/forms/report-a-pothole"
    assert text(button) == "Start now"
    intro = button.find_previous("p")
    assert text(intro) == "Use this service to report a pothole."
    assert text(button.find_next("h2")) == "Before you start"


def test_step_by_step_numbers_and_logic(small_site):
    soup = small_site.soup("/learn-the-roads")
    steps = soup.select(".app-step-nav__step")
    circles = [text(s.select_one(".app-step-nav__circle")) for s in steps]
    assert circles == ["Step 1 :", "Step 2 :", "Step 2 or"]
    assert [a["href"] for a in soup.select(".app-step-nav__links a")] == [
        "/road-rules",
        "/fix-a-road",
        "/report-a-pothole",
    ]
    assert steps[1].select_one(".govspeak em").get_text() == "two"
    assert text(steps[2].select_one(".app-step-nav__cost")) == "Free"


def test_consultation_open_on_build_day_with_outcome(small_site):
    soup = small_site.soup("/road-charges-consultation")
    assert text(soup.select_one(".app-consultation-status .govuk-tag")) == "Open consultation"
    assert soup.select_one(".app-consultation-status--open")
    assert soup.select_one("a[href='mailto:charges@gov.test.example']")
    assert text(soup.select_one("#outcome + .govspeak")) == "We will not charge for roads."
    orgs = [text(a) for a in soup.select(".app-metadata a")]
    assert orgs[:2] == ["Roads Agency", "Test Office"]


def test_news_has_published_date(small_site):
    soup = small_site.soup("/new-roads-announced")
    assert text(soup.select_one(".govuk-caption-l")) == "News story"
    terms = [text(dt) for dt in soup.select(".app-metadata__term")]
    assert "Published" in terms


def test_organisation_pages(small_site):
    index = small_site.soup("/organisations")
    assert [a["href"] for a in index.select(".app-organisation-list a")] == [
        "/organisations/roads-agency",
        "/organisations/test-office",
    ]
    soup = small_site.soup("/organisations/roads-agency")
    assert text(soup.select_one("h1")).startswith("Roads Agency")
    groups = [text(h) for h in soup.select("main h2.govuk-heading-l")]
    assert groups == ["What we do", "Services", "Guidance", "News", "Consultations"]
    assert soup.select_one("a[href='/organisations/test-office']")  # its parent
    assert "0300 000 0000" in text(soup.select_one(".contact"))
    assert soup.select_one("link[rel=alternate][type='application/atom+xml']")["href"] == (
        "/feeds/organisations/roads-agency.atom"
    )
    parent = small_site.soup("/organisations/test-office")
    assert parent.select_one("a[href='/organisations/roads-agency']")


def test_browse_pages(small_site):
    roads = small_site.soup("/browse/roads")
    assert [a["href"] for a in roads.select(".app-topic-list a")] == ["/browse/potholes"]
    potholes = small_site.soup("/browse/potholes")
    crumbs = [text(a) for a in potholes.select(".govuk-breadcrumbs a")]
    assert crumbs == ["Home", "Roads and travel"]
    listed = {a["href"] for a in potholes.select(".app-document-list__title")}
    assert listed == {"/road-rules", "/fix-a-road", "/report-a-pothole"}
    empty = small_site.soup("/browse/government")
    assert "There are no pages about this topic yet." in text(empty.select_one("main"))


def test_a_to_z_lists_services_and_guidance_not_news(small_site):
    soup = small_site.soup("/a-to-z")
    letters = [text(h) for h in soup.select(".app-a-to-z__heading")]
    assert letters == ["F", "L", "R"]
    titles = [text(a) for a in soup.select("main ul.govuk-list a")]
    assert titles == [
        "Fix a road",
        "Learn the roads: step by step",
        "Report a pothole",
        "Road rules",
    ]


def test_home_news_and_404(small_site):
    home = small_site.soup("/")
    assert [a["href"] for a in home.select(".app-topic-grid a")] == [
        "/browse/roads",
        "/browse/government",
    ]
    news = small_site.soup("/news")
    assert [a["href"] for a in news.select(".app-document-list__title")] == [
        "/road-charges-consultation",
        "/new-roads-announced",
    ]
    missing = small_site.soup("/404.html")
    assert text(missing.select_one("h1")) == "Page not found"


@pytest.mark.parametrize("url", ["/road-rules", "/fix-a-road/report", "/organisations"])
def test_canonical_links_use_base_url(small_site, url):
    canonical = small_site.soup(url).select_one("link[rel=canonical]")["href"]
    assert canonical == "https://www.gov.test.example" + url


def test_brand_colours_come_from_content(small_site):
    css = (small_site.out / "assets" / "brand.css").read_text()
    assert ":root{--portal-brand:#00703c}" in css
    assert ".app-org-colour--test-office{--org-colour:#4c2c92}" in css
    # An organisation without its own colour gets the portal's.
    assert ".app-org-colour--roads-agency{--org-colour:#00703c}" in css


def test_every_page_type_is_listed_in_one_organisation_group_sorted_one_way():
    from app.content.page_types import PAGE_KINDS
    from app.site.listings import ORGANISATION_GROUPS

    for heading in ORGANISATION_GROUPS:
        kinds = [kind for kind in PAGE_KINDS.values() if kind.organisation_group == heading]
        assert kinds, f"no page type is listed under {heading}"
        assert len({kind.dated for kind in kinds}) == 1, heading  # a group sorts all one way
    assert {kind.organisation_group for kind in PAGE_KINDS.values()} <= set(ORGANISATION_GROUPS)


def test_each_pages_caption_and_listing_label_is_its_types_label(small_site):
    site = small_site.result.site
    captioned = 0
    for page in site.pages.values():
        caption = small_site.soup(page.url).select_one(".govuk-caption-l")
        if caption is not None:  # guides and start pages have none: their title says enough
            assert text(caption) == page.kind.label, page.url
            captioned += 1
    assert captioned >= 4
    listed = small_site.soup("/browse/potholes").select(".app-document-list__item")
    for item in listed:
        page = site.pages[item.select_one("a")["href"]]
        assert text(item.select_one(".app-document-list__attribute")) == page.kind.label
