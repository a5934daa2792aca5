"""gunicorn's settings for the portal's service: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

Threaded workers (gthread), so that a request that waits (a client sending its body slowly, a
database that does not answer) holds one thread, not a whole process: the other threads, and the
static pages and search they serve, go on answering. A buffering proxy (nginx, docs/hosting.md)
still belongs in front: it reads each request whole before passing it on, so slow clients never
reach a thread at all. Every value can be overridden on the command line or in
GUNICORN_CMD_ARGS, which win over this file.

Reload: `kill -HUP <master pid>` reads this file again, starts new workers (which import the app
afresh: new code, new settings files) and stops the old ones gracefully once they have finished
their requests (graceful_timeout): no request is refused. The environment is the master's, read
when it started: a changed PORTAL_* variable needs a restart.
"""

import os
import shutil
import tempfile

# One process per CPU (at least two, so one crashing or restarting never leaves none), each with
# several threads: the portal's requests mostly wait on files, the database and the network.
# WEB_CONCURRENCY (the usual variable for it) chooses another number of workers.
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, os.cpu_count() or 1))
worker_class = "gthread"
threads = 8

# A worker whose main loop stops answering the master for this long is killed and replaced. With
# gthread this does not bound a single request (the database's own timeouts do: app/config.py).
timeout = 30
# On a restart, a reload (SIGHUP) or shutdown, requests under way get this long to finish.
graceful_timeout = 30
# How long an idle kept-alive connection (or one that has not yet sent its request) is kept open
# waiting: long enough for a page's next request, short enough that idle clients cost little.
keepalive = 5

# The request line and headers gunicorn reads before the app sees anything: no URL of the portal
# comes near 4 KiB, and browsers send a few dozen headers.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# Logs: JSON lines, one shape for gunicorn's own lines and the app's (app/logs.py), on stderr.
# The app writes one line per request itself (app/request_log.py: id, route, status, time), so
# gunicorn's access log is off; `--access-logfile -` turns it on, in the same shape (its time
# includes sending the body to the client).
logger_class = "app.gunicorn_logging.JsonLogger"
errorlog = "-"
loglevel = "info"
accesslog = None

# Prometheus metrics across workers (app/metrics): each process writes its counts to files in
# PROMETHEUS_MULTIPROC_DIR, and /metrics adds them up. Set it to share the folder with this
# server's `flask deliver` (its delivery counts); otherwise a private folder is made here and
# removed when gunicorn stops. Set before any worker imports prometheus-client, which reads it
# at import. (A reload reads this file again: the variable is set by then, nothing new is made.)
METRICS_DIR = "PROMETHEUS_MULTIPROC_DIR"
MADE_METRICS_DIR = "PORTAL_GUNICORN_MADE_METRICS_DIR"
if not os.environ.get(METRICS_DIR):
    os.environ[METRICS_DIR] = os.environ[MADE_METRICS_DIR] = tempfile.mkdtemp(
        prefix="portal-metrics-"
    )


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def on_starting(server):
    """Counts left by processes of an earlier run would be added to this one's: remove the files
    of every process that is not running (`<kind>_<pid>.db`); a running `flask deliver`'s stay."""
    folder = os.environ[METRICS_DIR]
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        pid = name.removesuffix(".db").rsplit("_", 1)[-1]
        if name.endswith(".db") and pid.isdigit() and not _running(int(pid)):
            os.remove(os.path.join(folder, name))


def child_exit(server, worker):
    """A worker that exits (reload, crash, timeout) no longer counts in the live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    made = os.environ.get(MADE_METRICS_DIR)
    if made and made == os.environ.get(METRICS_DIR):
        shutil.rmtree(made, ignore_errors=True)
