"""gunicorn's settings for the portal's service: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

Threaded workers (gthread), so that a request that waits (a client sending its body slowly, a
database that does not answer) holds one thread, not a whole process: the other threads, and the
static pages and search they serve, go on answering. A buffering proxy (nginx, docs/hosting.md)
still belongs in front: it reads each request whole before passing it on, so slow clients never
reach a thread at all. Every value can be overridden on the command line or in
GUNICORN_CMD_ARGS, which win over this file.
"""

import os

# One process per CPU (at least two, so one crashing or restarting never leaves none), each with
# several threads: the portal's requests mostly wait on files, the database and the network.
workers = max(2, os.cpu_count() or 1)
worker_class = "gthread"
threads = 8

# A worker whose main loop stops answering the master for this long is killed and replaced. With
# gthread this does not bound a single request (the database's own timeouts do: app/config.py).
timeout = 30
# On a restart or shutdown, requests under way get this long to finish.
graceful_timeout = 30
# How long an idle kept-alive connection (or one that has not yet sent its request) is kept open
# waiting: long enough for a page's next request, short enough that idle clients cost little.
keepalive = 5

# The request line and headers gunicorn reads before the app sees anything: no URL of the portal
# comes near 4 KiB, and browsers send a few dozen headers.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
