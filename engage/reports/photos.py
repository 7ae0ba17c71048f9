"""Photos residents attach to a report: checked by what they contain, then re-encoded.

A photo from a phone carries EXIF metadata: the exact GPS position of the person taking
it, the device, the time. None of that may reach the public tracking page, so a photo is
never stored as uploaded. It is opened with Pillow (which decides the format from the
bytes, not from the file name), checked, turned upright according to its EXIF
orientation, and its pixels copied into a brand-new image that is saved as JPEG (or PNG
when it has transparency). The new file has no metadata at all.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import ReportPhoto

try:  # Photos from iPhones are HEIC; accept them when pillow-heif is installed.
    import pillow_heif
except ImportError:  # pragma: no cover - depends on the environment
    pillow_heif = None
else:
    pillow_heif.register_heif_opener()

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"} | ({"HEIF"} if pillow_heif else set())

# Decompression-bomb guard: a small file can claim enormous dimensions and take all the
# memory when decoded. 50 megapixels is more than any phone camera produces.
MAX_PIXELS = 50_000_000
MAX_SIDE = 12_000
# Stored photos are scaled down to this longest side: plenty for staff to see the problem.
STORED_MAX_SIDE = 2560
JPEG_QUALITY = 85


@dataclass
class CleanPhoto:
    """A photo ready to store: new bytes, no metadata."""

    content: bytes
    extension: str
    width: int
    height: int

    def to_report_photo(self):
        name = f"{uuid.uuid4().hex}.{self.extension}"
        return ReportPhoto(
            image=ContentFile(self.content, name=name), width=self.width, height=self.height
        )


def _refuse(upload, message):
    return ValidationError(
        _("“%(name)s”: %(problem)s") % {"name": upload.name, "problem": message},
        code="invalid_photo",
    )


def _open(upload):
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns up to twice its own limit; treat the warning as refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(upload)


def clean_photo(upload):
    """Check one uploaded file and return a ``CleanPhoto``, or raise ``ValidationError``."""
    max_bytes = settings.REPORT_PHOTO_MAX_BYTES
    if upload.size > max_bytes:
        raise _refuse(
            upload,
            _("the file is %(size)s; photos can be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
        )
    not_a_photo = _("this is not a photo we can read. Please choose a JPEG, PNG or WebP image.")
    try:
        with _open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(upload, _("the picture is too large.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _refuse(upload, not_a_photo) from error
    if image_format not in ACCEPTED_FORMATS:
        raise _refuse(upload, not_a_photo)
    if width < 1 or height < 1 or width > MAX_SIDE or height > MAX_SIDE:
        raise _refuse(upload, _("the picture is too large."))
    if width * height > MAX_PIXELS:
        raise _refuse(upload, _("the picture is too large."))

    # ``verify`` leaves the image unusable: open it again to decode the pixels.
    try:
        with _open(upload) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            return _reencode(upright, icc_profile=image.info.get("icc_profile"))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(upload, _("the picture is too large.")) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise _refuse(upload, not_a_photo) from error


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _reencode(image, *, icc_profile=None):
    alpha = _has_alpha(image)
    image = image.convert("RGBA" if alpha else "RGB")
    if max(image.size) > STORED_MAX_SIDE:
        image.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image from the pixel data alone: no EXIF, no XMP, no comments, no GPS.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    buffer = io.BytesIO()
    # The colour profile only says how to show the colours; it identifies nobody.
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    if alpha:
        clean.save(buffer, format="PNG", optimize=True, **extra)
        extension = "png"
    else:
        clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, **extra)
        extension = "jpg"
    return CleanPhoto(buffer.getvalue(), extension, clean.width, clean.height)
