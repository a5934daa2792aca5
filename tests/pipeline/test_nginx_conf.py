"""The nginx configuration the build writes (portal.conf, and the maps in redirects.nginx.conf):
made from the service's routes and headers, accepted by `nginx -t`, and doing what it says
through a real nginx in front of the running service."""

from __future__ import annotations

import gzip
import os
import re
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.pipeline import build
from app.pipeline.nginx_conf import security_headers
from app.pipeline.old_assets import HASH
from app.reserved_urls import reserved_urls
from app.service_content import service_content_path
from app.store import dispose
from tests.conftest import SMALL, SMALL_TODAY
from tests.nginx_server import check_conf, nginx_conf, running_nginx


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    """A build of the small content laid out as a release: dist/ and the files beside it."""
    root = tmp_path_factory.mktemp("release")
    build(SMALL, root / "dist", index_dir=root / "search-index", today=SMALL_TODAY)
    return root


def test_the_proxied_routes_are_the_services_own(release):
    text = (release / "portal.conf").read_text()
    proxied = re.search(r"location ~ \^/\((.*?)\)\(/\|\$\)", text).group(1).split("|")
    assert proxied == list(reserved_urls().service_paths)
    assert not {"healthz", "readyz", "metrics"} & set(proxied)  # probed on each server


def test_the_static_files_get_the_headers_the_service_sends(release):
    app = create_app(
        {"DIST_DIR": str(release / "dist"), "SERVICE_DATA": str(release / "service.json")}
    )
    response = app.test_client().get("/api/v1/forms")
    text = (release / "portal.conf").read_text()
    for name, value in security_headers().items():
        assert response.headers[name] == value
        assert f'add_header {name} "{value}" always;' in text
    dispose(app)


