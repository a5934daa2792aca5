"""The nginx configuration of the site, `portal.conf`, written by the build beside its output
folder (server configuration, never served).

It goes inside the site's own `server { }` block, after the operator's lines (listen, TLS,
server_name, `root /srv/portal/current/dist;`), with two things in `http { }`: an `upstream
portal_app { ... }` of the app servers, and the build's `redirects.nginx.conf`, which holds the
maps this file uses (the redirects, and the security headers for a proxied answer that has
none; nginx allows a `map` only there). docs/operations.md has a whole nginx.conf.

What it says, each from the code or content it must agree with, never a hand-kept copy:
- the routes sent to the service: app/reserved_urls.py reads them from the service's URL map;
- the security headers of the static files: app/security.py's, the same the service sends;
- fingerprinted assets (app/asset_urls.py) kept a year, everything else of the site 5 minutes,
  the error pages never;
- the body and header limits: the service's MAX_CONTENT_LENGTH, and under gunicorn's limits
  (gunicorn.conf.py), so nginx refuses first and shows the site's own error pages.

It holds no path of the machine it was built on, so a release can be built anywhere and an
incremental build writes the same bytes as a clean one.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.asset_urls import HASH_LENGTH
from app.config import DEFAULTS
from app.reserved_urls import reserved_urls

FILE_NAME = "portal.conf"
UPSTREAM = "portal_app"
HTML_MAX_AGE = 300  # seconds: a publish reaches every reader within 5 minutes
ASSET_MAX_AGE = 31536000  # a year: a fingerprinted file never changes under its name
# nginx's own error pages (the build writes them under dist/errors/; 404.html at the root), and
# the same under each other language's prefix (dist/cy/errors/, dist/cy/404.html): a reader
# under /cy/ gets them in Welsh, the prefix picked by the map `language_map` writes.
LANGUAGE_PREFIX = "$portal_language_prefix"
ERROR_PAGES = {
    "404": "/404.html",
    "400 414 494": "/errors/400.html",
    "413": "/errors/413.html",
    "429": "/errors/429.html",
    "500 502 504": "/errors/500.html",
    "503": "/errors/503.html",
}
# The assets' types, .mjs included: a browser runs a module script only with a JavaScript type,
# and nginx's own list (mime.types) does not know .mjs.
SCRIPT_TYPES = ["types { text/css css; application/javascript js mjs; }"]
# name -> (the http-level variable that is empty when the service sent the header itself)
HEADER_VARIABLES = {
    "Content-Security-Policy": "$portal_csp",
    "X-Frame-Options": "$portal_frame_options",
    "X-Content-Type-Options": "$portal_nosniff",
    "Referrer-Policy": "$portal_referrer",
    "Strict-Transport-Security": "$portal_hsts",
}


def nginx_conf_path(out: Path) -> Path:
    """Where the configuration of a site built into `out` goes: beside it."""
    return Path(out).parent / FILE_NAME


def security_headers() -> dict[str, str]:
    """The headers app/security.py sends on a page that may not be framed, outside development:
    read from a response of an app with just the security hook, so they cannot drift apart."""
    from flask import Flask

    from app.jinja import init_jinja
    from app.security import init_security

    app = Flask("app", static_folder=None)
    init_jinja(app)
    init_security(app)
    app.add_url_rule("/", "probe", lambda: "")
    with app.test_client() as client:
        headers = client.get("/").headers
    return {name: headers[name] for name in HEADER_VARIABLES}


def header_maps(headers: dict[str, str]) -> str:
    """The maps (for http { }) that give a proxied answer the site's headers only when it has
    none of its own (gunicorn's bare errors): the service's own, such as an embedded form's
    framing rules, pass untouched."""
    lines = [
        "# For portal.conf: the security headers of a proxied answer that has none of its own",
        "# (gunicorn's errors, answered before the app runs); empty, so not added, when it has.",
    ]
    for name, variable in HEADER_VARIABLES.items():
        lines += [
            f"map $upstream_http_content_security_policy {variable} {{",
            f'    "" "{headers[name]}";',
            '    default "";',
            "}",
        ]
    return "\n".join(lines) + "\n"


def language_map(languages: tuple[str, ...]) -> str:
    """The map (for http { }) from a request's path to its language's prefix (/cy), empty in
    the default language: the first part of the address of the error page nginx shows."""
    if not languages:
        return ""
    lines = [
        "# For portal.conf: the language prefix of the request, for its error pages.",
        f"map $uri {LANGUAGE_PREFIX} {{",
        '    default "";',
        *(f'    "~^/{code}(/|$)" "/{code}";' for code in languages),
        "}",
    ]
    return "\n".join(lines) + "\n"


def _static_headers(headers: dict[str, str], cache_control: str) -> list[str]:
    lines = [f'add_header {name} "{value}" always;' for name, value in headers.items()]
    return [*lines, f'add_header Cache-Control "{cache_control}" always;']


def _block(opening: str, body: list[str]) -> list[str]:
    return [f"{opening} {{", *(f"    {line}" for line in body), "}"]


def _max_body() -> str:
    kib = DEFAULTS["MAX_CONTENT_LENGTH"] // 1024
    return f"{kib}k"


def nginx_conf(
    headers: dict[str, str], service_paths: tuple[str, ...], languages: tuple[str, ...] = ()
) -> str:
    """`languages`: the site's other languages, whose prefix the service's routes may have
    (/cy/search, /cy/forms/…: app/languages.py)."""
    short = f"public, max-age={HTML_MAX_AGE}"
    routes = "|".join(service_paths)
    prefix = f"(?:(?:{'|'.join(languages)})/)?" if languages else ""
    language = LANGUAGE_PREFIX if languages else ""  # the map language_map writes
    # `portal.<hash>.css`, and `govuk-frontend.<hash>.min.js`: the extension may have a dot.
    fingerprinted = rf'"^/assets/[^/]+\.[0-9a-f]{{{HASH_LENGTH}}}\.[a-z.]+$"'
    lines = [
        "# Generated by build.py: include inside the site's server { } block, after its",
        "# listen, server_name and `root <release>/dist;` lines, with `upstream portal_app",
        "# { ... }` and the build's redirects.nginx.conf in http { } (docs/operations.md).",
        "",
        "server_tokens off;",
        "charset utf-8;",
        "gzip_static on;  # the .gz copies the build wrote",
        "gzip_vary on;",
        f"client_max_body_size {_max_body()};  # the service's MAX_CONTENT_LENGTH: more is a 413",
        f"client_body_buffer_size {_max_body()};  # a whole allowed body in memory",
        "large_client_header_buffers 4 4k;  # under gunicorn's limits, so nginx refuses first",
        "",
        "if ($portal_redirect) { return 301 $portal_redirect; }",
        "",
        *(f"error_page {codes} {language}{page};" for codes, page in ERROR_PAGES.items()),
        "",
        *_block(
            "location /",
            [
                "try_files $uri $uri.html $uri/index.html =404;",
                *_static_headers(headers, short),
            ],
        ),
        *_block(
            f"location ~ {fingerprinted}",
            [
                *SCRIPT_TYPES,
                *_static_headers(headers, f"public, max-age={ASSET_MAX_AGE}, immutable"),
            ],
        ),
        *_block(r'location ~ "\.mjs$"', [*SCRIPT_TYPES, *_static_headers(headers, short)]),
        *_block("location ^~ /errors/", _static_headers(headers, "no-store")),
        *(
            line
            for code in languages
            for line in _block(f"location ^~ /{code}/errors/", _static_headers(headers, "no-store"))
        ),
        "",
        "# The service's routes, read from its URL map (app/reserved_urls.py), under each",
        "# language's prefix too.",
        *_block(
            f"location ~ ^/{prefix}({routes})(/|$)",
            [
                f"proxy_pass http://{UPSTREAM};",
                "proxy_http_version 1.1;",
                'proxy_set_header Connection "";  # keep connections to the app servers open',
                "proxy_set_header Host $host;",
                "proxy_set_header X-Forwarded-For $remote_addr;",
                "proxy_set_header X-Forwarded-Proto $scheme;",
                "proxy_set_header X-Request-Id $request_id;",
                "# Whole requests to the app, whole answers from it: slow clients cost nginx a",
                "# little memory, never one of gunicorn's threads.",
                "proxy_request_buffering on;",
                "proxy_buffering on;",
                "proxy_buffer_size 16k;",
                "proxy_buffers 16 16k;",
                "proxy_connect_timeout 2s;",
                "proxy_read_timeout 35s;  # past gunicorn's 30 s timeout",
                "# An app server that refuses or drops a connection: the request goes to the next",
                "# (a request already sent is not repeated, unless it is a GET or HEAD).",
                "proxy_next_upstream error timeout http_502 http_503;",
                "proxy_next_upstream_tries 2;",
                *(
                    f"add_header {name} {variable} always;"
                    for name, variable in HEADER_VARIABLES.items()
                ),
            ],
        ),
    ]
    return "\n".join(lines) + "\n"


def write_nginx_conf(path: Path, headers: dict[str, str], languages: tuple[str, ...] = ()) -> Path:
    """Write it whole (a reloading nginx never reads half a file)."""
    text = nginx_conf(headers, reserved_urls().service_paths, languages)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return path
