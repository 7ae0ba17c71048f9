"""Photos residents attach to a report.

The checks and the re-encoding (no EXIF, no GPS, upright, size limits) are the core's
``clean_image``; this module words the messages for photos and turns the result into a
``ReportPhoto``.

Photos that passed the checks wait in the session (``engage.core.kept_uploads``) while
the form is shown again — possible duplicates to look at first, or an error elsewhere —
so the resident does not have to choose them again. The form carries their tokens
(``photo_token``) and a "remove" box for each (``remove_photo``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from engage.core.images import CleanImage, clean_image
from engage.core.kept_uploads import KeptImages

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


# Room for the photos of two forms at once (two tabs); the oldest go first.
kept_photos = KeptImages("reports_draft_photos", limit=8)


@dataclass(frozen=True)
class KeptPhoto:
    token: str
    photo: CleanPhoto


def photos_kept_in(request):
    """The photos the posted form says are kept, without those ticked for removal.

    Returns ``(kept, expired)``: the ``KeptPhoto``\\ s still in the session, and whether
    any the form named had expired (the person must be told to choose it again).
    """
    removed = set(request.POST.getlist("remove_photo"))
    kept, expired = [], False
    tokens = list(dict.fromkeys(request.POST.getlist("photo_token")))
    for token in tokens[: settings.REPORT_PHOTO_MAX_COUNT]:
        if token in removed:
            kept_photos.drop(request, token)
            continue
        image = kept_photos.get(request, token)
        if image is None:
            expired = True
            continue
        photo = CleanPhoto(image.content, image.extension, image.width, image.height)
        kept.append(KeptPhoto(token, photo))
    return kept, expired


def keep_new_photos(request, form):
    """Keep the photos newly chosen on ``form`` (when they passed the checks)."""
    if "photos" in form.errors or not hasattr(form, "cleaned_data"):
        return
    for photo in form.cleaned_data.get("photos") or []:
        form.kept_photos.append(KeptPhoto(kept_photos.keep(request, photo), photo))
    form.cleaned_data["photos"] = []


def forget_kept_photos(request, kept):
    for item in kept:
        kept_photos.drop(request, item.token)
