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

from app import parallel
from app.site.contexts import SiteData
from app.site.documents import content_json_url, documents_of
from app.site.fingerprints import FINGERPRINT_SIZE, PageKeys, output_fingerprint
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


# The fewest documents worth a process of their own, and how many a process takes at a time
FINGERPRINTS_PER_JOB = 1_000
FINGERPRINT_CHUNK = 500


def all_fingerprints(data: SiteData, keys: PageKeys, jobs: int = 1) -> dict[str, bytes]:
    """Every output's fingerprint, by URL in the site's order, worked out by `jobs` processes
    (at 100,000 pages, 5.5 s in one)."""
    outputs = site_outputs(data.site, data.documents)
    jsons = {url for url, endpoint, _v in outputs if endpoint == "site.content_api"}
    # a document's JSON with it, so that their context is worked out once (`seen`)
    groups, grouped = [], set()
    for url, endpoint, values in outputs:
        if url in grouped:
            continue
        group = [(url, endpoint, values)]
        json_url = f"/api/content{url}.json"
        if endpoint == "site.document" and json_url in jsons:
            group.append((json_url, "site.content_api", {"path": url[1:]}))
        grouped.update(u for u, _e, _v in group)
        groups.append(group)
    # the listings first, each a piece of work of its own (the sitemap of 100,000 pages takes a
    # thousand pages' time), then the documents in chunks, taken by whichever process is free
    listings = [group for group in groups if group[0][1] != "site.document"]
    documents = [group for group in groups if group[0][1] == "site.document"]
    pieces = [[group] for group in listings]
    pieces += [
        documents[i : i + FINGERPRINT_CHUNK] for i in range(0, len(documents), FINGERPRINT_CHUNK)
    ]
    jobs = parallel.jobs_for(len(documents), jobs, FINGERPRINTS_PER_JOB)
    if jobs > 1:
        data.whole()  # the indexes made once, before the workers fork, rather than by each
    parallel.shared["fingerprints"] = (data, keys, pieces, parallel.Turns())
    try:
        shares = parallel.forked_map(_fingerprint_share, list(range(jobs)))
    finally:
        parallel.shared.pop("fingerprints", None)
    found = {}
    for done in shares:
        for index, digests in done:
            urls = (url for group in pieces[index] for url, _e, _v in group)
            found.update(zip(urls, _digests(digests), strict=True))
    return {url: found[url] for url, _e, _v in outputs}


def _fingerprint_share(_share: int) -> list[tuple[int, bytes]]:
    """The fingerprints of the pieces of `all_fingerprints`' work this process takes, by piece:
    each piece's joined (16 bytes each), one bytes object to send back rather than thousands."""
    data, keys, pieces, turns = parallel.shared["fingerprints"]
    seen: dict = {}
    return [
        (
            index,
            b"".join(
                output_fingerprint(data, keys, endpoint, values, seen)
                for group in pieces[index]
                for _url, endpoint, values in group
            ),
        )
        for index in turns.take(len(pieces))
    ]


def _digests(joined: bytes) -> list[bytes]:
    size = FINGERPRINT_SIZE
    return [joined[i : i + size] for i in range(0, len(joined), size)]


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


def plan(data: SiteData, loaded: Loaded, old, fingerprints: dict, jobs: int = 1) -> Plan:
    """What to render: `old` is the last build's state, `fingerprints` its outputs'; `jobs`,
    the processes that may work out every output's fingerprint."""
    same_listings = old.cards == loaded.cards and old.today == data.site.today
    if same_listings:
        keys = PageKeys(_KeyOf(loaded, "full"), _KeyOf(loaded, "card"))
        wanted = Plan(dict(fingerprints), _own_outputs(data, loaded.changed), same_outputs=True)
        for url in wanted.render:
            wanted.fingerprints[url] = _own_fingerprint(data, keys, url)
        return wanted
    now = all_fingerprints(data, page_keys(loaded), jobs)
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
