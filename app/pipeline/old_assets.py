"""The replaced release's fingerprinted assets, kept in the release that replaces it.

A page loads its stylesheet and scripts by fingerprinted names (app/asset_urls.py), and browsers
and CDNs keep pages for 5 minutes (portal.conf). So for a while after a release switch, pages of
the release just replaced still ask for the names they were made with; where the new code changed
a file, the new release has it under another name only. Each release therefore also holds the
fingerprinted files of the release it replaced that it lacks (hard links, so no second copy),
and lists them in `carried-assets.txt` beside its dist/: those are not carried again, so a file
stays one release longer than its last page, and releases do not pile up every old asset.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from app.asset_urls import HASH_LENGTH

CARRIED = "carried-assets.txt"
HASH = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.")  # `portal.<hash>.css`, `x.<hash>.min.js`
_SHELL_HASH = "[0-9a-f]" * HASH_LENGTH


def own_assets(release: Path) -> list[str]:
    """The fingerprinted files of the release that its own pages load (not carried ones)."""
    assets = release / "dist" / "assets"
    if not assets.is_dir():
        return []
    carried = release / CARRIED
    before = set(carried.read_text(encoding="utf-8").split()) if carried.is_file() else set()
    return sorted(n for n in os.listdir(assets) if HASH.search(n) and n not in before)


def carry(previous: Path, release: Path) -> list[str]:
    """Link into `release` the fingerprinted files of `previous` it lacks; their names."""
    assets = release / "dist" / "assets"
    carried = [n for n in own_assets(previous) if not (assets / n).exists()]
    for name in carried:
        os.link(previous / "dist" / "assets" / name, assets / name)
    (release / CARRIED).write_text("".join(f"{n}\n" for n in carried), encoding="utf-8")
    return carried


def carry_command(previous: str, release: str) -> str:
    """`carry` as a shell command on a server: both folders relative to the releases' folder."""
    old, new = shlex.quote(f"../../../{previous}"), shlex.quote(f"{release}/dist/assets")
    return (
        f"cd {new} && : > ../../{CARRIED} && for f in {old}/dist/assets/*; do "
        'n="${f##*/}"; '
        f'case "$n" in *.{_SHELL_HASH}.*) ;; *) continue ;; esac; '
        f'grep -qxF "$n" {old}/{CARRIED} 2>/dev/null && continue; '
        '[ -e "$n" ] && continue; '
        f'ln "$f" "$n" && echo "$n" >> ../../{CARRIED}; done'
    )
