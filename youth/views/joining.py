"""Joining a session on any device: the code, then the name, then the participant's page
(the survey, field reports, what became of them).

No account: the browser's Django session holds which code it typed (before the name) and
which join it is (``SessionJoin.device_key``, random). The roster's names are shown only to
a browser holding the code of a session open now. A session that closes, or a name the
educator frees, logs the device out of the session with a message.
"""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from engage.neighborhoods import maps
from engage.reports import photos
from surveys import pairing

from ..forms.joining import (
    AnonymousForm,
    FieldReportForm,
    HandoutCodeForm,
    JoinCodeForm,
    NameForm,
)
from ..models import Participant, Session, SessionJoin
from ..models.codes import CODE_ALPHABET, JOIN_CODE_LENGTH, normalise_code
from ..services import joining as services

# The session this browser typed the code of (before choosing a name), and its join.
CODE_KEY = "youth-join-code"
JOINED_KEY = "youth-joined"


# --- Where this browser is -------------------------------------------------------------------


def _forget(request):
    request.session.pop(CODE_KEY, None)
    request.session.pop(JOINED_KEY, None)


def _current_join(request):
    """This browser's join of an open session, or None (and, when it just ended, a message
    saying why: the session closed, or the educator freed the name)."""
    stored = request.session.get(JOINED_KEY)
    if not isinstance(stored, dict):
        return None
    joined = (
        SessionJoin.objects.select_related(
            "session__program", "session__lesson", "session__access_code", "participant"
        )
        .filter(device_key=stored.get("device", ""))
        .first()
    )
    if joined is None or joined.participant_id != stored.get("participant"):
        _forget(request)
        messages.info(
            request,
            _(
                "You are no longer in the session (your educator may have freed your name). "
                "Join again with the code."
            ),
        )
        return None
    if not services.is_joinable(joined.session):
        _forget(request)
        messages.info(request, _("The session is closed. Thank you for taking part!"))
        return None
    return joined


def _joined_or_back(request):
    """This browser's join, or the redirect to the join page."""
    joined = _current_join(request)
    return joined, (None if joined else redirect("youth:join"))


def _session_of_code(request):
    """The open session whose code this browser typed, or None (and the code forgotten)."""
    pk = request.session.get(CODE_KEY)
    session = Session.objects.select_related("program").filter(pk=pk).first() if pk else None
    if session is None or not services.is_joinable(session):
        if pk:
            messages.info(request, _("This session is not open. Ask your educator."))
        request.session.pop(CODE_KEY, None)
        return None
    return session


def _refusal_response(request, template, context, refused):
    response = render(request, template, context, status=refused.status)
    if isinstance(refused, services.TooManyTries):
        response["Retry-After"] = str(refused.wait)
    return response


# --- The short link and the code ------------------------------------------------------------


def _clean_code_param(value):
    code = normalise_code(value or "")[:JOIN_CODE_LENGTH]
    return code if code and not set(code) - set(CODE_ALPHABET) else ""


