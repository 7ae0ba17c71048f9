"""The roster and consent: the educator's pages (adding participants several in a row on a
phone, a guardian's signed form, the online link, the school's consent, the consent form
and handout slips to print), the guardian's online form, and the public privacy page.

Anything about a program that is not the person's answers "not found"
(``youth.rules.program_or_404``); nobody sees a roster without that right.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from engage.core.branding import for_request as branding_for_request
from engage.core.exports import record_pdf
from engage.core.inputs import parse_id

from .. import rules
from ..exports import participants as papers
from ..forms.participants import (
    ConsentLinkForm,
    GuardianConsentForm,
    PaperConsentForm,
    ParticipantForm,
    SchoolConsentForm,
)
from ..listing import participants as listing
from ..models import Participant, YouthRetention
from ..services import participants as services
from ..services.participants import ParticipantError


def _participant_or_404(user, pk):
    """The participant ``pk`` of a program the person manages; "not found" otherwise."""
    participant = (
        Participant.objects.select_related("program")
        .filter(pk=pk, program__in=rules.programs_for(user))
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def _private(response):
    # Names of children: never kept by a shared cache or the browser's back button.
    response["Cache-Control"] = "private, no-store"
    return response


# --- The roster ---------------------------------------------------------------------


@login_required
@require_GET
def roster(request, pk):
    program = rules.program_or_404(request.user, pk)
    context = {
        "program": program,
        "page_obj": listing.roster_page(program, request.GET.get("page")),
        "counts": listing.roster_counts(program),
        "refusal": rules.why_not_change_roster(request.user, program),
        "form": ParticipantForm(),
    }
    return _private(render(request, "youth/participants/roster.html", context))


@login_required
@require_http_methods(["GET", "POST"])
def participant_new(request, pk):
    """Add a participant; the form comes back empty for the next one (a class at a time)."""
    program = rules.program_or_404(request.user, pk)
    refusal = rules.why_not_change_roster(request.user, program)
    form = ParticipantForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            participant = services.add_participant(program, request.user, **form.cleaned_data)
        except ParticipantError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is on the roster. Add the next one, or go back to the roster.")
                % {"name": participant.display_name},
            )
            if request.POST.get("then") == "roster":
                return redirect("youth:roster", pk=program.pk)
            return redirect("youth:participant_new", pk=program.pk)
    context = {"program": program, "form": form, "refusal": refusal}
    return _private(render(request, "youth/participants/participant_form.html", context))


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request, pk):
    participant = _participant_or_404(request.user, pk)
    program = participant.program
    refusal = rules.why_not_change_participant(request.user, participant)
    form = ParticipantForm(request.POST if request.method == "POST" else None, instance=participant)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            participant = services.update_participant(
                participant, request.user, **form.cleaned_data
            )
        except ParticipantError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("%(name)s's details are saved.") % {"name": participant.display_name}
            )
            return redirect("youth:roster", pk=program.pk)
    context = {
        "program": program,
        "participant": participant,
        "form": form,
        "refusal": refusal,
    }
    return _private(render(request, "youth/participants/participant_form.html", context))


# --- Consent: the guardian's (paper, online link), the school's ---------------------


@login_required
@require_http_methods(["GET", "POST"])
def record_consent(request, pk):
    """A participant's consent: record a signed paper form, or record its withdrawal."""
    participant = _participant_or_404(request.user, pk)
    refusal = rules.why_not_change_participant(request.user, participant)
    posted = request.method == "POST" and not refusal
    action = request.POST.get("action") if posted else None
    form = PaperConsentForm(
        request.POST if action == "paper" else None,
        initial={"given_on": timezone.localdate()},
    )
    try:
        if action == "withdraw":
            services.withdraw_consent(participant, request.user)
            messages.success(
                request,
                _("The consent for %(name)s is withdrawn.") % {"name": participant.display_name},
            )
            return redirect("youth:record_consent", pk=participant.pk)
        if action == "paper" and form.is_valid():
            details = {k: v for k, v in form.cleaned_data.items() if k != "signed_form"}
            services.record_paper_consent(participant, request.user, **details)
            messages.success(
                request,
                _("The guardian's consent for %(name)s is recorded.")
                % {"name": participant.display_name},
            )
            return redirect("youth:roster", pk=participant.program.pk)
    except ParticipantError as error:
        if action == "paper":
            form.add_error(None, str(error))
        else:
            messages.error(request, str(error))
    history = list(listing.consent_history(participant))
    in_force = next((c for c in history if c.withdrawn_at is None), None)
    context = {
        "program": participant.program,
        "participant": participant,
        "history": history,
        "in_force": in_force,
        "form": form,
        "refusal": refusal,
    }
    return _private(render(request, "youth/participants/consent.html", context))


