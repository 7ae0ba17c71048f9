"""Volunteers' pages: registering, my details (and the waiver in force), a guardian's
consent (by link, or a paper form recorded by a liaison or staff), and adopted blocks."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from engage.neighborhoods import maps
from engage.reports.listing import CategoryNames, with_category_names

from .. import rules
from ..forms.volunteers import (
    AdoptionForm,
    GuardianConsentForm,
    PaperConsentForm,
    RegistrationForm,
    VolunteerDetailsForm,
    WaiverForm,
)
from ..models import Adoption, Volunteer, Waiver
from ..services import adoptions as areas
from ..services import volunteers as services


def _volunteer_of(user):
    return (
        Volunteer.objects.filter(user=user)
        .prefetch_related("neighborhoods")
        .select_related("guardian_consent_recorded_by")
        .first()
    )


# --- Registering and my details ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    if Volunteer.objects.filter(user=request.user).exists():
        messages.info(request, _("You are already registered as a volunteer."))
        return redirect("liaisons:volunteer_details")
    refusal = rules.why_not_register(request.user)
    waiver = Waiver.current()
    if refusal:
        return render(request, "liaisons/volunteers/register.html", {"refusal": refusal})
    if request.method != "POST":
        form = RegistrationForm(
            initial={"display_name": request.user.display_name, "waiver_version": waiver.version},
            user=request.user,
        )
    else:
        form = RegistrationForm(request.POST, user=request.user)
        if form.is_valid():
            details = form.details()
            details.pop("accept_waiver")
            try:
                volunteer = services.register_volunteer(request.user, **details)
            except services.VolunteerError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _registered_message(volunteer))
                return redirect("liaisons:volunteer_details")
        waiver = Waiver.current()
        if request.POST.get("waiver_version") != str(waiver.version):
            # A new version was published while they read: show it, unaccepted (the box
            # they ticked was for the old text), and send its version with the form.
            if not form.non_field_errors():
                form.add_error(None, services.waiver_changed_message(waiver))
            form.data = form.data.copy()
            form.data["waiver_version"] = waiver.version
            form.data.pop("accept_waiver", None)
    return render(request, "liaisons/volunteers/register.html", {"form": form, "waiver": waiver})


def _registered_message(volunteer):
    if not volunteer.is_minor:
        return _("Thank you for volunteering! You can now sign up for events.")
    if services.guardian_email(volunteer):
        return _(
            "Thank you for volunteering! We e-mailed your parent or guardian a link to give "
            "their consent: you can sign up for events once they have."
        )
    return _(
        "Thank you for volunteering! Your parent or guardian needs to sign a consent form "
        "with your neighborhood liaison before you can sign up for events."
    )


@login_required
@require_http_methods(["GET", "POST"])
def details(request):
    volunteer = _volunteer_of(request.user)
    if volunteer is None:
        return redirect("liaisons:volunteer_register")
    action = request.POST.get("action") if request.method == "POST" else None
    form = waiver_form = None
    if action == "accept_waiver":
        waiver_form = WaiverForm(request.POST)
        if waiver_form.is_valid():
            try:
                services.accept_waiver(volunteer, waiver_form.cleaned_data["waiver_version"])
            except services.VolunteerError as error:
                # Yet another version: the page shows it afresh, to be read and accepted.
                messages.error(request, str(error))
            else:
                messages.success(request, _("Thank you: you accepted the new waiver."))
            return redirect("liaisons:volunteer_details")
    elif action == "resend_consent":
        try:
            sent = services.request_guardian_consent(volunteer, resend=True)
        except services.VolunteerError as error:
            messages.error(request, str(error))
        else:
            if sent:
                messages.success(
                    request, _("We sent the consent link to your parent or guardian again.")
                )
            else:
                messages.info(request, _("There is no e-mail address to send the link to."))
        return redirect("liaisons:volunteer_details")
    elif action == "save":
        form = VolunteerDetailsForm(
            request.POST, instance=volunteer, user=volunteer.user, lock_age_band=volunteer.is_minor
        )
        if form.is_valid():
            try:
                services.update_volunteer(volunteer, **form.details())
            except services.VolunteerError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your volunteer details are saved."))
                return redirect("liaisons:volunteer_details")
        # The form changed the instance's fields in memory: show the saved ones elsewhere.
        volunteer = _volunteer_of(request.user)
    return render(
        request,
        "liaisons/volunteers/details.html",
        _details_context(volunteer, form, waiver_form),
    )


def _details_context(volunteer, form, waiver_form):
    new_waiver = services.needs_waiver(volunteer)
    if new_waiver is not None and waiver_form is None:
        waiver_form = WaiverForm(initial={"waiver_version": new_waiver.version})
    return {
        "volunteer": volunteer,
        "form": form
        or VolunteerDetailsForm(
            instance=volunteer, user=volunteer.user, lock_age_band=volunteer.is_minor
        ),
        "new_waiver": new_waiver,
        "waiver_form": waiver_form,
        "accepted": volunteer.waiver_acceptances.select_related("waiver").first(),
        "guardian_email": services.guardian_email(volunteer) if volunteer.is_minor else "",
        "sign_up_refusal": rules.why_not_sign_up(volunteer),
        # Active ones first (NULL sorts last on PostgreSQL, first on SQLite: say it).
        "adoptions": volunteer.adoptions.order_by(F("ended_at").asc(nulls_first=True), "name"),
    }


# --- A guardian's consent ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def guardian_consent(request, token):
    """The guardian's page from the e-mailed link: no account, the signed token is the key."""
    try:
        volunteer = services.volunteer_for_consent(token)
    except services.VolunteerError as error:
        return render(
            request,
            "liaisons/volunteers/guardian_consent.html",
            {"refusal": str(error)},
            status=400,
        )
    form = GuardianConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.consent_by_link(token)
        except services.VolunteerError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "liaisons/volunteers/guardian_consent.html",
        {"volunteer": volunteer, "form": form, "waiver": Waiver.current()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_consent(request, pk):
    """Staff or the volunteer's liaison records a guardian's signed paper form."""
    volunteer = get_object_or_404(
        Volunteer.objects.prefetch_related("neighborhoods").select_related(
            "guardian_consent_recorded_by"
        ),
        pk=pk,
    )
    refusal = rules.why_not_record_consent(request.user, volunteer)
    if refusal and not rules.is_liaison_or_staff(request.user):
        raise Http404  # residents do not learn who volunteers
    form = PaperConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            services.record_paper_consent(volunteer, request.user)
        except services.VolunteerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The guardian's consent for %(name)s is recorded.")
                % {"name": volunteer.display_name},
            )
            return redirect("liaisons:record_paper_consent", pk=volunteer.pk)
    return render(
        request,
        "liaisons/volunteers/paper_consent.html",
        {"volunteer": volunteer, "form": form, "refusal": refusal},
        status=403 if refusal else 200,
    )