@require_safe
def short_join(request):
    """``/join/`` (no language prefix, easy to write on a board): the join page in the
    browser's language, with the code of a QR code's ``?code=`` filled in."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        url = reverse("youth:join")
    if code := _clean_code_param(request.GET.get("code")):
        url = f"{url}?{urlencode({'code': code})}"
    return redirect(url)


@never_cache
def join(request):
    """The code. A browser already in an open session goes to its page instead."""
    if request.method == "GET" and _current_join(request) is not None:
        return redirect("youth:participant_home")
    if request.method != "POST":
        form = JoinCodeForm(initial={"code": _clean_code_param(request.GET.get("code"))})
        return render(request, "youth/join/join.html", {"form": form})
    form = JoinCodeForm(request.POST)
    if not form.is_valid():
        return render(request, "youth/join/join.html", {"form": form}, status=400)
    try:
        session = services.session_for_code(form.cleaned_data["code"])
    except services.JoinRefused as refused:
        form.add_error("code", refused.message)
        return _refusal_response(request, "youth/join/join.html", {"form": form}, refused)
    joined = _current_join(request)
    if joined is not None and joined.session_id == session.pk:
        return redirect("youth:participant_home")
    if joined is not None:
        # A device moving on to another session leaves this one (and frees its name).
        services.leave(joined.device_key)
        _forget(request)
    request.session[CODE_KEY] = session.pk
    return redirect("youth:choose_name")


# --- The name --------------------------------------------------------------------------------


@never_cache
def choose_name(request):
    """Your name from the roster, your handout code, or no name (where allowed)."""
    joined = _current_join(request)
    if joined is not None:
        return redirect("youth:participant_home")
    session = _session_of_code(request)
    if session is None:
        return redirect("youth:join")
    roster = services.roster(session)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "name_form": NameForm(request.POST if action == "name" else None, roster=roster),
        "handout_form": HandoutCodeForm(request.POST if action == "handout" else None),
        "anonymous_form": AnonymousForm(request.POST if action == "anonymous" else None),
    }
    context = {"session": session, "program": session.program, **forms}
    if action not in ("name", "handout", "anonymous"):
        return render(request, "youth/join/choose_name.html", context)
    form = forms[f"{action}_form"]
    if not form.is_valid():
        return render(request, "youth/join/choose_name.html", context, status=400)
    try:
        participant, pair_with = _who(session, action, form)
    except services.JoinRefused as refused:
        # A handout code not on the list: said beside the field it was typed in.
        form.add_error("handout_code", refused.message)
        return _refusal_response(request, "youth/join/choose_name.html", context, refused)
    try:
        joined = services.join(
            session, device_key=secrets.token_urlsafe(32), participant=participant
        )
    except services.JoinRefused as refused:
        context["refused"] = refused.message
        return _refusal_response(request, "youth/join/choose_name.html", context, refused)
    return _joined(request, joined, pair_with)


def _who(session, action, form):
    """(the participant joining by name or None, the participant to pair answers with)."""
    if action == "name":
        participant = form.cleaned_data["participant"]
        return participant, participant
    typed = form.cleaned_data["handout_code"]
    if action == "handout":
        participant = services.participant_by_handout_code(session, typed)
        return participant, participant
    pair_with = services.participant_by_handout_code(session, typed) if typed else None
    return None, pair_with


def _joined(request, joined, pair_with):
    request.session.pop(CODE_KEY, None)
    request.session[JOINED_KEY] = {
        "device": joined.device_key,
        "participant": joined.participant_id,
        # Who an anonymous join's survey answers pair with (its handout code, typed).
        "pair": pair_with.pk if pair_with else None,
    }
    if joined.participant_id is None and pair_with and not services.pairing_token(pair_with):
        messages.info(
            request,
            _(
                "You joined without a name. Your answers cannot be linked to your handout "
                "yet: your educator needs a form from your parent or guardian first."
            ),
        )
    return redirect("youth:participant_home")


# --- The participant's page -------------------------------------------------------------------


def _survey_page(session):
    """The survey this session runs (in the visitor's language), or None."""
    program = session.program
    survey = {
        Session.Survey.PRE: program.pre_survey,
        Session.Survey.POST: program.post_survey,
    }.get(session.survey)
    if survey is None or session.access_code is None or not survey.live:
        return None
    return survey.localized


@never_cache
@require_safe
def participant_home(request):
    joined, back = _joined_or_back(request)
    if back:
        return back
    session = joined.session
    context = {
        "joined": joined,
        "session": session,
        "survey": _survey_page(session),
        "reports": services.reports_of(joined),
        "lesson": session.lesson.localized if session.lesson else None,
    }
    return render(request, "youth/join/participant_home.html", context)


@require_POST
def start_survey(request):
    """To the session's survey with its code, paired with the handout code when consent
    allows it (``surveys.pairing``): the surveys part does the rest."""
    joined, back = _joined_or_back(request)
    if back:
        return back
    survey = _survey_page(joined.session)
    if survey is None:
        messages.info(request, _("This session has no survey to answer."))
        return redirect("youth:participant_home")
    code = joined.session.access_code
    if not code.is_valid():
        messages.info(request, _("The survey is closed. Ask your educator."))
        return redirect("youth:participant_home")
    stored = request.session.get(JOINED_KEY) or {}
    pair_with = joined.participant or (
        Participant.objects.filter(pk=stored.get("pair"), program_id=joined.session.program_id)
        .select_related("program")
        .first()
    )
    token = services.pairing_token(pair_with)
    if token:
        pairing.carry(request, survey, token)
    else:
        # A shared tablet: the last participant's pairing must not carry over.
        pairing.drop(request, survey)
    return redirect(f"{survey.url}?{urlencode({'code': code.code})}")


@never_cache
def file_field_report(request):
    joined, back = _joined_or_back(request)
    if back:
        return back
    if request.method == "POST":
        kept, expired = photos.photos_kept_in(request)
        form = FieldReportForm(
            request.POST, request.FILES, kept_photos=kept, photos_expired=expired
        )
        if form.is_valid():
            return _file(request, joined, form)
        photos.keep_new_photos(request, form)
        status = 400
    else:
        form, status = FieldReportForm(), 200
    return _report_form(request, joined, form, status=status)


def _report_form(request, joined, form, *, status=200, refused=""):
    form.map_config = maps.picker_config()
    context = {"joined": joined, "session": joined.session, "form": form, "refused": refused}
    return render(request, "youth/join/field_report_form.html", context, status=status)


def _file(request, joined, form):
    try:
        services.file_field_report(joined, **form.report_fields())
    except services.JoinRefused as refused:
        photos.keep_new_photos(request, form)
        return _report_form(request, joined, form, status=refused.status, refused=refused.message)
    photos.forget_kept_photos(request, form.kept_photos)
    messages.success(
        request,
        _("Thank you! Your report is saved. Your educator checks it before it goes to the city."),
    )
    return redirect("youth:participant_home")


@require_POST
def leave(request):
    """This device leaves the session (a shared tablet, or the wrong name chosen)."""
    stored = request.session.get(JOINED_KEY)
    if isinstance(stored, dict) and stored.get("device"):
        services.leave(stored["device"])
    _forget(request)
    messages.success(request, _("You left the session. Thank you for taking part!"))
    return redirect("youth:join")
