"""Publishing a build to the servers: each target gets a new release folder, then one atomic
symlink switch, `current -> releases/<id>`, makes it live.

A release holds everything the servers read, side by side, so nginx and the service always see
one build's files together:

    <target>/releases/<id>/dist/                  the static site (nginx's root, DIST_DIR)
    <target>/releases/<id>/search-index/          CURRENT and its one generation (SEARCH_INDEX_DIR)
    <target>/releases/<id>/redirects.nginx.conf   the nginx maps (redirects, header fallbacks)
    <target>/releases/<id>/portal.conf            the site's nginx configuration
    <target>/releases/<id>/service.json           what the service reads of the content
                                                  (SERVICE_DATA: site settings, forms)
    <target>/releases/<id>/carried-assets.txt     the replaced release's fingerprinted assets
                                                  kept in this one's dist/ (old_assets.py)
    <target>/current -> releases/<id>

A target is a local folder, or `host:/path` (`user@host:/path`) reached with rsync over SSH.
Every target receives the release before any is switched, so a failed upload leaves every
server on the old one. The last `keep` releases stay, for rollback and for requests still
reading the one just replaced. nginx reads its configuration only when reloaded: the reload
command runs on a target only when the map or portal.conf differs from the release it replaces.

Publishing takes a build as it is, clean or incremental (`build.py build`): the build cache makes
the build quicker, not this step, which ships only what changed either way (hard links for a
local target, rsync's `--link-dest` against the previous release for a remote one).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from app.search.indexer import CURRENT, current_generation

from . import old_assets
from .server_files import SERVER_FILES

RELEASES = "releases"
NGINX_FILES = ("redirects.nginx.conf", "portal.conf")  # what nginx reads only when reloaded
LIVE = "current"
LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# `host:path` or `user@host:path`; a local path with a colon must start with / or ./
REMOTE = re.compile(r"^(?P<host>(?:[\w.-]+@)?[\w.-]+):(?P<path>.+)$")


class PublishError(Exception):
    """A release could not be made or shipped; the live release is unchanged."""


@dataclass
class PublishResult:
    release: str
    targets: list[str] = field(default_factory=list)
    nginx_reloaded: list[str] = field(default_factory=list)  # targets whose map changed
    pruned: dict[str, list[str]] = field(default_factory=dict)


def release_name(label: str | None = None, now: dt.datetime | None = None) -> str:
    """A name that sorts by time (so pruning keeps the newest), with the commit or build number
    after it when given."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    if label is None:
        return stamp
    if not LABEL.match(label):
        raise PublishError(f"a release label is letters, digits, '.', '_' or '-': not {label!r}")
    return f"{stamp}-{label}"


def _link_or_copy(source: str, destination: str) -> None:
    # A build never changes a file it wrote: it writes a new dist/ and a new index generation.
    # So a release may share the build's files (hard links); across filesystems, a copy.
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def stage_release(out: Path, index_dir: Path, folder: Path) -> None:
    """Write a release of the build in `out`/`index_dir` (and the files beside `out`) into
    `folder`."""
    generation = current_generation(Path(index_dir).resolve())
    if not (Path(out) / "index.html").is_file():
        raise PublishError(f"no built site in {out}: run `python build.py build` first")
    if generation is None:
        raise PublishError(f"no search index in {index_dir}: build with --index {index_dir}")
    folder.mkdir(parents=True)
    shutil.copytree(out, folder / "dist", copy_function=_link_or_copy)
    index = folder / "search-index"
    shutil.copytree(generation, index / generation.name, copy_function=_link_or_copy)
    (index / CURRENT).write_text(generation.name + "\n", encoding="utf-8")
    for name in SERVER_FILES:
        beside = Path(out).parent / name
        if not beside.is_file():
            raise PublishError(f"no {name} beside {out}: build it again with this release")
        shutil.copy2(beside, folder / name)


class LocalTarget:
    """A folder on this machine: a single-box portal, or the tests."""

    def __init__(self, root: Path, reload_command: str | None):
        self.root, self.reload_command = Path(root), reload_command
        self.name = str(root)

    def live(self) -> str | None:
        try:
            return Path(os.readlink(self.root / LIVE)).name
        except FileNotFoundError:
            return None

    def upload(self, staged: Path, release: str, previous: str | None) -> None:
        releases = self.root / RELEASES
        releases.mkdir(parents=True, exist_ok=True)
        partial = releases / f".{release}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(staged, partial, symlinks=True, copy_function=_link_or_copy)
        if previous and (releases / previous).is_dir():
            old_assets.carry(releases / previous, partial)
        os.replace(partial, releases / release)

    def switch(self, release: str, previous: str | None) -> bool:
        link = self.root / f".{LIVE}.{os.getpid()}"
        link.unlink(missing_ok=True)
        link.symlink_to(Path(RELEASES) / release)
        os.replace(link, self.root / LIVE)  # rename(2): readers see the old link or the new
        if not _map_changed(self.root / RELEASES, previous, release):
            return False
        if self.reload_command:
            subprocess.run(self.reload_command, shell=True, check=True)
        return True

    def releases(self) -> list[str]:
        folder = self.root / RELEASES
        return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))

    def remove(self, names: list[str]) -> None:
        for name in names:
            shutil.rmtree(self.root / RELEASES / name)


