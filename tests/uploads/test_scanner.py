"""The clamd client against a fake clamd speaking the real protocol on loopback."""

from __future__ import annotations

import socket
import time

import pytest

from app.uploads.scanner import Clamd, ScanFailed

from .fake_clamd import FakeClamd
from .files import EICAR, PDF


@pytest.fixture
def clamd(request):
    fake = FakeClamd(getattr(request, "param", "scan"))
    yield fake
    fake.close()


def test_a_clean_file_is_sent_whole_in_chunks_and_passes(clamd):
    big = PDF + b"\0" * 200_000  # more than one 64 KiB chunk
    assert Clamd(clamd.address).scan(big).clean
    assert clamd.received == [big]


def test_a_virus_is_named(clamd):
    verdict = Clamd(clamd.address).scan(EICAR)
    assert not verdict.clean
    assert verdict.signature == "Eicar-Signature"


@pytest.mark.parametrize("clamd", ["error"], indirect=True)
def test_a_clamd_error_is_a_failed_scan(clamd):
    with pytest.raises(ScanFailed, match="size limit exceeded"):
        Clamd(clamd.address).scan(PDF)


@pytest.mark.parametrize("clamd", ["hang"], indirect=True)
def test_a_clamd_that_never_answers_fails_within_the_timeout(clamd):
    started = time.monotonic()
    with pytest.raises(ScanFailed, match="did not answer in 0.5s"):
        Clamd(clamd.address, timeout=0.5).scan(PDF)
    assert time.monotonic() - started < 2


def test_no_clamd_listening_is_a_failed_scan():
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]
    with pytest.raises(ScanFailed, match="clamd at tcp://127.0.0.1"):
        Clamd(f"tcp://127.0.0.1:{port}", timeout=1).scan(PDF)


def test_an_address_that_is_neither_tcp_nor_unix_is_refused():
    with pytest.raises(ScanFailed, match="is not tcp://host:port"):
        Clamd("clamd.local:3310").scan(PDF)
