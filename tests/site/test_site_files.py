"""The site's other files: feeds, sitemap, robots, redirects, content JSON, compressed copies."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_organisation_feed_is_atom_newest_first(small_site):
    feed = ET.parse(small_site.file("/feeds/organisations/roads-agency.atom")).getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text == (
        "https://www.gov.test.example/feeds/organisations/roads-agency.atom"
    )
    entries = feed.findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links[0] == "https://www.gov.test.example/road-charges-consultation"
    assert "https://www.gov.test.example/road-rules" in links
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    rules = entries[links.index("https://www.gov.test.example/road-rules")]
    assert rules.find(f"{ATOM}published").text == "2025-01-10T00:00:00Z"


def test_topic_feed(small_site):
    feed = ET.parse(small_site.file("/feeds/topics/potholes.atom")).getroot()
    titles = {e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")}
    assert titles == {"Road rules", "Fix a road", "Report a pothole"}


def test_sitemap_lists_every_page_once_with_absolute_urls(small_site):
    root = ET.parse(small_site.file("/sitemap.xml")).getroot()
    locs = [u.find(f"{SITEMAP}loc").text for u in root.findall(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs))
    base = "https://www.gov.test.example"
    for path in (
        "/",
        "/road-rules",
        "/fix-a-road/repairs",
        "/organisations/roads-agency",
        "/browse/potholes",
        "/a-to-z",
    ):
        assert base + path in locs
    assert base + "/rules-of-the-road" not in locs  # redirects are not pages
    assert base + "/fix-a-road/print" not in locs  # nor duplicate print views
    lastmods = {
        u.find(f"{SITEMAP}loc").text: u.find(f"{SITEMAP}lastmod")
        for u in root.findall(f"{SITEMAP}url")
    }
    assert lastmods[base + "/road-rules"].text == "2026-03-02"


def test_robots(small_site):
    robots = small_site.file("/robots.txt").read_text()
    assert "Sitemap: https://www.gov.test.example/sitemap.xml" in robots.splitlines()


def test_redirect_pages_for_static_hosts(small_site):
    for old, new in (("/rules-of-the-road", "/road-rules"), ("/old-roads", "/road-rules")):
        soup = small_site.soup(old)
        assert soup.select_one("link[rel=canonical]")["href"] == (
            "https://www.gov.test.example" + new
        )
        assert soup.select_one("meta[http-equiv=refresh]")["content"] == f"0; url={new}"
        assert soup.select_one(f"a[href='{new}']")
        assert soup.select_one("meta[name=robots]")["content"] == "noindex"


def test_nginx_redirect_map(small_site):
    # Beside the served folder, not in it: server configuration is no file for the public.
    assert not (small_site.out / "redirects.nginx.conf").exists()
    lines = (small_site.out.parent / "redirects.nginx.conf").read_text().splitlines()
    assert "    /old-roads /road-rules;" in lines
    assert "    /rules-of-the-road /road-rules;" in lines
    assert lines[-1] == "}"


def test_content_json_for_pages_and_parts(small_site):
    data = json.loads(small_site.file("/api/content/road-rules.json").read_text())
    assert data["path"] == "/road-rules"
    assert data["url"] == "https://www.gov.test.example/road-rules"
    assert data["type"] == "answer"
    assert data["organisations"][0]["slug"] == "roads-agency"
    assert data["topics"][0]["title"] == "Potholes"
    assert data["updated"] == "2026-03-02"
    assert data["change_history"][1] == {"date": "2025-01-10", "note": "First published."}
    assert data["related"][0] == {"path": "/fix-a-road", "title": "Fix a road"}
    assert [h["id"] for h in data["headings"]] == ["speed-limits", "parking", "cycling"]
    assert 'id="speed-limits"' in data["body"]

    part = json.loads(small_site.file("/api/content/fix-a-road/repairs.json").read_text())
    assert part["part"] == {"slug": "repairs", "title": "Repairs"}
    assert [p["path"] for p in part["parts"]] == [
        "/fix-a-road",
        "/fix-a-road/report",
        "/fix-a-road/repairs",
    ]
    start = json.loads(small_site.file("/api/content/report-a-pothole.json").read_text())
    assert start["form"] == {"id": "report-a-pothole", "path": "/forms/report-a-pothole"}
    assert "Before you start" in start["body"]
    steps = json.loads(small_site.file("/api/content/learn-the-roads.json").read_text())
    assert [s["logic"] for s in steps["steps"]] == [None, None, "or"]
    consultation = json.loads(
        small_site.file("/api/content/road-charges-consultation.json").read_text()
    )
    assert consultation["closes"] == "2026-07-01"
    assert "We will not charge for roads." in consultation["outcome"]


def test_content_json_for_organisations(small_site):
    data = json.loads(small_site.file("/api/content/organisations/roads-agency.json").read_text())
    assert data["type"] == "organisation"
    assert data["acronym"] == "RA" and data["parent"] == "test-office"
    assert "<strong>roads</strong>" in data["body"]
    assert [p["path"] for p in data["pages"]] == [
        "/fix-a-road",
        "/learn-the-roads",
        "/new-roads-announced",
        "/report-a-pothole",
        "/road-charges-consultation",
        "/road-rules",
    ]


def test_gzip_copies_match_their_files(small_site):
    for url in ("/road-rules", "/sitemap.xml", "/assets/portal.css"):
        path = small_site.file(url)
        gz = path.with_name(path.name + ".gz")
        assert gzip.decompress(gz.read_bytes()) == path.read_bytes()


def test_media_copied_beside_pages(small_site):
    soup = small_site.soup("/road-rules")
    src = soup.select_one("figure.image.embedded img")["src"]
    assert src == "/media/road-rules/sign.png"
    assert small_site.file(src).read_bytes().startswith(b"\x89PNG")
    assert soup.select_one("figure img")["alt"] == "A round speed limit sign showing 30"


def test_assets_present(small_site):
    for name in (
        "portal.css",
        "portal.mjs",
        "govuk-frontend.min.js",
        "favicon.svg",
        "brand.css",
        "manifest.json",
    ):
        assert (small_site.out / "assets" / name).stat().st_size > 0
    soup = small_site.soup("/road-rules")
    script = soup.select_one("script[type=module]")["src"]
    stylesheet = soup.select_one("link[rel=stylesheet]")["href"]
    assert re.fullmatch(r"/assets/portal\.[0-9a-f]{12}\.mjs", script)
    assert re.fullmatch(r"/assets/portal\.[0-9a-f]{12}\.css", stylesheet)
    # the fingerprinted copies are the files, and the script imports its modules by theirs
    css = (small_site.out / stylesheet.lstrip("/")).read_bytes()
    assert css == (small_site.out / "assets" / "portal.css").read_bytes()
    module = (small_site.out / script.lstrip("/")).read_text()
    imported = re.findall(r"/assets/[\w.-]+\.m?js", module)
    assert imported and all(re.search(r"\.[0-9a-f]{12}\.", url) for url in imported)
    assert all((small_site.out / url.lstrip("/")).is_file() for url in imported)
