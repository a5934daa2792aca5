"""The floor for benchmarks/submit.py: a minimal Flask endpoint that reads the same JSON body and
answers 201, storing nothing. Served by gunicorn exactly as the portal is."""

from flask import Flask, request

app = Flask(__name__)


@app.post("/submit")
def submit():
    request.get_json()
    return {"reference": "NOTHING1"}, 201
