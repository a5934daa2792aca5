"""Precompressed `.gz` copies of text files, for nginx's gzip_static and CDNs.

Pages are compressed by the process that froze them, as each is written (so the work is shared over
the cores like the rest of the freeze); `gzip_tree` then does the few files copied in afterwards.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

TEXT_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".atom", ".txt", ".svg", ".map"}
MIN_SIZE = 256  # smaller files gain nothing from compression


def gzip_file(path: Path) -> bool:
    """Write `path`.gz beside a text file worth compressing; whether it did."""
    if path.suffix not in TEXT_SUFFIXES:
        return False
    return gzip_copy(str(path), path.read_bytes())


def gzip_copy(path: str, data: bytes) -> bool:
    """Write `path`.gz holding `data` (the file's bytes, just written by the freezer) when it
    is text worth compressing; whether it did."""
    if len(data) < MIN_SIZE or os.path.splitext(path)[1] not in TEXT_SUFFIXES:
        return False
    with open(f"{path}.gz", "wb") as file:
        # mtime=0 keeps builds of the same content byte-identical
        file.write(gzip.compress(data, compresslevel=6, mtime=0))
    return True


def gzip_tree(root: Path) -> int:
    """Compress every text file under `root` that has no .gz copy yet."""
    count = 0
    for folder, _dirs, files in os.walk(root):
        names = set(files)
        for name in files:
            if f"{name}.gz" not in names and gzip_file(Path(folder) / name):
                count += 1
    return count