# --- Adopting a block ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request):
    volunteer = _volunteer_of(request.user)
    if volunteer is None:
        messages.info(request, _("Register as a volunteer first, then adopt a block."))
        return redirect("liaisons:volunteer_register")
    refusal = rules.why_not_sign_up(volunteer)
    form = AdoptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            adoption = areas.adopt_area(
                volunteer,
                name=form.cleaned_data["name"],
                group_name=form.cleaned_data["group_name"],
                area=form.cleaned_data["polygon"],
            )
        except services.VolunteerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Thank you for adopting %(name)s! New reports inside it will reach you.")
                % {"name": adoption.name},
            )
            return redirect("liaisons:adoption", pk=adoption.pk)
    return render(
        request,
        "liaisons/volunteers/adopt.html",
        {
            "form": form,
            "refusal": refusal,
            "max_area": number_format(settings.ADOPTION_MAX_AREA_M2, force_grouping=True),
            "map_config": maps.picker_config(volunteer.neighborhoods.all() or None),
        },
    )


def _adoption_for(request, pk):
    adoption = get_object_or_404(
        Adoption.objects.select_related("volunteer", "neighborhood"), pk=pk
    )
    if not rules.can_see_adoption(request.user, adoption):
        raise Http404
    return adoption


@login_required
def adoption(request, pk):
    adoption = _adoption_for(request, pk)
    open_reports, fixed_reports = areas.reports_inside(adoption)
    names = CategoryNames()
    with_category_names([*open_reports, *fixed_reports], names)
    return render(
        request,
        "liaisons/volunteers/adoption.html",
        {
            "adoption": adoption,
            "open_reports": open_reports,
            "fixed_reports": fixed_reports,
            "is_adopter": adoption.volunteer.user_id == request.user.pk,
            "can_end": rules.can_end_adoption(request.user, adoption),
            # The swatches the map script reads its colours from (static/css/maps.css).
            "legend_statuses": [("submitted", _("Open")), ("resolved", _("Fixed"))],
            "map_config": {
                **maps.picker_config([adoption.neighborhood] if adoption.neighborhood else []),
                "area": adoption.area,
                "reports": [
                    {
                        "lat": r.lat,
                        "lng": r.lng,
                        "fixed": not r.is_open,
                        "label": f"{r.category_name} · {r.reference}",
                        "url": r.get_absolute_url(),
                    }
                    for r in [*open_reports, *fixed_reports]
                ],
            },
        },
    )


@login_required
@require_POST
def end_adoption(request, pk):
    adoption = _adoption_for(request, pk)
    try:
        areas.end_adoption(adoption, request.user)
    except services.VolunteerError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("You no longer look after %(name)s. Thank you for your care.")
            % {"name": adoption.name},
        )
    return redirect("liaisons:adoption", pk=adoption.pk)
