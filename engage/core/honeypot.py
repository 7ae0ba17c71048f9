"""A honeypot on the forms anyone may send, instead of a captcha.

Two extra inputs go with the form:

``website``
    a text input that people never meet: it sits off-screen inside a block hidden from
    screen readers (``aria-hidden``), out of the tab order (``tabindex="-1"``), with
    autofill off and a label that says to leave it empty for whoever reaches it anyway.
    Form-filling bots fill every text input they find, and a URL field most of all.
``form_started``
    when the form was shown, signed, so a bot cannot forge it. A form sent back sooner
    than ``HONEYPOT_MIN_SECONDS`` after it was shown was not filled in by a person.
    A request without it (an API client, a script that never fetched the form) is judged
    by the honeypot and the rate limits alone; one with a stamp that was tampered with is
    refused.

A refused form shows a generic error, keeps everything that was typed and stores nothing
(see docs/abuse.md for why it does not pretend to accept): a person whose browser filled
the hidden input by mistake sends again and passes, because the input is shown empty.

Forms built on Django forms use :class:`HoneypotFormMixin`; views that read ``POST``
themselves (a survey's pages) render ``{% honeypot_fields %}`` (``honeypot_tags``) and ask
:func:`refusal`.
"""

import logging
import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

FIELD_NAME = "website"
STARTED_NAME = "form_started"
SALT = "engage.core.honeypot"

# The one message a refused form shows: it says nothing a bot could learn from.
REFUSED_MESSAGE = _(
    "We could not accept this form. Please check what you entered and send it again."
)


# What ``signing.dumps`` makes of a stamp: the value, the signing time and a SHA-256
# signature, each URL-safe base64 (or base62) and joined by colons. Only a candidate:
# :func:`is_started_stamp` says whether this site signed it.
STAMP_CANDIDATE = re.compile(rb"(?<![\w:-])[\w-]+:[0-9A-Za-z]+:[\w-]{43}(?![\w:-])")


def current_time():
    """The clock the stamps read (tests move it)."""
    return time.time()


def started_stamp(now=None):
    """The signed moment a form is shown."""
    moment = current_time() if now is None else now
    return signing.dumps(int(moment), salt=SALT)


def is_started_stamp(text):
    """Whether ``text`` is a start stamp this site signed (the page cache swaps them)."""
    try:
        signing.loads(text, salt=SALT)
    except signing.BadSignature:
        return False
    return True


def refusal(data, *, prefix=None, min_seconds=None, now=None):
    """Why the form data ``data`` (a ``QueryDict``) was not sent by a person, or ``None``.

    ``"filled"``: the honeypot holds something; ``"tampered"``: the start stamp is not one
    this site signed; ``"too-fast"``: it came back sooner than ``min_seconds`` (by
    default ``HONEYPOT_MIN_SECONDS``) after the form was shown.
    """
    name = f"{prefix}-{FIELD_NAME}" if prefix else FIELD_NAME
    started_name = f"{prefix}-{STARTED_NAME}" if prefix else STARTED_NAME
    if data.get(name, "").strip():
        return _refused("filled")
    stamp = data.get(started_name, "")
    if not stamp:
        return None
    try:
        started = int(signing.loads(stamp, salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return _refused("tampered")
    wait = settings.HONEYPOT_MIN_SECONDS if min_seconds is None else min_seconds
    moment = current_time() if now is None else now
    if moment - started < wait:
        return _refused("too-fast")
    return None


def _refused(reason):
    # Counted in the log so staff can see the honeypot at work (and spot a false alarm).
    logger.info("Form refused by the honeypot: %s", reason)
    return reason


class HoneypotInput(forms.TextInput):
    """The honeypot's input with its hidden wrapper and label, always shown empty."""

    template_name = "core/widgets/honeypot.html"

    def __init__(self):
        super().__init__(attrs={"autocomplete": "off", "tabindex": "-1"})

    @property
    def is_hidden(self):
        # Rendered with the form's hidden inputs: no form group, no label of its own.
        return True

    def format_value(self, value):
        return None  # a person who sends again passes, even after an autofill


class StartedInput(forms.HiddenInput):
    """The moment the form was first shown; a fresh stamp unless one was sent."""

    def format_value(self, value):
        return value or started_stamp()


class HoneypotFormMixin:
    """Adds the honeypot and the start stamp to a form; a form a bot sent is invalid.

    ``honeypot_min_seconds``: ``None`` uses ``HONEYPOT_MIN_SECONDS``; 0 turns the time
    check off (a log-in that a password manager fills and sends at once).
    """

    honeypot_min_seconds = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD_NAME] = forms.CharField(
            label=_("Leave this field empty"), required=False, widget=HoneypotInput()
        )
        self.fields[STARTED_NAME] = forms.CharField(required=False, widget=StartedInput())

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        # Never seen by the form's own code, so nothing iterating the fields keeps them.
        for name in (FIELD_NAME, STARTED_NAME):
            self.cleaned_data.pop(name, None)
        if refusal(self.data, prefix=self.prefix, min_seconds=self.honeypot_min_seconds):
            self.add_error(None, forms.ValidationError(REFUSED_MESSAGE, code="honeypot"))
            # Nothing cleaned goes on, not even to the session (a report's kept photos):
            # the form is shown again from what was sent.
            self.cleaned_data = {}