@login_required
@require_http_methods(["GET", "POST"])
def send_consent_link(request, pk):
    """The educator types the guardian's e-mail address; the site sends the signed link."""
    participant = _participant_or_404(request.user, pk)
    refusal = rules.why_not_change_participant(request.user, participant)
    form = ConsentLinkForm(
        request.POST if request.method == "POST" else None,
        initial={"language": get_language()},
    )
    if request.method == "POST" and not refusal and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.send_consent_link(
                participant, request.user, email, language=form.cleaned_data["language"]
            )
        except ParticipantError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "We sent the consent link for %(name)s to %(email)s. Their consent shows "
                    "on the roster once they have given it."
                )
                % {"name": participant.display_name, "email": email},
            )
            return redirect("youth:record_consent", pk=participant.pk)
    context = {
        "program": participant.program,
        "participant": participant,
        "form": form,
        "refusal": refusal,
    }
    return _private(render(request, "youth/participants/consent_link.html", context))


@never_cache
@require_http_methods(["GET", "POST"])
def guardian_consent(request, token):
    """The guardian's page from the e-mailed link: no account, the signed token is the key."""
    try:
        consent_request = services.read_consent_token(token)
    except ParticipantError as error:
        response = render(
            request, "youth/participants/guardian_consent.html", {"refusal": str(error)}, status=400
        )
        return _guardian_headers(response)
    participant = consent_request.participant
    consent = participant.consents.in_force().first()
    form = GuardianConsentForm(request.POST if request.method == "POST" else None)
    just_given = False
    if request.method == "POST" and consent is None and form.is_valid():
        try:
            consent = services.consent_by_link(
                token, guardian_name=form.cleaned_data["guardian_name"]
            )
        except ParticipantError as error:
            form.add_error(None, str(error))
        else:
            just_given = True
    context = {
        "participant": participant,
        "program": participant.program,
        "consent": consent,
        "just_given": just_given,
        "form": form,
        "retention_months": YouthRetention.for_request(request).months_after_program,
        "school_consent": participant.program.has_school_consent,
    }
    return _guardian_headers(render(request, "youth/participants/guardian_consent.html", context))


def _guardian_headers(response):
    # The signed token is in the address: never sent on to another site, never indexed.
    # ("no-referrer" would also blank the Origin of the form's own POST, which the CSRF
    # check needs.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return _private(response)


@login_required
@require_http_methods(["GET", "POST"])
def school_consent(request, pk):
    """The school's consent for educational use, for every participant of the program."""
    program = rules.program_or_404(request.user, pk)
    refusal = rules.why_not_change_roster(request.user, program)
    posted = request.method == "POST" and not refusal
    action = request.POST.get("action") if posted else None
    form = SchoolConsentForm(
        request.POST if action == "record" else None,
        initial={"given_on": timezone.localdate()},
    )
    try:
        if action == "withdraw":
            services.withdraw_school_consent(program, request.user)
            messages.success(request, _("The school's consent is withdrawn."))
            return redirect("youth:school_consent", pk=program.pk)
        if action == "record" and form.is_valid():
            services.record_school_consent(program, request.user, **form.cleaned_data)
            messages.success(request, _("The school's consent is recorded."))
            return redirect("youth:roster", pk=program.pk)
    except ParticipantError as error:
        if action == "record":
            form.add_error(None, str(error))
        else:
            messages.error(request, str(error))
    context = {"program": program, "form": form, "refusal": refusal}
    return _private(render(request, "youth/participants/school_consent.html", context))


# --- Papers to print ----------------------------------------------------------------


def _pdf(request, pdf, program, name, *, names_printed=True):
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{slugify(program.name) or 'program'}-{name}.pdf"
    if names_printed:
        # Children's names or codes on paper: recorded like any export of them (a blank
        # form is not).
        record_pdf(request, filename=filename)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _private(response)


@login_required
@require_GET
def consent_form_pdf(request, pk):
    """The consent form to send home: blank, or ``?for=missing`` one per participant
    without consent, or ``?participant=<pk>`` for one."""
    program = rules.program_or_404(request.user, pk)
    participants = ()
    if request.GET.get("for") == "missing":
        participants = listing.participants_without_consent(program)
    elif "participant" in request.GET:
        wanted = parse_id(request.GET["participant"])
        participants = listing.handout_participants(program).filter(pk=wanted)
        if wanted is None or not participants:
            raise Http404
    pdf = papers.consent_form_pdf(program, request, participants)
    return _pdf(request, pdf, program, "consent-form", names_printed=bool(participants))


@login_required
@require_GET
def handouts_pdf(request, pk):
    """Handout slips with each participant's code."""
    program = rules.program_or_404(request.user, pk)
    pdf = papers.handouts_pdf(program, request)
    return _pdf(request, pdf, program, "handouts")


# --- The privacy page ---------------------------------------------------------------


@require_GET
def privacy(request):
    """What youth programs keep, for how long, who sees names, how to withdraw."""

    context = {
        "retention_months": YouthRetention.for_request(request).months_after_program,
        "privacy_contact": settings.YOUTH_PRIVACY_CONTACT,
        "city": branding_for_request(request).name,
        "link_days": settings.GUARDIAN_CONSENT_LINK_DAYS,
    }
    return render(request, "youth/privacy.html", context)
