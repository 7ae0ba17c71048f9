"""The liaison network on the public site: applying, my application, stepping down, the
directory and writing to a liaison.

Writing to a liaison needs an account (decided for a city): the liaison answers by
replying to the e-mail, so the reply address must be one the writer proved is theirs
(accounts verify their address), or anyone could make a volunteer write to a stranger; and
a limit per account cannot be dodged by typing another address. Spam from new accounts is
held back by the per-address limit beside it.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from engage.core.ratelimit import RateLimit, client_address
from engage.neighborhoods.models import Neighborhood

from .. import rules
from ..forms.network import ApplicationForm, ContactForm, StepDownForm
from ..models import Liaison
from ..services import network as services

DIRECTORY_PAGE_SIZE = 24


# == Applying ==

# An application or message sent after the session expired waits here through the log-in.
APPLICATION_DRAFT = "liaisons-application-draft"


@require_http_methods(["GET", "POST"])
def apply(request):
    user = request.user
    if not user.is_authenticated:
        if request.method == "POST":
            # The session expired while the person wrote: keep it through logging in.
            request.session[APPLICATION_DRAFT] = {
                name: request.POST.getlist(name)
                if name == "neighborhoods"
                else request.POST.get(name, "")[:2000]
                for name in ApplicationForm.Meta.fields
            }
        return redirect_to_login(request.path)
    refusal = rules.why_not_apply(user)
    if refusal:
        return render(
            request,
            "liaisons/network/apply.html",
            {"refusal": refusal, "term": rules.active_liaison(user)},
        )
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.is_valid():
            try:
                services.apply(user, **form.cleaned_data)
            except services.NetworkError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your application is waiting for the city's staff: "
                        "we will e-mail you their decision."
                    ),
                )
                return redirect("liaisons:my_application")
    else:
        previous = user.liaison_applications.prefetch_related("neighborhoods").first()
        initial = ApplicationForm.initial_for(user, previous)
        form = ApplicationForm(initial={**initial, **request.session.pop(APPLICATION_DRAFT, {})})
    return render(request, "liaisons/network/apply.html", {"form": form})


@login_required
@require_safe
def my_application(request):
    user = request.user
    applications = list(
        user.liaison_applications.prefetch_related("neighborhoods").select_related("term")
    )
    terms = list(user.liaison_terms.prefetch_related("neighborhoods").order_by("-started_at"))
    return render(
        request,
        "liaisons/network/my_application.html",
        {
            "applications": applications,
            "pending": next((a for a in applications if a.status == "pending"), None),
            "active_term": next((t for t in terms if t.is_active), None),
            "past_terms": [t for t in terms if not t.is_active],
            "may_apply": rules.why_not_apply(user) is None,
        },
    )


@login_required
@require_POST
def withdraw_application(request):
    application = rules.pending_application(request.user)
    if application is None:
        messages.info(request, _("You have no application waiting for review."))
        return redirect("liaisons:my_application")
    try:
        services.withdraw(application, request.user)
    except services.NetworkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your application is withdrawn. You can apply again later."))
    return redirect("liaisons:my_application")


@login_required
@require_http_methods(["GET", "POST"])
def step_down(request):
    term = rules.active_liaison(request.user)
    if term is None:
        messages.info(request, _("You are not a liaison at the moment."))
        return redirect("liaisons:my_application")
    form = StepDownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_down(request.user, form.cleaned_data["note"])
        except services.NetworkError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("You have stepped down as a liaison. Thank you for the time you gave."),
            )
        return redirect("liaisons:my_application")
    return render(request, "liaisons/network/step_down.html", {"term": term, "form": form})


# == The directory ==


def _directory_page(request, liaisons):
    # A closed account's term may not have been ended yet: nobody could answer there.
    liaisons = (
        liaisons.filter(user__is_active=True)
        .prefetch_related(Prefetch("neighborhoods", queryset=Neighborhood.objects.order_by("name")))
        .order_by("display_name", "pk")
    )
    return Paginator(liaisons, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))


def _served_neighborhoods():
    """Neighborhoods with at least one active liaison, for the directory's picker."""
    return (
        Neighborhood.objects.filter(liaisons__ended_at__isnull=True, liaisons__user__is_active=True)
        .distinct()
        .order_by("name")
    )


