"""The files a build writes beside its output folder, for the servers rather than the public:
the nginx map of redirects (app/pipeline/redirects.py), the content the app servers read
(`service.json`, app/service_content.py) and the nginx configuration of the site
(`portal.conf`, app/pipeline/nginx_conf.py). Written after the site is in place, each whole, by
clean and incremental builds alike: all three follow from the loaded site and the code, so an
incremental build writes the same bytes as a clean one.
"""

from __future__ import annotations

from pathlib import Path

from app.content.pages import Site
from app.service_content import service_content_path, write_service_content

from .nginx_conf import (
    header_maps,
    language_map,
    nginx_conf_path,
    security_headers,
    write_nginx_conf,
)
from .redirects import nginx_map_path, write_nginx_map

# Their names: what a release ships beside dist/ and search-index/ (app/pipeline/publish.py).
SERVER_FILES = ("redirects.nginx.conf", "portal.conf", "service.json")


def server_files_present(out: Path) -> bool:
    return all((out.parent / name).is_file() for name in SERVER_FILES)


def write_server_files(site: Site, out: Path) -> tuple[Path, int]:
    """Write them beside `out`; returns the map's path and how many redirects it holds."""
    headers = security_headers()
    map_path = nginx_map_path(out)
    languages = tuple(site.settings.other_languages)
    maps = header_maps(headers) + language_map(languages)
    redirects = write_nginx_map(site, map_path, maps)
    write_service_content(site, service_content_path(out))
    write_nginx_conf(nginx_conf_path(out), headers, languages)
    return map_path, redirects
