"""Photos residents attach to a report.

The checks and the re-encoding (no EXIF, no GPS, upright, size limits) are the core's
``clean_image``; this module words the messages for photos and turns the result into a
``ReportPhoto``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from engage.core.images import CleanImage, clean_image

from .models import ReportPhoto

MESSAGES = {
    "file_too_big": _("the file is %(size)s; photos can be at most %(max)s."),
    "not_an_image": _("this is not a photo we can read. Please choose a JPEG, PNG or WebP image."),
}


@dataclass(frozen=True)
class CleanPhoto(CleanImage):
    """A photo ready to store: new bytes, no metadata."""

    def to_report_photo(self):
        return ReportPhoto(image=self.to_content_file(), width=self.width, height=self.height)


def clean_photo(upload):
    """Check one uploaded file and return a ``CleanPhoto``, or raise ``ValidationError``."""
    image = clean_image(upload, max_bytes=settings.REPORT_PHOTO_MAX_BYTES, messages=MESSAGES)
    return CleanPhoto(image.content, image.extension, image.width, image.height)