def _map_changed(releases: Path, previous: str | None, release: str) -> bool:
    """Whether nginx's files (the maps, portal.conf) differ from the release replaced."""
    for name in NGINX_FILES:
        new = releases / release / name
        old = releases / previous / name if previous else None
        if old is None or not old.is_file() or old.read_bytes() != new.read_bytes():
            return True
    return False


class SshTarget:
    """`host:/path` on a server: rsync over SSH uploads, a shell command there switches."""

    def __init__(self, host: str, root: str, ssh: str, reload_command: str | None):
        self.host, self.root, self.ssh = host, root.rstrip("/") or "/", ssh
        self.reload_command = reload_command
        self.name = f"{host}:{root}"

    def _run(self, command: str) -> str:
        done = subprocess.run(
            [*shlex.split(self.ssh), self.host, command], capture_output=True, text=True
        )
        if done.returncode != 0:
            raise PublishError(f"{self.name}: `{command}` failed: {done.stderr.strip()}")
        return done.stdout

    def live(self) -> str | None:
        root = shlex.quote(self.root)
        target = self._run(f"mkdir -p {root}/{RELEASES} && (readlink {root}/{LIVE} || true)")
        return Path(target.strip()).name or None

    def upload(self, staged: Path, release: str, previous: str | None) -> None:
        partial = f"{self.root}/{RELEASES}/.{release}.partial/"
        command = ["rsync", "-a", "--delete", "-e", self.ssh]
        if previous:  # unchanged files become hard links to the previous release's
            command.append(f"--link-dest=../{previous}/")
        command += [f"{staged}/", f"{self.host}:{partial}"]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise PublishError(f"{self.name}: rsync failed: {done.stderr.strip()}")
        releases = shlex.quote(f"{self.root}/{RELEASES}")
        if previous:
            carry = old_assets.carry_command(previous, f".{release}.partial")
            self._run(f"cd {releases} && [ ! -d {shlex.quote(previous)} ] || ({carry})")
        self._run(f"cd {releases} && mv .{release}.partial {release}")

    def switch(self, release: str, previous: str | None) -> bool:
        root, link = shlex.quote(self.root), f".{LIVE}.new"
        # `mv -T` is rename(2): readers see the old link or the new (`ln -sfn` unlinks first)
        switch = f"cd {root} && ln -sfn {RELEASES}/{release} {link} && mv -T {link} {LIVE}"
        if previous:
            compare = " && ".join(
                f"cmp -s {RELEASES}/{previous}/{name} {RELEASES}/{release}/{name}"
                for name in NGINX_FILES
            )
        else:
            compare = "false"
        changed = self._run(f"{switch} && ({compare} && echo same || echo changed)").strip()
        if changed != "changed":
            return False
        if self.reload_command:
            self._run(self.reload_command)
        return True

    def releases(self) -> list[str]:
        listing = self._run(f"ls -1 {shlex.quote(self.root + '/' + RELEASES)}")
        return sorted(name for name in listing.split() if not name.startswith("."))

    def remove(self, names: list[str]) -> None:
        if names:
            folders = " ".join(shlex.quote(f"{self.root}/{RELEASES}/{n}") for n in names)
            self._run(f"rm -rf {folders}")


def make_target(spec: str, ssh: str = "ssh", reload_command: str | None = None):
    match = REMOTE.match(spec)
    if match and not spec.startswith(("/", ".")):
        return SshTarget(match["host"], match["path"], ssh, reload_command)
    return LocalTarget(Path(spec), reload_command)


def publish(
    out: Path,
    index_dir: Path,
    targets: list,
    *,
    keep: int = 5,
    label: str | None = None,
) -> PublishResult:
    """Ship the build to every target, then switch each to it, then prune old releases."""
    if keep < 2:
        raise PublishError("keep at least 2 releases: the live one and the one it replaced")
    result = PublishResult(release_name(label))
    staged = Path(out).resolve().parent / f".publish-{result.release}"
    try:
        stage_release(Path(out), Path(index_dir), staged)
        previous = {target.name: target.live() for target in targets}
        for target in targets:  # upload everywhere first: a failure here switches nothing
            target.upload(staged, result.release, previous[target.name])
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    for target in targets:
        if target.switch(result.release, previous[target.name]):
            result.nginx_reloaded.append(target.name)
        result.targets.append(target.name)
    for target in targets:
        old = [name for name in target.releases() if name != result.release][: -(keep - 1)]
        target.remove(old)
        result.pruned[target.name] = old
    return result
