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
    return kept.serve(request, token)  # a view showing it on the form (404 if gone)

Pictures on the form are shown from such a view rather than as ``data:`` addresses, which
the public site's Content-Security-Policy does not allow for images.
"""

import base64
import binascii
import secrets

from django.http import Http404, HttpResponse
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

    def serve(self, request, token):
        """The picture ``token`` names, as a response for this visitor only; else 404."""
        image = self.get(request, token)
        if image is None:
            raise Http404
        mime = "image/png" if image.extension == "png" else "image/jpeg"
        response = HttpResponse(image.content, content_type=mime)
        response["Cache-Control"] = "private, no-store"
        return response

    def drop(self, request, token):
        drafts = request.session.get(self.session_key)
        if isinstance(drafts, dict) and token in drafts:
            del drafts[token]
            request.session[self.session_key] = drafts
