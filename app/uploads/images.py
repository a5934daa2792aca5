"""Photos re-encoded without their metadata: a phone's JPG carries where it was taken (GPS), when,
and the phone's serial number. Pillow decodes the image and saves only its pixels (turned upright
first, as the EXIF orientation said, since that tag goes too) and its colour profile."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

from .kinds import Kind

# Pillow's own guard against a small file that decodes to gigabytes, made an error here: more
# pixels than a 100 megapixel photo is refused, not decoded.
MAX_PIXELS = 100_000_000
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


class Unreadable(ValueError):
    """The bytes start like an image but do not decode as one."""


def without_metadata(data: bytes, kind: Kind) -> bytes:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise Unreadable("too many pixels")
                image.load()
                upright = ImageOps.exif_transpose(image)
                icc = image.info.get("icc_profile")
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise Unreadable(str(error)) from None
    if kind.mime == "image/jpeg" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    out = io.BytesIO()
    options = {"icc_profile": icc} if icc else {}
    if kind.mime == "image/jpeg":
        options["quality"] = 90
    upright.save(out, FORMATS[kind.mime], **options)
    return out.getvalue()
