"""Checked pictures kept in the session across a preview or a form with errors.

A picture chosen before a preview (or on a form that had to be corrected) waits in the
session, already checked and re-encoded (a ``CleanImage``), so the person does not have
to choose it again. The form carries a random token naming it. A few are kept (two tabs,
two drafts); the oldest goes first, the form drops the one it used once it is saved, and
all go with the session.

Each form keeps its pictures under a session key of its own::

    kept = KeptImages("drafts_images")
    token = kept.keep(request, image)  # put the token in a hidden field
    image = kept.get(request, token)   # None when expired, unknown or damaged
    kept.drop(request, token)
"""

import base64
import binascii
import secrets

from django.utils.crypto import constant_time_compare

from .images import CleanImage


class KeptImages:
    """Pictures kept under ``session_key``, at most ``limit`` of them."""

    def __init__(self, session_key, *, limit=3):
        self.session_key = session_key
        self.limit = limit

    def keep(self, request, image):
        """Keep ``image`` and return the token that names it."""
        token = secrets.token_urlsafe(16)
        drafts = request.session.get(self.session_key)
        drafts = drafts if isinstance(drafts, dict) else {}
        while len(drafts) >= self.limit:
            drafts.pop(next(iter(drafts)))
        drafts[token] = {
            "content": base64.b64encode(image.content).decode("ascii"),
            "extension": image.extension,
            "width": image.width,
            "height": image.height,
        }
        request.session[self.session_key] = drafts
        return token

    def get(self, request, token):
        """The picture ``token`` names, or None."""
        drafts = request.session.get(self.session_key)
        if not token or not isinstance(drafts, dict):
            return None
        draft = next((d for t, d in drafts.items() if constant_time_compare(t, token)), None)
        if draft is None:
            return None
        try:
            content = base64.b64decode(draft["content"], validate=True)
            return CleanImage(content, draft["extension"], draft["width"], draft["height"])
        except (KeyError, TypeError, ValueError, binascii.Error):
            return None

    def drop(self, request, token):
        drafts = request.session.get(self.session_key)
        if isinstance(drafts, dict) and token in drafts:
            del drafts[token]
            request.session[self.session_key] = drafts


def data_uri(image):
    """A ``CleanImage`` as a ``data:`` address, to show it before it is stored."""
    mime = "image/png" if image.extension == "png" else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(image.content).decode('ascii')}"
