"""Filing a report, the public tracking page, and what residents do there.

Every change goes through ``engage.reports.services`` so it is recorded in the report's
history and the followers hear about it.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from engage.core.ratelimit import RateLimit, address_key, client_address
from engage.core.redirects import redirect_back
from engage.core.write_rate import wait_message
from engage.neighborhoods import maps

from .. import photos, services
from ..forms import CategoryChoiceForm, ReopenForm, ReportForm, available_categories
from ..knowledge.services import related_answers
from ..models import ReportFollow, ReportSupport, ServiceReport
from ..rules import can_confirm_fixed, can_reopen, filing_channels


def _get_report(reference):
    # References are read out on the phone and typed by hand: accept lower case too.
    return get_object_or_404(
        ServiceReport.objects.select_related("category", "neighborhood", "duplicate_of"),
        reference=reference.strip().upper(),
    )


def file_report(request):
    """Two steps without JavaScript: choose a category (GET), then describe the problem."""
    categories = available_categories()
    by_code = {c.code: c for c in categories}
    source = request.POST if request.method == "POST" else request.GET
    code = source.get("category", "")
    category = by_code.get(code)
    if category is None:
        return _choose_category(request, code, categories)

    duplicates, wait = [], 0
    channels = filing_channels(request.user)
    if request.method == "POST":
        kept, expired = photos.photos_kept_in(request)
        form = ReportForm(
            request.POST,
            request.FILES,
            category=category,
            channels=channels,
            kept_photos=kept,
            photos_expired=expired,
        )
        if form.is_valid():
            duplicates = _possible_duplicates(form)
            wait = 0 if duplicates else _filing_wait(request)
            if wait:
                form.add_error(None, wait_message(wait))
            elif not duplicates:
                return _file(request, form)
        # Shown again: the photos that passed the checks wait in the session.
        photos.keep_new_photos(request, form)
    else:
        form = ReportForm(category=category, channels=channels)

    form.map_config = maps.picker_config()
    response = render(
        request,
        "reports/report_form.html",
        {
            "category": category,
            "form": form,
            "duplicates": duplicates,
            # "This may answer your question": before the report is filed.
            "related_answers": related_answers(category, get_language()),
        },
        status=429 if wait else 200,
    )
    if wait:
        response["Retry-After"] = str(wait)
    return response


def _filing_wait(request):
    """Seconds before this address may file again without an account (0: now)."""
    if request.user.is_authenticated or not settings.REPORT_ANONYMOUS_RATE:
        return 0
    limit = RateLimit.from_rate("report-anonymous", settings.REPORT_ANONYMOUS_RATE)
    return limit.hit(address_key(client_address(request)))


def _choose_category(request, code, categories):
    """Step one: the list of kinds of problem (and why ``code``, if given, was refused)."""
    chooser = CategoryChoiceForm({"category": code} if code else None, categories=categories)
    if code:
        chooser.is_valid()  # shows why the code was refused
    return render(
        request,
        "reports/report_form.html",
        {"chooser": chooser, "categories": categories},
    )


def _possible_duplicates(form):
    """Open reports like this one nearby, unless the resident already said "file it anyway"."""
    data = form.cleaned_data
    if data["confirm_new"]:
        return []
    # Ask first: a "me too" is worth more to the crew than a second report.
    return services.nearby_open_reports(form.category, data["lat"], data["lng"])


def _file(request, form):
    # A location outside every neighborhood is accepted on purpose: the city's boundary
    # data may lag behind reality (new streets, parks, edges of the map), and a problem
    # there still needs fixing. The report simply has no neighborhood, and staff can
    # triage it from the list of unassigned ones.
    report = services.file_report(
        category=form.category,
        filed_by=request.user if request.user.is_authenticated else None,
        receipt_language=get_language(),
        **form.report_fields(),
    )
    photos.forget_kept_photos(request, form.kept_photos)
    messages.success(
        request,
        _(
            "Thank you. Your report number is %(reference)s. Bookmark this "
            "page to follow what happens to it."
        )
        % {"reference": report.reference},
    )
    if form.address_not_found:
        messages.info(
            request,
            _(
                "We could not find the address you typed on the map, so the report has no "
                "neighborhood yet. Staff will look for the place you described."
            ),
        )
    return redirect(report)


def report_detail(request, reference, *, reopen_form=None):
    report = _get_report(reference)
    user = request.user
    context = {
        "report": report,
        "category_name": report.category.localized.name,
        "photos": report.photos.all(),
        # What the crew photographed when the work was done (``crews``): public like the
        # status it came with.
        "after_photos": report.field_updates.exclude(photo="").order_by("made_at", "pk"),
        "events": report.events.filter(is_public=True),
        "is_following": False,
        "has_supported": False,
        "is_filer": user.is_authenticated and report.filed_by_id == user.pk,
        "can_reopen": can_reopen(report, user),
        "can_confirm_fixed": can_confirm_fixed(report, user),
    }
    if user.is_authenticated:
        context["is_following"] = ReportFollow.objects.filter(report=report, user=user).exists()
        context["has_supported"] = ReportSupport.objects.filter(report=report, user=user).exists()
    if context["can_reopen"]:
        context["reopen_form"] = reopen_form or ReopenForm()
    if (location := maps.location_config(report.lat, report.lng)) is not None:
        context["location_config"] = location
    return render(request, "reports/report_detail.html", context)


def _login_required_back_to_report(view):
    """Send an anonymous visitor to log in, then back to the tracking page (not the POST URL)."""

    @wraps(view)
    def wrapped(request, reference, *args, **kwargs):
        if not request.user.is_authenticated:
            report = _get_report(reference)
            messages.info(request, _("Please log in first. You will come back to the report."))
            return redirect_to_login(report.get_absolute_url())
        return view(request, reference, *args, **kwargs)

    return wrapped


@require_POST
@_login_required_back_to_report
def support_report(request, reference):
    report = _get_report(reference)
    if not report.is_open:
        messages.error(request, _("This report is no longer open, so it cannot be supported."))
    elif services.support(report, request.user):
        messages.success(
            request,
            _("Thank you: you are counted as affected and will hear about every change."),
        )
    else:
        messages.info(request, _("You had already said this problem affects you."))
    return redirect(report)


@require_POST
@_login_required_back_to_report
def follow_report(request, reference):
    report = _get_report(reference)
    following = ReportFollow.objects.filter(report=report, user=request.user).exists()
    # An explicit action makes a double click harmless; without one, the button toggles.
    action = request.POST.get("action") or ("unfollow" if following else "follow")
    if action == "unfollow":
        services.unfollow(report, request.user)
        messages.success(request, _("You no longer follow this report."))
    else:
        services.follow(report, request.user)
        messages.success(request, _("You follow this report: we will e-mail you every update."))
    return redirect_back(request, report)


@require_POST
@_login_required_back_to_report
def reopen_report(request, reference):
    report = _get_report(reference)
    if not can_reopen(report, request.user):
        messages.error(
            request,
            _(
                "Only the person who filed this report can say it is not fixed, within "
                "30 days of it being closed."
            ),
        )
        return redirect(report)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return report_detail(request, reference, reopen_form=form)
    try:
        services.reopen(report, request.user, reason=form.cleaned_data["reason"])
    except PermissionError:
        messages.error(request, _("This report can no longer be reopened."))
    else:
        messages.success(
            request, _("Thank you. The report is open again and back with city staff.")
        )
    return redirect(report)


@require_POST
@_login_required_back_to_report
def confirm_fixed_report(request, reference):
    report = _get_report(reference)
    try:
        services.confirm_fixed(report, request.user)
    except PermissionError:
        messages.error(
            request,
            _(
                "Only the person who filed this report can confirm it is fixed, once, within "
                "30 days of it being resolved."
            ),
        )
    else:
        messages.success(request, _("Thank you for confirming the problem is fixed."))
    return redirect(report)


@require_safe
def kept_photo(request, token):
    """A photo waiting in this visitor's session, for its thumbnail on the form."""
    return photos.kept_photos.serve(request, token)
