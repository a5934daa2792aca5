"""An incremental build: render again only the outputs whose fingerprint changed, update the
search index's documents of the pages that changed, and swap the result in whole.

When no page's card changed (no title, date, organisation, topic, link or part was edited, no
page came or went) and the day is the same, only the changed pages' own outputs can differ: the
fingerprints of the rest are not even worked out. Otherwise every output's fingerprint is, and
compared with the last build's (app/site/fingerprints.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.site.contexts import SiteData
from app.site.documents import content_json_url, documents_of
from app.site.fingerprints import PageKeys, output_fingerprint
from app.site.freezer import file_path_of, site_outputs

from .compress import gzip_file
from .loading import Loaded


def page_keys(loaded: Loaded) -> PageKeys:
    entries = loaded.entries.values()
    return PageKeys({e.url: e.full for e in entries}, {e.url: e.card for e in entries})


class _KeyOf(Mapping):
    """A page's key by its URL, looked up in its entry: for the few outputs of a build in
    which no card changed (making every page's, two dicts of 100,000, took 0.15 s)."""

    def __init__(self, loaded: Loaded, name: str):
        self.loaded, self.name = loaded, name

    def __getitem__(self, url: str) -> bytes:
        return getattr(self.loaded.entries[self.loaded.file_of[url]], self.name)

    def __iter__(self):
        return iter(self.loaded.file_of)

    def __len__(self) -> int:
        return len(self.loaded.file_of)


def all_fingerprints(data: SiteData, keys: PageKeys) -> dict[str, bytes]:
    outputs = site_outputs(data.site, data.documents)
    jsons = {url for url, endpoint, _v in outputs if endpoint == "site.content_api"}
    found, seen = {}, {}
    for url, endpoint, values in outputs:
        if url in found:
            continue
        found[url] = output_fingerprint(data, keys, endpoint, values, seen)
        # a document's JSON next, so that their context is worked out once
        json_url = f"/api/content{url}.json"
        if endpoint == "site.document" and json_url in jsons:
            json_values = {"path": url[1:]}
            found[json_url] = output_fingerprint(data, keys, "site.content_api", json_values, seen)
    return {url: found[url] for url, _e, _v in outputs}


@dataclass
class Plan:
    """What an incremental build renders and removes."""

    fingerprints: dict[str, bytes]
    render: list[str] = field(default_factory=list)  # output URLs
    remove: list[str] = field(default_factory=list)  # output URLs gone
    same_outputs: bool = False  # the last build's outputs, none come or gone


def _own_outputs(data: SiteData, urls: set[str]) -> list[str]:
    outputs = []
    for url in urls:
        for document in documents_of(data.site.pages[url]):
            outputs.append(document.url)
            if json_url := content_json_url(document):
                outputs.append(json_url)
    return outputs


def _own_fingerprint(data: SiteData, keys: PageKeys, url: str) -> bytes:
    if url.startswith("/api/content/"):
        path = url[len("/api/content/") : -len(".json")]
        return output_fingerprint(data, keys, "site.content_api", {"path": path})
    return output_fingerprint(data, keys, "site.document", {"path": url[1:]})


def plan(data: SiteData, loaded: Loaded, old, fingerprints: dict) -> Plan:
    """What to render: `old` is the last build's state, `fingerprints` its outputs'."""
    same_listings = old.cards == loaded.cards and old.today == data.site.today
    if same_listings:
        keys = PageKeys(_KeyOf(loaded, "full"), _KeyOf(loaded, "card"))
        wanted = Plan(dict(fingerprints), _own_outputs(data, loaded.changed), same_outputs=True)
        for url in wanted.render:
            wanted.fingerprints[url] = _own_fingerprint(data, keys, url)
        return wanted
    now = all_fingerprints(data, page_keys(loaded))
    wanted = Plan(now)
    wanted.render = [url for url, value in now.items() if fingerprints.get(url) != value]
    wanted.remove = [url for url in fingerprints if url not in now]
    return wanted


def owners(data: SiteData, urls: list[str]) -> list[str]:
    """The pages whose own outputs are among `urls`: these must be loaded in full to render."""
    found = {}
    for url in urls:
        path = url[len("/api/content") : -len(".json")] if url.startswith("/api/content/") else url
        document = data.documents.get(path)
        if document is not None and document.page is not None:
            found[document.page.url] = True
    return list(found)


def media_files(pages) -> dict[str, Path]:
    """Each page's images and attachments: file under the output -> its source."""
    files = {}
    for page in pages:
        for name, url in page.media.items():
            files[url.lstrip("/")] = page.source.folder / name
    return files


def old_media(entries: dict, loaded: Loaded) -> list[str]:
    """The media files the last build published for pages that changed or went."""
    files = []
    for entry in entries.values():
        if entry.url in loaded.changed or entry.url in loaded.removed:
            files += [url.lstrip("/") for _name, url in entry.shell[4]]
    return files


def written_files(scratch: Path) -> list[str]:
    found = []
    for folder, _dirs, files in os.walk(scratch):
        for name in files:
            found.append(os.path.relpath(os.path.join(folder, name), scratch))
    return sorted(found)


def write_media(scratch: Path, files: dict[str, Path]) -> None:
    for relative, source in files.items():
        target = scratch / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        gzip_file(target)


def removals(rendered: list[str], written: list[str], gone: list[str], stale_media, media):
    """Files to remove: those of outputs gone and of media no longer used, and the .gz copies
    that the new version of a rendered output or a media file no longer has."""
    written_set = set(written)
    remove = []
    for relative in [*(file_path_of(u) for u in gone), *stale_media]:
        remove += [relative, f"{relative}.gz"]
    for relative in [*(file_path_of(u) for u in rendered), *media]:
        if f"{relative}.gz" not in written_set:
            remove.append(f"{relative}.gz")
    return sorted(set(remove) - written_set)
