#!/bin/sh
# Install the peer static-site generators that `benchmarks/build.py --peers` builds the same corpus
# with, the way the peers' anchors were set up (see README.md here). Run by `make peers`; safe to
# run again: each tool is installed only when missing or at the wrong version.
#   Hugo 0.111.3   Debian's package (apt-get; needs root, as on CI and the benchmark machine)
#   Eleventy 3.1.8 npm, into benchmarks/peers/node_modules from package-lock.json
#   MkDocs 1.6.1   pip, into benchmarks/peers/venv from requirements.txt
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
PYTHON="${PYTHON:-python3}"

if command -v hugo >/dev/null 2>&1; then
  echo "hugo: $(hugo version | cut -d' ' -f1-2)"
elif command -v apt-get >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends hugo
else
  echo "hugo: not installed and no apt-get; install Hugo 0.111 and put it on PATH" >&2
  exit 1
fi

if [ -f "$HERE/node_modules/.installed" ] && [ "$HERE/node_modules/.installed" -nt "$HERE/package-lock.json" ]; then
  echo "eleventy: installed"
else
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$HERE/node_modules/.installed"
fi

if [ -f "$HERE/venv/.installed" ] && [ "$HERE/venv/.installed" -nt "$HERE/requirements.txt" ]; then
  echo "mkdocs: installed"
else
  "$PYTHON" -m venv "$HERE/venv"
  "$HERE/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
  touch "$HERE/venv/.installed"
fi
echo "peers ready: $(hugo version | cut -d' ' -f2), eleventy $(node "$HERE/node_modules/@11ty/eleventy/cmd.cjs" --version), $("$HERE/venv/bin/mkdocs" --version | cut -d" " -f1,3 | tr -d ,)"
