"""Pictures residents upload: checked by what they contain, then re-encoded.

A photo from a phone carries EXIF metadata: the exact GPS position of the person taking
it, the device, the time. None of that may reach a public page, so an uploaded picture is
never stored as uploaded. It is opened with Pillow (which decides the format from the
bytes, not from the file name), checked, turned upright according to its EXIF
orientation, and its pixels copied into a brand-new image that is saved as JPEG (or PNG
when it has transparency). The new file has no metadata at all.

``clean_image`` does this for one upload; ``ImageUploadField`` is a form field that does
it in ``clean()``. Each part stores the result in its own model, usually through
``CleanImage.to_content_file()``.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # Photos from iPhones are HEIC; accept them when pillow-heif is installed.
    import pillow_heif
except ImportError:  # pragma: no cover - depends on the environment
    pillow_heif = None
else:
    pillow_heif.register_heif_opener()

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"} | ({"HEIF"} if pillow_heif else set())
ACCEPT_ATTRIBUTE = ",".join(
    ["image/jpeg", "image/png", "image/webp"]
    + (["image/heic", "image/heif", ".heic", ".heif"] if pillow_heif else [])
)

# Decompression-bomb guard: a small file can claim enormous dimensions and take all the
# memory when decoded. 50 megapixels is more than any phone camera produces.
MAX_PIXELS = 50_000_000
MAX_SIDE = 12_000
# Stored pictures are scaled down to this longest side: plenty to see what they show.
STORED_MAX_SIDE = 2560
JPEG_QUALITY = 85

# What the person is told, by error code. A part may word them for its own uploads
# ("photos" rather than "images") by passing ``messages`` to ``clean_image``.
MESSAGES = {
    "file_too_big": gettext_lazy("the file is %(size)s; images can be at most %(max)s."),
    "not_an_image": gettext_lazy(
        "this is not an image we can read. Please choose a JPEG, PNG or WebP image."
    ),
    "too_many_pixels": gettext_lazy("the picture is too large."),
}


@dataclass(frozen=True)
class CleanImage:
    """A picture ready to store: new bytes, no metadata."""

    content: bytes
    extension: str  # "jpg" or "png"
    width: int
    height: int

    def to_content_file(self):
        """A ``ContentFile`` with a random name: the uploader's file name is not kept."""
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}.{self.extension}")


def _refuse(upload, code, messages, **params):
    problem = messages.get(code) or MESSAGES[code]
    return ValidationError(
        _("“%(name)s”: %(problem)s") % {"name": upload.name, "problem": problem % params},
        code=code,
    )


def _open(upload):
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns up to twice its own limit; treat the warning as refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(upload)


def clean_image(upload, *, max_bytes, messages=None):
    """Check one uploaded file and return a ``CleanImage``, or raise ``ValidationError``.

    ``messages`` replaces some of ``MESSAGES`` (same codes and placeholders).
    """
    messages = messages or {}
    if upload.size > max_bytes:
        raise _refuse(
            upload,
            "file_too_big",
            messages,
            size=filesizeformat(upload.size),
            max=filesizeformat(max_bytes),
        )
    try:
        with _open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(upload, "too_many_pixels", messages) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _refuse(upload, "not_an_image", messages) from error
    if image_format not in ACCEPTED_FORMATS:
        raise _refuse(upload, "not_an_image", messages)
    if width < 1 or height < 1 or width > MAX_SIDE or height > MAX_SIDE:
        raise _refuse(upload, "too_many_pixels", messages)
    if width * height > MAX_PIXELS:
        raise _refuse(upload, "too_many_pixels", messages)

    # ``verify`` leaves the image unusable: open it again to decode the pixels.
    try:
        with _open(upload) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            return _reencode(upright, icc_profile=image.info.get("icc_profile"))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(upload, "too_many_pixels", messages) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise _refuse(upload, "not_an_image", messages) from error


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
    return CleanImage(buffer.getvalue(), extension, clean.width, clean.height)


class ImageUploadField(forms.FileField):
    """One picture, checked and re-encoded by ``clean_image``; cleans to a ``CleanImage``.

    When the form is bound without a new file, ``clean`` returns ``initial`` as any
    ``FileField`` does (``None`` on a new object).
    """

    def __init__(self, *, max_bytes, messages=None, **kwargs):
        self.max_bytes = max_bytes
        self.messages = messages
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_image(upload, max_bytes=self.max_bytes, messages=self.messages)
