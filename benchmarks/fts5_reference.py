"""The reference point for the search benchmark: the same corpus in SQLite FTS5 (stdlib sqlite3),
served the same way (a Flask app under gunicorn), answering the same queries.

FTS5 gets the same field weights as the portal's index (title > description > headings > body),
the Porter stemmer, and words joined with OR, ranked by bm25, 20 results with a snippet and the
total count. It does no facets, synonyms or spelling fixes: it is the floor to compare with.

    build: python benchmarks/fts5_reference.py build CONTENT_DIR DB
    serve: FTS5_DB=DB gunicorn -w 2 benchmarks.fts5_reference:app
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import threading
from pathlib import Path

WEIGHTS = (6.0, 2.5, 1.5, 1.0)  # title, description, headings, body: as app/search/schema.py
WORD = re.compile(r"\w+")


def build(site, db_path: Path) -> int:
    """Index the loaded site (pages' rendered text, as the portal indexes it)."""
    if db_path.exists():
        db_path.unlink()
    connection = sqlite3.connect(db_path)
    connection.execute(
        "CREATE VIRTUAL TABLE pages USING fts5(path UNINDEXED, title, description, headings, "
        "body, tokenize='porter unicode61')"
    )
    rows = []
    for page in site.pages.values():
        bodies = [part.body for part in page.parts] if page.parts else [page.body]
        rows.append(
            (
                page.url,
                page.meta.title,
                page.meta.description,
                "\n".join(h.text for b in bodies for h in b.headings),
                "\n".join(b.text for b in bodies),
            )
        )
    connection.executemany("INSERT INTO pages VALUES (?, ?, ?, ?, ?)", rows)
    connection.execute("INSERT INTO pages(pages) VALUES ('optimize')")
    connection.commit()
    connection.close()
    return len(rows)


def match_expression(text: str) -> str:
    return " OR ".join(f'"{w}"' for w in WORD.findall(text.lower())[:12])


def make_app():
    from flask import Flask, jsonify, request

    app = Flask(__name__)
    database = os.environ["FTS5_DB"]
    weights = ", ".join(str(w) for w in WEIGHTS)
    # One connection per worker thread, opened after fork: gunicorn.conf.py's workers are
    # threaded, and a sqlite3 connection answers only the thread that opened it (the others got
    # a 500, and a keep-alive client then waited for good).
    opened = threading.local()

    def connect() -> sqlite3.Connection:
        if not hasattr(opened, "db"):
            opened.db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        return opened.db

    @app.get("/search")
    def search():
        expression = match_expression(request.args.get("q", ""))
        if not expression:
            return jsonify({"total": 0, "results": []})
        connection = connect()
        rows = connection.execute(
            f"SELECT path, title, snippet(pages, 4, '<mark>', '</mark>', ' … ', 24) "
            f"FROM pages WHERE pages MATCH ? ORDER BY bm25(pages, 0, {weights}) LIMIT 20",
            (expression,),
        ).fetchall()
        total = connection.execute(
            "SELECT count(*) FROM pages WHERE pages MATCH ?", (expression,)
        ).fetchone()[0]
        return jsonify(
            {"total": total, "results": [{"path": p, "title": t, "snippet": s} for p, t, s in rows]}
        )

    return app


app = make_app() if "FTS5_DB" in os.environ else None

if __name__ == "__main__" and sys.argv[1:2] == ["build"]:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from app.content import load_content

    loaded, _problems = load_content(sys.argv[2], jobs=2)
    print(build(loaded, Path(sys.argv[3])))
