"""Files that citizens and API clients upload for `type: file` questions (docs/uploads.md).

    kinds.py    the types a question may accept, recognised from the bytes (puremagic), never
                from the name or the Content-Type the sender claims
    checks.py   empty, too large, not an accepted type: the GOV.UK Design System's messages
    images.py   photos re-encoded without their metadata (Pillow), where the question says so
    scanner.py  the virus scan: ClamAV's clamd protocol (INSTREAM), when CLAMD_ADDRESS is set
    storage.py  where the bytes go: the database (default) or a directory (FILE_STORAGE)
    receive.py  all of it, in order, for one file: what the HTML flow and the API both call
    web.py      the Flask side: settings, the larger body a file page may post, the HTML flow

The rows are in app/store/uploads.py (the `uploads` table).
"""
