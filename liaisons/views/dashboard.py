"""The liaison dashboard: my neighborhoods at a glance, following up on a report, and
writing to my neighborhood's volunteers. For active liaisons and staff."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from engage.neighborhoods.models import Neighborhood
from engage.reports.models import ServiceReport

from ..forms.dashboard import FollowUpForm, MessageVolunteersForm, NeighborhoodChoiceForm
from ..listing import dashboard
from ..rules import (
    active_liaison,
    is_liaison_or_staff,
    scope_neighborhood_ids,
    why_not_follow_up_report,
)
from ..services.dashboard import Refused, follow_up, message_volunteers
from .refusal import refused


def liaison_or_staff(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_liaison_or_staff(request.user):
            return refused(
                request, _("This page is for neighborhood liaisons and city staff."), status=403
            )
        return view(request, *args, **kwargs)

    return wrapped


def _page_number(request, name):
    return request.GET.get(name) or 1


def _page_links(request, key, page, anchor):
    """The previous and next pages of one list, the other list's page and filters kept."""
    links = {}
    for name, number in (
        ("previous_url", page.previous_page_number() if page.has_previous() else None),
        ("next_url", page.next_page_number() if page.has_next() else None),
    ):
        if number is not None:
            query = request.GET.copy()
            query[key] = number
            links[name] = f"?{query.urlencode()}#{anchor}"
    return links


@require_http_methods(["GET"])
@liaison_or_staff
def dashboard_view(request):
    user = request.user
    scope = dashboard.dashboard_scope(user, request.GET.get("neighborhood", ""))
    is_staff_view = scope_neighborhood_ids(user) is None
    which = dashboard.OVERDUE if request.GET.get("reports") == dashboard.OVERDUE else ""
    context = dashboard.dashboard_context(
        user,
        scope,
        which=which,
        report_number=_page_number(request, "page"),
        volunteer_number=_page_number(request, "volunteers"),
    )
    if "reports" in context:
        context["report_links"] = _page_links(request, "page", context["reports"], "reports")
        context["volunteer_links"] = _page_links(
            request, "volunteers", context["volunteers"], "volunteers"
        )
    chosen = scope.shown[0].slug if len(scope.shown) == 1 else ""
    context |= {
        "chooser": NeighborhoodChoiceForm(
            initial={"neighborhood": chosen},
            choices=scope.choices,
            everyone_label=_("Choose a neighborhood")
            if is_staff_view
            else _("All my neighborhoods"),
        ),
        "is_staff_view": is_staff_view,
        "term": active_liaison(user),
        "chosen_slug": chosen,
    }
    return render(request, "liaisons/dashboard/dashboard.html", context)


@require_http_methods(["GET", "POST"])
@liaison_or_staff
def follow_up_view(request, pk):
    report = get_object_or_404(
        ServiceReport.objects.public().select_related("category", "neighborhood"), pk=pk
    )
    if reason := why_not_follow_up_report(request.user, report):
        return refused(request, reason)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            note = follow_up(report, request.user, note=form.cleaned_data["note"])
        except Refused as refusal:
            return refused(request, str(refusal))
        if note is not None:
            messages.success(
                request,
                _("You follow report %(reference)s, and your note was passed on to staff.")
                % {"reference": report.reference},
            )
        else:
            messages.success(
                request,
                _("You follow report %(reference)s: you will hear of every change.")
                % {"reference": report.reference},
            )
        return redirect(_dashboard_url(report.neighborhood))
    return render(request, "liaisons/dashboard/follow_up.html", {"report": report, "form": form})


def _dashboard_url(neighborhood):
    url = reverse("liaisons:dashboard")
    return f"{url}?neighborhood={neighborhood.slug}" if neighborhood else url


@require_http_methods(["GET", "POST"])
@liaison_or_staff
def message_volunteers_view(request):
    term = active_liaison(request.user)
    if term is None:
        return refused(request, _("Only a neighborhood liaison can write to volunteers."))
    neighborhoods = Neighborhood.objects.filter(pk__in=term.neighborhoods.all()).order_by("name")
    initial = {}
    if slug := request.GET.get("neighborhood"):
        initial["neighborhood"] = neighborhoods.filter(slug=slug).first()
    form = MessageVolunteersForm(request.POST or None, initial=initial, neighborhoods=neighborhoods)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            broadcast = message_volunteers(
                request.user, data["neighborhood"], subject=data["subject"], body=data["body"]
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                ngettext(
                    "Your message is on its way to %(count)s volunteer.",
                    "Your message is on its way to %(count)s volunteers.",
                    broadcast.recipient_count,
                )
                % {"count": broadcast.recipient_count},
            )
            return redirect(_dashboard_url(data["neighborhood"]))
    sent = term.broadcasts.select_related("neighborhood")[:5]
    return render(
        request, "liaisons/dashboard/message_volunteers.html", {"form": form, "sent": sent}
    )
