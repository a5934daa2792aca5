"""Real files for the upload tests, made with Pillow: a photo with its GPS position in its EXIF, a
PNG, a small PDF, the start of a Windows executable, and EICAR's test string."""

from __future__ import annotations

import io
import random

from PIL import Image

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
# A PE file's first bytes: the MZ header a renamed .exe still starts with.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240 + b"PE\x00\x00"
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
GPS_IFD = 0x8825


def photo(size=(64, 48)) -> bytes:
    """A JPG as a phone takes it: with where it was taken, its camera and an orientation."""
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: turned 90 degrees
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def noisy_photo(size=(800, 600)) -> bytes:
    """A JPG of noise, which JPEG cannot shrink: 800x600 is about 260 KB, four of Werkzeug's
    64 KiB reads, with bytes that end a read the way a boundary could begin (a photo of zeros
    never does)."""
    noise = random.Random(17).randbytes(size[0] * size[1] * 3)  # the same bytes every run
    image = Image.frombytes("RGB", size, noise)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def png(size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 120, 60)).save(out, "PNG")
    return out.getvalue()


def multipart(fields: dict) -> dict:
    """The keyword arguments of a test client's post of `fields` as multipart/form-data, encoded
    here, in memory: the test client spools a large body to a temporary file it never closes."""
    from werkzeug.test import encode_multipart

    boundary, body = encode_multipart(fields)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}
