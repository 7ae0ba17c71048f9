"""A session in the educator area: planning it, the page the educator keeps open on a phone
during the session (the join code and its state, who joined, who lacks consent, the links
to attendance and the review queue), opening and closing the code, attendance, and freeing
a name taken by the wrong device.

Everything answers "not found" for a session of a program the person does not run.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from engage.notifications.emails import absolute_url

from .. import rules
from ..forms.sessions import AttendanceMarkForm, OpenSessionForm, SessionForm
from ..listing import field_reports as field_reports_listing
from ..listing import programs as listing
from ..services import sessions as services
from .refusal import refused


def _ask_login(request):
    messages.info(request, _("Please log in to the educator area. You will come back here."))
    return redirect_to_login(request.get_full_path())


def _session_url(session):
    return reverse("youth:session", args=[session.pk])


def grouped_code(code):
    """The code as written on the board: two groups of four ("K7M2 Q9XB")."""
    return f"{code[:4]} {code[4:]}" if len(code) == 8 else code


# --- planning --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def session_new(request, pk):
    if not request.user.is_authenticated:
        return _ask_login(request)
    program = rules.program_or_404(request.user, pk)
    return _session_form_page(request, program, None)


@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    if not request.user.is_authenticated:
        return _ask_login(request)
    session = rules.session_or_404(request.user, pk)
    return _session_form_page(request, session.program, session)


def _session_form_page(request, program, session):
    form = SessionForm(request.POST or None, instance=session, program=program)
    if request.method == "POST" and form.is_valid():
        partners = form.cleaned_data["partners"]
        try:
            if session is None:
                saved = services.create_session(
                    request.user, program, form.session_fields(), partners=partners
                )
                messages.success(request, _("The session is added."))
            else:
                saved = services.update_session(
                    request.user, session, form.session_fields(), partners=partners
                )
                messages.success(request, _("The session is saved."))
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            return redirect(_session_url(saved))
    return render(
        request,
        "youth/educator/session_form.html",
        {"form": form, "program": program, "session": session},
        status=400 if form.errors else 200,
    )


# --- the session's page ----------------------------------------------------------------


@never_cache
def session_detail(request, pk, *, open_form=None):
    if not request.user.is_authenticated:
        return _ask_login(request)
    session = rules.session_or_404(request.user, pk)
    now = timezone.now()
    context = {
        "session": session,
        "program": session.program,
        "data": listing.session_page(session),
        "is_open": session.is_open(now),
        "code": grouped_code(session.join_code),
        "join_url": absolute_url(reverse("youth:join")),
        "survey": rules.session_survey(session),
        "open_refusal": rules.open_refusal(session),
        "open_form": open_form or OpenSessionForm(),
        "attendance_refusal": services.attendance_refusal(session, now),
        "field_reports": field_reports_listing.session_summary(session),
    }
    return render(request, "youth/educator/session.html", context, status=400 if open_form else 200)


@require_POST
def session_open(request, pk):
    if not request.user.is_authenticated:
        return _ask_login(request)
    session = rules.session_or_404(request.user, pk)
    form = OpenSessionForm(request.POST)
    if not form.is_valid():
        return session_detail(request, pk, open_form=form)
    was_open = session.is_open()
    try:
        opened = services.open_session(request.user, session, form.cleaned_data["hours"])
    except services.SessionRefused as refusal:
        return refused(
            request,
            str(refusal),
            back_url=_session_url(session),
            back_label=_("Back to the session"),
        )
    until = time_format(timezone.localtime(opened.open_until), "TIME_FORMAT")
    if was_open:
        message = _("Until %(time)s, the session's code keeps working.")
    else:
        message = _("The session is open. Until %(time)s, participants can join with its code.")
    messages.success(request, message % {"time": until})
    return redirect(_session_url(session))


@require_POST
def session_close(request, pk):
    if not request.user.is_authenticated:
        return _ask_login(request)
    session = rules.session_or_404(request.user, pk)
    try:
        services.close_session(request.user, session)
    except services.SessionRefused as refusal:
        return refused(request, str(refusal), back_url=_session_url(session))
    messages.success(request, _("The session is closed: its code no longer works."))
    return redirect(_session_url(session))


@require_POST
def free_name(request, pk, join_pk):
    if not request.user.is_authenticated:
        return _ask_login(request)
    session = rules.session_or_404(request.user, pk)
    try:
        participant = services.free_name(request.user, session, join_pk)
    except services.SessionRefused as refusal:
        messages.info(request, str(refusal))
    else:
        messages.success(
            request,
            _("%(name)s can choose their name again, on any device.")
            % {"name": participant.display_name},
        )
    return redirect(f"{_session_url(session)}#joined")


# --- attendance ------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    if not request.user.is_authenticated:
        return _ask_login(request)
    session = rules.session_or_404(request.user, pk)
    if request.method == "POST":
        form = AttendanceMarkForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("That tap was not understood. Please try again."))
            return redirect("youth:attendance", pk=session.pk)
        try:
            participant = services.mark_attendance(
                request.user,
                session,
                form.cleaned_data["participant"],
                form.cleaned_data["present"],
            )
        except services.SessionRefused as refusal:
            return refused(request, str(refusal), back_url=_session_url(session))
        present = form.cleaned_data["present"]
        note = _("%(name)s: present.") if present else _("%(name)s: absent.")
        messages.success(request, note % {"name": participant.display_name})
        back = reverse("youth:attendance", args=[session.pk])
        if page := request.POST.get("page", "").strip():
            back = f"{back}?page={page}" if page.isdigit() else back
        return redirect(f"{back}#line-{participant.pk}")
    lines = listing.attendance_sheet(session, page=request.GET.get("page"))
    return render(
        request,
        "youth/educator/attendance.html",
        {
            "session": session,
            "program": session.program,
            "lines": lines,
            "rows": lines.object_list,
            "counts": listing.session_marks(session),
            "refusal": services.attendance_refusal(session),
            "program_rate": listing.program_rate(session.program),
        },
    )
