"""Precompressed `.gz` copies of text files, for nginx's gzip_static and CDNs."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

TEXT_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".atom", ".txt", ".svg",
                 ".map"}
MIN_SIZE = 256  # smaller files gain nothing from compression


def gzip_tree(root: Path) -> int:
    count = 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            if path.suffix in TEXT_SUFFIXES and path.stat().st_size >= MIN_SIZE:
                data = path.read_bytes()
                # mtime=0 keeps builds of the same content byte-identical
                Path(f"{path}.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
                count += 1
    return count