@require_safe
def directory(request):
    slug = request.GET.get("neighborhood", "")
    if slug and Neighborhood.objects.filter(slug=slug).exists():
        # The picker works without JavaScript: a GET form, then each neighborhood's address.
        return redirect("liaisons:directory_neighborhood", slug=slug)
    return render(
        request,
        "liaisons/network/directory.html",
        {
            "page_obj": _directory_page(request, Liaison.objects.active()),
            "neighborhoods": _served_neighborhoods(),
            "neighborhood": None,
        },
    )


@require_safe
def directory_neighborhood(request, slug):
    neighborhood = get_object_or_404(Neighborhood, slug=slug)
    return render(
        request,
        "liaisons/network/directory.html",
        {
            "page_obj": _directory_page(request, Liaison.objects.serving(neighborhood)),
            "neighborhoods": _served_neighborhoods(),
            "neighborhood": neighborhood,
        },
    )


# == Writing to a liaison ==


def contact_wait(request):
    """Seconds the person must wait before writing again (0: they may write now).

    Counted per account and per address (a library's computers share one), in the cache
    every web server shares; see LIAISON_CONTACT_RATE and LIAISON_CONTACT_IP_RATE.
    """
    per_sender = RateLimit.from_rate("liaison-contact:sender", settings.LIAISON_CONTACT_RATE)
    per_address = RateLimit.from_rate("liaison-contact:ip", settings.LIAISON_CONTACT_IP_RATE)
    address = client_address(request)
    return max(per_sender.hit(request.user.pk), per_address.hit(address))


def _message_draft_key(pk):
    return f"liaisons-contact-draft-{pk}"


def _keep_message_draft(request, pk, data):
    """The session survives logging in: the form comes back with the message."""
    fields = ContactForm.Meta.fields
    request.session[_message_draft_key(pk)] = {name: data.get(name, "")[:3000] for name in fields}


def _take_message_draft(request, pk):
    return request.session.pop(_message_draft_key(pk), None) or {}


def _wait_message(seconds):
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "You have sent many messages in a short time. Your message is not sent yet: "
        "please try again in %(minutes)s minute.",
        "You have sent many messages in a short time. Your message is not sent yet: "
        "please try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


@require_http_methods(["GET", "POST"])
def contact_liaison(request, pk):
    liaison = get_object_or_404(
        Liaison.objects.active()
        .filter(user__is_active=True)
        .select_related("user")
        .prefetch_related("neighborhoods"),
        pk=pk,
    )
    if not request.user.is_authenticated:
        if request.method == "POST":
            _keep_message_draft(request, pk, request.POST)
        return redirect_to_login(request.path)
    refusal = rules.why_not_contact(liaison, request.user)
    context = {"liaison": liaison, "refusal": refusal}
    if refusal:
        return render(request, "liaisons/network/contact.html", context)
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            wait = contact_wait(request)
            if wait:
                form.add_error(None, _wait_message(wait))
            else:
                try:
                    services.contact(liaison, request.user, **form.cleaned_data)
                except services.NetworkError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(
                        request,
                        _(
                            "Your message is sent to %(name)s. Their answer will come to "
                            "your e-mail address."
                        )
                        % {"name": liaison.display_name},
                    )
                    return redirect("liaisons:directory")
    else:
        user = request.user
        initial = {"sender_name": user.display_name or user.get_full_name()}
        form = ContactForm(initial={**initial, **_take_message_draft(request, pk)})
    return render(request, "liaisons/network/contact.html", {**context, "form": form})
