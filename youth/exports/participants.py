"""The papers of the roster: the consent form a guardian signs, and the handout slips with
each participant's handout code.

Both are for the program's educators only (the views check); they return PDF bytes from
``engage.core.pdf.render_pdf``.
"""

from django.conf import settings
from django.urls import reverse

from engage.core.pdf import render_pdf

from ..listing.participants import handout_participants
from ..models import Participant
from ..services.participants import purge_date, retention_months


def _program_context(program, request):
    months = retention_months()
    return {
        "program": program,
        "educators": list(program.educators.order_by("display_name")),
        "partners": list(program.partners.all()),
        "retention_months": months,
        "purge_date": purge_date(program, months),
        "privacy_url": request.build_absolute_uri(reverse("youth:privacy")),
        "privacy_contact": settings.YOUTH_PRIVACY_CONTACT,
        "age_bands": Participant.AgeBand.choices,
    }


def consent_form_pdf(program, request, participants=()):
    """One consent form per participant in ``participants`` (their name filled in), or a
    single blank one to copy when there are none."""
    context = _program_context(program, request) | {"forms": list(participants) or [None]}
    return render_pdf("youth/consent_form_pdf.html", context, request=request)


def handouts_pdf(program, request):
    """A slip per participant with their handout code: typed when joining, it pairs the
    survey before with the survey after without their name (``surveys.pairing``)."""
    context = _program_context(program, request) | {
        "participants": list(handout_participants(program)),
    }
    return render_pdf("youth/handouts_pdf.html", context, request=request)
