"""Pairing a person's "pre" response with their "post" response without knowing who they are.

A youth participant has a handout code (``youth.Participant.token``). When they join a
session, the youth part hands it to the survey with ``carry``; the response then keeps a
keyed hash of it (``pair_key``), never the code itself, so a response table alone cannot
be matched to a printed handout: the key is the site's ``SECRET_KEY`` (rotating it starts
new pairs). Comparisons can then be limited to people who answered both surveys
(``surveys.results.comparison``).
"""

import hashlib
import hmac

from django.conf import settings

PAIR_SESSION_KEY = "survey-pair-{}"


def pseudonym(token):
    message = f"surveys.pairing:{token}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:40]


def carry(request, survey, token):
    """The next response this browser sends to ``survey`` is paired with ``token``."""
    request.session[PAIR_SESSION_KEY.format(survey.source.pk)] = pseudonym(token)


def carried(request, survey):
    """The pair key this browser carries for ``survey``, or ""."""
    return request.session.get(PAIR_SESSION_KEY.format(survey.source.pk), "")


def drop(request, survey):
    request.session.pop(PAIR_SESSION_KEY.format(survey.source.pk), None)
