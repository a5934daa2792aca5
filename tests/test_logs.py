"""The JSON shape of every log line, and what configure_logging leaves alone."""

from __future__ import annotations

import json
import logging

from app.logs import WERKZEUG_REQUEST_LINE, DropWerkzeugRequestLines, JsonFormatter


def record(name="app.x", level=logging.INFO, msg="hello %s", args=("world",), **extra):
    made = logging.LogRecord(name, level, __file__, 1, msg, args, None)
    made.__dict__.update(extra)
    return made


def test_a_line_is_one_json_object_with_the_fields_in_order():
    line = JsonFormatter().format(record(route="/search", status=200, request_id="r1"))
    assert "\n" not in line
    parsed = json.loads(line)
    assert list(parsed) == ["time", "level", "logger", "message", "request_id", "route", "status"]
    assert parsed["message"] == "hello world" and parsed["logger"] == "app.x"


def test_fields_not_named_are_left_out_and_tracebacks_are_escaped():
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        import sys

        failing = record(level=logging.ERROR, answers={"name": "never"}, exc_info=sys.exc_info())
    line = JsonFormatter().format(failing)
    assert line.count("\n") == 0
    parsed = json.loads(line)
    assert "answers" not in parsed
    assert "ValueError: bad\nthing" in parsed["exception"]


def test_werkzeugs_request_lines_with_their_query_strings_are_dropped():
    drop = DropWerkzeugRequestLines()
    request_line = record(
        "werkzeug", msg=WERKZEUG_REQUEST_LINE, args=("GET /search?q=x HTTP/1.1", "200", "-")
    )
    assert not drop.filter(request_line)
    assert drop.filter(record("werkzeug", msg=" * Running on %s", args=("http://127.0.0.1",)))
    assert drop.filter(record("app.y", msg=WERKZEUG_REQUEST_LINE, args=("a", "b", "c")))
