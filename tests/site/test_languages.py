"""The sample site in Welsh, as built: each page in its language, linked to its translations,
with a language switcher; listings in the reader's language with a marked fallback; the sitemap,
feeds and content JSON know the language."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from babel.dates import get_month_names

BASE = "https://www.gov.nm.example"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _alternates(soup) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"] for link in soup.select("head link[rel=alternate][hreflang]")
    }


def test_a_translated_page_is_in_its_language_and_links_to_the_others(sample_site):
    welsh = sample_site.soup("/cy/report-a-pothole")
    assert welsh.html["lang"] == "cy"
    assert welsh.h1.get_text(strip=True) == "Rhoi gwybod am dwll yn y ffordd"
    assert _alternates(welsh) == {
        "en": f"{BASE}/report-a-pothole",
        "cy": f"{BASE}/cy/report-a-pothole",
        "x-default": f"{BASE}/report-a-pothole",
    }
    assert _alternates(sample_site.soup("/report-a-pothole")) == _alternates(welsh)
    # the start button goes to the form in Welsh
    assert welsh.select_one("a.govuk-button--start")["href"] == "/cy/forms/report-a-pothole"


def test_the_switcher_names_each_language_in_itself(sample_site):
    nav = sample_site.soup("/living-allowance/how-to-claim").select_one("nav.app-translation-nav")
    assert nav["aria-label"]
    current = nav.select_one("span[aria-current]")
    assert (current["lang"], current.get_text()) == ("en", "English")
    [welsh] = nav.select("a")
    assert (welsh["href"], welsh["lang"], welsh["hreflang"], welsh.get_text()) == (
        "/cy/living-allowance/how-to-claim",
        "cy",
        "cy",
        "Cymraeg",
    )


def test_a_page_with_no_translation_leads_to_the_languages_home(sample_site):
    soup = sample_site.soup("/vehicle-tax-rates")
    welsh = soup.select_one("nav.app-translation-nav a[lang=cy]")
    assert welsh["href"] == "/cy/" and not welsh.has_attr("rel")
    assert set(_alternates(soup)) == set()  # no other version to point search engines at


def test_welsh_listings_show_welsh_pages_and_mark_the_english_ones(sample_site):
    soup = sample_site.soup("/cy/a-to-z")
    assert soup.html["lang"] == "cy"
    links = {a.get_text(strip=True): a for a in soup.select("main li a.govuk-link[href^='/']")}
    assert links["Lwfans Byw"]["href"] == "/cy/living-allowance"
    assert not links["Lwfans Byw"].has_attr("lang")
    fallback = links["Vehicle tax rates"]
    assert (fallback["href"], fallback["lang"], fallback["hreflang"]) == (
        "/vehicle-tax-rates",
        "en",
        "en",
    )
    note = fallback.find_next_sibling("span", class_="app-language-note")
    assert note.get_text() == "(Saesneg)"  # in the reader's language; the link has `lang`
    assert "Living Allowance" not in links  # the English page is shown once, as its translation


def test_welsh_organisation_and_topic_pages_use_their_welsh_names(sample_site):
    org = sample_site.soup("/cy/organisations/highways-agency")
    assert org.h1.get_text(" ", strip=True).startswith("Asiantaeth Priffyrdd")
    # its description is written in English only: marked as such
    assert org.select_one("main .govspeak[lang=en]") is not None
    assert "/cy/report-a-pothole" in {a["href"] for a in org.select("main a[href]")}
    browse = sample_site.soup("/cy/browse/roads")
    assert browse.h1.get_text(strip=True) == "Ffyrdd a phalmentydd"
    # its list shows the Welsh version where there is one, else the English page, marked
    listed = browse.select(".app-document-list__title")
    welsh = [a for a in listed if a["href"].startswith("/cy/")]
    english = [a for a in listed if not a["href"].startswith("/cy/")]
    assert welsh and english
    for link in welsh:
        assert not link.has_attr("lang") and not link.find_next_sibling("span")
    for link in english:
        assert (link["lang"], link["hreflang"]) == ("en", "en")
        note = link.find_next_sibling("span", class_="app-language-note")
        assert note.get_text() == "(Saesneg)"
    crumbs = [
        a["href"] for a in sample_site.soup("/cy/living-allowance").select(".govuk-breadcrumbs a")
    ]
    assert crumbs[0] == "/cy/" and all(href.startswith("/cy/") for href in crumbs)


def test_the_sitemap_lists_each_version_with_its_alternates(sample_site):
    urls = ET.parse(sample_site.file("/sitemap.xml")).getroot().findall(f"{SITEMAP}url")
    by_loc = {url.find(f"{SITEMAP}loc").text: url for url in urls}
    entry = by_loc[f"{BASE}/cy/living-allowance/eligibility"]
    links = {link.get("hreflang"): link.get("href") for link in entry.findall(f"{XHTML}link")}
    assert links == {
        "en": f"{BASE}/living-allowance/eligibility",
        "cy": f"{BASE}/cy/living-allowance/eligibility",
        "x-default": f"{BASE}/living-allowance/eligibility",
    }
    assert f"{BASE}/cy/a-to-z" in by_loc
    assert by_loc[f"{BASE}/vehicle-tax-rates"].findall(f"{XHTML}link") == []  # English only


def test_feeds_are_per_language(sample_site):
    feed = ET.parse(sample_site.file("/cy/feeds/topics/roads.atom")).getroot()
    assert feed.get(XML_LANG) == "cy"
    entries = {e.find(f"{ATOM}title").text: e for e in feed.findall(f"{ATOM}entry")}
    assert entries["Rhoi gwybod am dwll yn y ffordd"].get(XML_LANG) is None
    assert entries["Claim for damage caused by a pothole"].get(XML_LANG) == "en"


def test_content_json_carries_the_language_and_translations(sample_site):
    data = json.loads(
        sample_site.file("/api/content/cy/living-allowance/eligibility.json").read_text()
    )
    assert data["language"] == "cy"
    assert data["translations"] == {
        "en": "/living-allowance/eligibility",
        "cy": "/cy/living-allowance/eligibility",
    }
    english = json.loads(sample_site.file("/api/content/vehicle-tax-rates.json").read_text())
    assert (english["language"], english["translations"]) == ("en", {"en": "/vehicle-tax-rates"})


def test_the_sites_own_text_is_in_the_pages_language(sample_site):
    welsh, english = sample_site.soup("/cy/living-allowance"), sample_site.soup("/living-allowance")
    banner = welsh.select_one(".govuk-phase-banner__text")
    assert banner.get_text(" ", strip=True).startswith("Mae hwn yn wasanaeth newydd")
    assert banner.a["href"] == "/cy/feedback/site"
    assert english.select_one(".govuk-phase-banner__text a")["href"] == "/feedback/site"
    footer = [a.get_text() for a in welsh.select(".govuk-footer__inline-list a")]
    assert footer[0] == "Ynglŷn â GOV.NM"
    assert "Drwydded Llywodraeth Agored" in welsh.select_one(".app-footer__licence").get_text()
    assert welsh.select_one("form.app-search-box")["action"] == "/cy/search"
    assert welsh.select_one(".govuk-header__link--homepage")["href"] == "/cy/"


def test_a_site_in_one_language_has_no_switcher_and_no_alternates(small_site):
    soup = small_site.soup("/road-rules")
    assert soup.html["lang"] == "en"
    assert soup.select_one(".app-translation-nav") is None
    assert soup.select("link[hreflang]") == []
    assert not (small_site.out / "en").exists()


def test_a_built_welsh_page_has_welsh_interface_text(sample_site):
    # the freezer renders every page in one app context: each must set its own language, so a
    # Welsh page frozen after English ones is in Welsh, and an English one after it in English
    welsh = sample_site.soup("/cy/living-allowance/eligibility")
    assert welsh.select_one(".govuk-skip-link").get_text(strip=True) == "Neidio i’r prif gynnwys"
    header = welsh.select_one(".govuk-header__link--homepage .govuk-visually-hidden")
    assert header.get_text(strip=True) == "hafan"
    assert welsh.select_one("label[for=site-search]").get_text(strip=True) == "Chwilio GOV.NM"
    assert welsh.select_one(".govuk-footer h2").get_text(strip=True) == "Dolenni cymorth"
    assert welsh.select_one(".govuk-breadcrumbs__list-item").get_text(strip=True) == "Hafan"
    # Babel's date in Welsh: "2 Hydref 2026"
    month = welsh.select_one(".app-change-history time").get_text().split()[1]
    assert month in get_month_names(locale="cy").values()
    english = sample_site.soup("/living-allowance/eligibility")
    assert english.select_one(".govuk-skip-link").get_text(strip=True) == "Skip to main content"
