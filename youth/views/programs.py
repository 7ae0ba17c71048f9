"""The educator area: the educator's programs, a program's page, creating and changing one.

Educators see the programs they are named on, staff see all; any other program answers
"not found" (``rules.program_or_404``), so a program's existence is not confirmed either.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import rules
from ..forms.programs import ProgramForm
from ..listing import programs as listing
from ..models import Program
from ..services import programs as services
from .refusal import refused


def _ask_login(request):
    messages.info(request, _("Please log in to the educator area. You will come back here."))
    return redirect_to_login(request.get_full_path())


def _not_an_educator(request):
    return refused(
        request,
        _(
            "The educator area is for the educators of youth programs and for city staff. "
            "If you run a youth program, ask city staff to give your account the educator role."
        ),
    )


@never_cache
def educator_home(request):
    if not request.user.is_authenticated:
        return _ask_login(request)
    if not rules.is_educator(request.user):
        return _not_an_educator(request)
    query = request.GET.get("q", "").strip()[:100]
    page = listing.educator_programs(request.user, query=query, page=request.GET.get("page"))
    return render(
        request,
        "youth/educator/home.html",
        {
            "page": page,
            "programs": page.object_list,
            "query": query,
            "extra_query": f"q={query}" if query else "",
            "is_staff": rules.is_staff(request.user),
        },
    )


@never_cache
def program_detail(request, pk):
    if not request.user.is_authenticated:
        return _ask_login(request)
    program = rules.program_or_404(request.user, pk)
    program = (
        Program.objects.select_related("curriculum", "pre_survey", "post_survey", "neighborhood")
        .filter(pk=program.pk)
        .get()
    )
    data = listing.program_page(program, session_page=request.GET.get("sessions"))
    sessions = data.sessions
    return render(
        request,
        "youth/educator/program.html",
        {
            "program": program,
            "data": data,
            "sessions_previous": (
                f"?sessions={sessions.previous_page_number()}#sessions"
                if sessions.has_previous()
                else ""
            ),
            "sessions_next": (
                f"?sessions={sessions.next_page_number()}#sessions" if sessions.has_next() else ""
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def program_new(request):
    if not request.user.is_authenticated:
        return _ask_login(request)
    if not rules.is_educator(request.user):
        return _not_an_educator(request)
    return _program_form_page(request, None)


@require_http_methods(["GET", "POST"])
def program_edit(request, pk):
    if not request.user.is_authenticated:
        return _ask_login(request)
    program = rules.program_or_404(request.user, pk)
    return _program_form_page(request, program)


def _program_form_page(request, program):
    form = ProgramForm(request.POST or None, instance=program, user=request.user)
    if request.method == "POST" and form.is_valid():
        educators = form.cleaned_data.get("educators") if "educators" in form.fields else None
        partners = form.cleaned_data["partners"]
        try:
            if program is None:
                saved = services.create_program(
                    request.user,
                    form.program_fields(),
                    educators=educators or (),
                    partners=partners,
                )
                messages.success(request, _("The program is created. Now add its sessions."))
            else:
                saved = services.update_program(
                    request.user,
                    program,
                    form.program_fields(),
                    educators=educators,
                    partners=partners,
                )
                messages.success(request, _("The program is saved."))
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            return redirect("youth:program", pk=saved.pk)
    return render(
        request,
        "youth/educator/program_form.html",
        {"form": form, "program": program},
        status=400 if form.errors else 200,
    )
