"""The papers of the roster: the consent form a guardian signs, and the handout slips with
each participant's handout code.

Both are for the program's educators only (the views check); they return PDF bytes from
``engage.core.pdf.render_pdf``.
"""

from django.conf import settings
from django.urls import reverse

from engage.core.pdf import render_pdf

from ..listing.participants import handout_participants
from ..models import Participant, new_participant_token
from ..services.participants import purge_date, retention_months

# Slips for children who join without a name, at most (a class, twice over).
MAX_ANONYMOUS_SLIPS = 60


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
    return render_pdf("youth/pdf/consent_form.html", context, request=request)


def handouts_pdf(program, request, anonymous=0):
    """A slip per participant with their handout code, and ``anonymous`` slips with a blank
    name line for those who join without a name.

    An anonymous slip's code is drawn now and stored nowhere: it pairs the survey before
    with the survey after for whoever holds the paper, and names nobody.
    """
    anonymous = max(0, min(int(anonymous), MAX_ANONYMOUS_SLIPS))
    context = _program_context(program, request) | {
        "participants": list(handout_participants(program)),
        "anonymous_codes": _unused_codes(anonymous),
    }
    return render_pdf("youth/pdf/handouts.html", context, request=request)


def _unused_codes(count):
    """``count`` fresh handout codes, none of them a roster participant's."""
    codes = set()
    while len(codes) < count:
        codes.update(new_participant_token() for _ in range(count - len(codes)))
        codes -= set(Participant.objects.filter(token__in=codes).values_list("token", flat=True))
    return sorted(codes)