def test_nginx_accepts_the_configuration(release, tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(release, 8999, ["127.0.0.1:9"], tmp_path))
    checked = check_conf(conf)
    assert checked.returncode == 0, checked.stderr


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def through_nginx(release, tmp_path_factory):
    """nginx in front of one app server running from the release alone (no content folder)."""
    work = tmp_path_factory.mktemp("nginx")
    app = create_app(
        {
            "DIST_DIR": str(release / "dist"),
            "SEARCH_INDEX_DIR": str(release / "search-index"),
            "SERVICE_DATA": str(service_content_path(release / "dist")),
            "CONTENT_DIR": str(work / "no-content"),
            "DATABASE_URL": f"sqlite:///{work / 'portal.db'}",
            "ENV": "development",
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with running_nginx(release, [f"127.0.0.1:{server.server_port}"], work / "nginx") as (
            base,
            _process,
        ):
            yield base
    finally:
        server.shutdown()
        dispose(app)


def test_fingerprinted_assets_are_kept_a_year_and_pages_five_minutes(through_nginx, release):
    status, headers, body = _get(f"{through_nginx}/road-rules")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=300"
    assert (
        headers["X-Frame-Options"] == "DENY"
        and "frame-ancestors 'none'" in (headers["Content-Security-Policy"])
    )
    stylesheet = re.search(rb'href="(/assets/portal\.[0-9a-f]{12}\.css)"', body).group(1).decode()
    status, headers, _body = _get(through_nginx + stylesheet)
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    module = re.search(rb'src="(/assets/portal\.[0-9a-f]{12}\.mjs)"', body).group(1).decode()
    assert _get(through_nginx + module)[1]["Content-Type"].startswith("application/javascript")
    assert _get(f"{through_nginx}/assets/embed.js")[1]["Cache-Control"] == "public, max-age=300"
    # every fingerprinted file, `govuk-frontend.<hash>.min.js` (two dots after its hash) too
    assets = os.listdir(release / "dist" / "assets")
    names = [n for n in assets if HASH.search(n) and not n.endswith(".gz")]
    assert any(n.endswith(".min.js") for n in names), names
    for name in names:
        cache = _get(f"{through_nginx}/assets/{name}")[1]["Cache-Control"]
        assert cache == "public, max-age=31536000, immutable", name


def test_the_gzip_copies_are_served_to_those_who_take_them(through_nginx, release):
    status, headers, body = _get(f"{through_nginx}/road-rules", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (release / "dist" / "road-rules.html").read_bytes()
    assert "Accept-Encoding" in headers["Vary"]


def test_redirects_are_301s_and_unknown_pages_the_sites_404(through_nginx, release):
    status, headers, _body = _get(f"{through_nginx}/old-roads")
    assert status == 301 and headers["Location"].endswith("/road-rules")
    status, _headers, body = _get(f"{through_nginx}/no-such-page")
    assert status == 404 and body == (release / "dist" / "404.html").read_bytes()


def test_the_services_routes_reach_the_app_and_its_probes_do_not(through_nginx):
    status, headers, body = _get(f"{through_nginx}/search?q=road")
    assert status == 200 and b"Road rules" in body
    assert headers["X-Request-Id"]  # nginx's $request_id, taken by the service
    assert len(re.findall("frame-ancestors", headers["Content-Security-Policy"])) == 1
    for probe in ("/healthz", "/readyz", "/metrics"):
        assert _get(through_nginx + probe)[0] == 404


def test_a_body_over_the_limit_is_refused_by_nginx_with_the_sites_page(through_nginx, release):
    request = urllib.request.Request(
        f"{through_nginx}/feedback", data=b"x" * (65 * 1024), method="POST"
    )
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("accepted")
    except urllib.error.HTTPError as error:
        with error:
            assert error.code == 413
            assert error.read() == (release / "dist" / "errors" / "413.html").read_bytes()


def test_an_app_server_that_does_not_answer_shows_the_sites_error_page(release, tmp_path):
    with running_nginx(release, ["127.0.0.1:9"], tmp_path / "nginx") as (base, _process):
        status, headers, body = _get(f"{base}/search?q=road")
    assert status == 502 and headers["Cache-Control"] == "no-store"
    assert body == (release / "dist" / "errors" / "500.html").read_bytes()


def test_the_release_holds_no_path_of_the_build_machine(release):
    for name in ("portal.conf", "redirects.nginx.conf", "service.json"):
        assert str(release) not in (release / name).read_text(), name


def test_the_service_routes_are_proxied_under_each_language_prefix():
    from app.pipeline.nginx_conf import nginx_conf as portal_conf

    text = portal_conf(security_headers(), ("forms", "search"), ("cy",))
    pattern = re.search(r"location ~ (\^/\S+) \{", text).group(1)
    proxied = [
        p
        for p in ("/cy/search", "/cy/forms/x", "/search", "/cymru/search", "/cy/news")
        if re.match(pattern, p)
    ]
    assert proxied == ["/cy/search", "/cy/forms/x", "/search"]


def test_nginx_shows_a_reader_under_cy_the_welsh_error_pages(sample_site, tmp_path):
    """The sample content (in Welsh too) as a release, its app servers down: nginx's own 404,
    413 and 502 under /cy/ are the Welsh pages the build wrote, the rest the English ones."""
    release, dist = sample_site.out.parent, sample_site.out
    with running_nginx(release, ["127.0.0.1:9"], tmp_path / "nginx") as (base, _process):
        missing = {path: _get(base + path) for path in ("/cy/no-such-page", "/no-such-page")}
        down = _get(f"{base}/cy/search?q=treth")
        english_down = _get(f"{base}/search?q=tax")
        request = urllib.request.Request(
            f"{base}/cy/feedback", data=b"x" * (65 * 1024), method="POST"
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        with refused.value as error:
            too_big = error.code, error.read()
    assert missing["/cy/no-such-page"][0] == 404
    assert missing["/cy/no-such-page"][2] == (dist / "cy" / "404.html").read_bytes()
    assert missing["/no-such-page"][2] == (dist / "404.html").read_bytes()
    assert down[0] == 502 and down[1]["Cache-Control"] == "no-store"
    assert down[2] == (dist / "cy" / "errors" / "500.html").read_bytes()
    assert english_down[2] == (dist / "errors" / "500.html").read_bytes()
    assert too_big == (413, (dist / "cy" / "errors" / "413.html").read_bytes())
    assert b'<html lang="cy"' in down[2] and b'<html lang="cy"' in too_big[1]
