"""The liaison network in the Wagtail admin: applications (the list, and one application's
page where staff decide), liaisons' terms (the list, one term's page where staff change
its neighborhoods, and removing a liaison).

Every change goes through ``liaisons.services.network``; its refusal (decided already,
a reason left empty) is shown on the form with what staff typed, and nothing is changed.
Staff need the model's "change" permission to act, "view" to look.
"""

from collections import OrderedDict

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView, InspectView

from engage.accounts.naming import staff_name
from engage.core.exports import NeutralisingSpreadsheetExportMixin
from engage.neighborhoods.models import Neighborhood

from ..admin_forms.network import DecisionForm, NeighborhoodsForm, RemoveForm
from ..models import Liaison, LiaisonApplication, LiaisonContactMessage
from ..services import network as services

# URL namespaces of the viewsets in wagtail_hooks.py (admin_home.py links to APPLICATIONS).
APPLICATIONS = "liaisons_application"
LIAISONS = "liaisons_liaison"
MESSAGES = "liaisons_message"

SORTED_NEIGHBORHOODS = Prefetch("neighborhoods", queryset=Neighborhood.objects.order_by("name"))


def _require(user, action, model):
    if not user.has_perm(f"liaisons.{action}_{model._meta.model_name}"):
        raise PermissionDenied


def neighborhood_names(obj):
    return ", ".join(n.name for n in obj.neighborhoods.all())


class NetworkIndexView(IndexView):
    """A list of applications or terms: their neighborhoods come in one query per page."""

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related(SORTED_NEIGHBORHOODS)

    def get_delete_url(self, instance):
        # Applications and terms are the program's history: never deleted.
        return None


def _local_date(value):
    return timezone.localtime(value).date().isoformat() if value else ""


# What the CSV downloads of the two lists hold (formulas neutralised by the core's mixin).
APPLICATION_EXPORT = OrderedDict(
    [
        ("display_name", (_("Public name"), lambda a: a.display_name)),
        ("email", (_("E-mail address"), lambda a: a.applicant.email)),
        ("neighborhoods", (_("Neighborhoods"), neighborhood_names)),
        ("status", (_("Status"), lambda a: str(a.get_status_display()))),
        ("applied", (_("Applied"), lambda a: _local_date(a.created_at))),
        ("decided", (_("Decided"), lambda a: _local_date(a.decided_at))),
        ("decided_by", (_("Decided by"), lambda a: staff_name(a.decided_by))),
        ("availability", (_("Availability"), lambda a: a.availability)),
        ("decline_reason", (_("Reason for declining"), lambda a: a.decline_reason)),
    ]
)
LIAISON_EXPORT = OrderedDict(
    [
        ("display_name", (_("Public name"), lambda t: t.display_name)),
        ("email", (_("E-mail address"), lambda t: t.user.email)),
        ("neighborhoods", (_("Neighborhoods"), neighborhood_names)),
        ("started", (_("Started"), lambda t: _local_date(t.started_at))),
        ("ended", (_("Ended"), lambda t: _local_date(t.ended_at))),
        ("ending", (_("How it ended"), lambda t: str(t.get_ending_display()))),
        ("ending_note", (_("Note"), lambda t: t.ending_note)),
    ]
)


class ExportsMixin(NeutralisingSpreadsheetExportMixin):
    export_columns = OrderedDict()

    @property
    def list_export(self):
        return list(self.export_columns)

    @property
    def export_headings(self):
        return {field: label for field, (label, _getter) in self.export_columns.items()}

    def to_row_dict(self, item):
        return OrderedDict(
            (field, getter(item)) for field, (_l, getter) in self.export_columns.items()
        )


class ApplicationIndexView(ExportsMixin, NetworkIndexView):
    export_columns = APPLICATION_EXPORT

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("applicant", "decided_by")


class LiaisonIndexView(ExportsMixin, NetworkIndexView):
    export_columns = LIAISON_EXPORT

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "ended_by")


class NotAvailableView(View):
    """For the delete URLs these records do not have (the admin turns a refusal into a
    redirect to its dashboard with a message)."""

    model = None

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class NetworkPageMixin(WagtailAdminTemplateMixin):
    """One record's admin page; GET needs "view", POST (acting) needs "change"."""

    model = None
    list_url_name = None
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        _require(request.user, "view", self.model)
        if request.method == "POST":
            _require(request.user, "change", self.model)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(f"{self.list_url_name}:index"),
                "label": capfirst(self.model._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_page_title(), "sublabel": self.object},
        ]


def _person_history(user, *, exclude_application=None):
    """Everything the program holds about one person's service, for staff deciding."""
    applications = (
        LiaisonApplication.objects.filter(applicant=user)
        .select_related("decided_by")
        .prefetch_related(SORTED_NEIGHBORHOODS)
    )
    if exclude_application is not None:
        applications = applications.exclude(pk=exclude_application.pk)
    terms = (
        Liaison.objects.filter(user=user)
        .select_related("ended_by")
        .prefetch_related(SORTED_NEIGHBORHOODS)
        .order_by("-started_at")
    )
    return {
        "other_applications": [
            {"application": a, "decided_by": staff_name(a.decided_by)} for a in applications
        ],
        "terms": [{"term": t, "ended_by": staff_name(t.ended_by)} for t in terms],
    }


class ApplicationDetailView(NetworkPageMixin, TemplateView):
    """An application, the person's history with the program, and the decision form."""

    model = LiaisonApplication
    list_url_name = APPLICATIONS
    template_name = "liaisons/network/admin/application_detail.html"
    page_title = _("Liaison application")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            LiaisonApplication.objects.select_related("applicant", "decided_by").prefetch_related(
                SORTED_NEIGHBORHOODS
            ),
            pk=kwargs["pk"],
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        pending = application.status == LiaisonApplication.Status.PENDING
        may_decide = pending and self.request.user.has_perm("liaisons.change_liaisonapplication")
        if may_decide and form is None:
            form = DecisionForm(application=application)
        context.update(
            {
                "application": application,
                "object": application,
                "decided_by": staff_name(application.decided_by),
                "form": form if may_decide else None,
                "term": Liaison.objects.filter(application=application).first(),
                **_person_history(application.applicant, exclude_application=application),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        application = self.object
        form = DecisionForm(request.POST, application=application)
        if not form.is_valid():
            return self._invalid(form)
        decision = request.POST.get("decision")
        try:
            if decision == DecisionForm.APPROVE:
                term = services.approve(
                    application, request.user, neighborhoods=form.cleaned_data["neighborhoods"]
                )
                messages.success(
                    request,
                    _("%(name)s is now a liaison; they were told by e-mail.")
                    % {"name": term.display_name},
                )
            elif decision == DecisionForm.DECLINE:
                services.decline(application, request.user, form.cleaned_data["reason"])
                messages.success(
                    request,
                    _("The application is declined; the applicant was e-mailed your reason."),
                )
            else:
                form.add_error(None, _("Choose to approve or to decline."))
                return self._invalid(form)
        except services.NetworkError as error:
            field = "reason" if decision == DecisionForm.DECLINE else "neighborhoods"
            if field == "neighborhoods" and form.cleaned_data.get("neighborhoods"):
                field = None
            form.add_error(field, str(error))
            return self._invalid(form)
        return redirect(f"{APPLICATIONS}:edit", quote(application.pk))

    def _invalid(self, form):
        messages.validation_error(
            self.request, _("Nothing was changed. Please check the form."), form
        )
        # Decided meanwhile by someone else: the page shows the decision, not the form.
        self.object.refresh_from_db()
        return self.render_to_response(self.get_context_data(form=form), status=200)


class LiaisonDetailView(NetworkPageMixin, TemplateView):
    """A term: who, where, since when, how it ended; its neighborhoods, changed here."""

    model = Liaison
    list_url_name = LIAISONS
    template_name = "liaisons/network/admin/liaison_detail.html"
    page_title = _("Liaison")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Liaison.objects.select_related("user", "ended_by", "application").prefetch_related(
                SORTED_NEIGHBORHOODS
            ),
            pk=kwargs["pk"],
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        term = self.object
        may_change = term.is_active and self.request.user.has_perm("liaisons.change_liaison")
        if may_change and form is None:
            form = NeighborhoodsForm(initial={"neighborhoods": list(term.neighborhoods.all())})
        history = _person_history(term.user)
        history["terms"] = [entry for entry in history["terms"] if entry["term"].pk != term.pk]
        context.update(
            {
                "term": term,
                "object": term,
                "ended_by": staff_name(term.ended_by),
                "form": form if may_change else None,
                "remove_url": reverse(f"{LIAISONS}:remove", args=[quote(term.pk)])
                if may_change
                else "",
                "message_count": LiaisonContactMessage.objects.filter(liaison=term).count(),
                "messages_url": reverse(f"{MESSAGES}:index") + f"?liaison={term.pk}",
                **history,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = NeighborhoodsForm(request.POST)
        if form.is_valid():
            try:
                services.change_neighborhoods(
                    self.object, request.user, form.cleaned_data["neighborhoods"]
                )
            except services.NetworkError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The liaison's neighborhoods are changed."))
                return redirect(f"{LIAISONS}:edit", quote(self.object.pk))
        messages.validation_error(request, _("Nothing was changed. Please check the form."), form)
        return self.render_to_response(self.get_context_data(form=form))


class RemoveLiaisonView(NetworkPageMixin, TemplateView):
    """End a liaison's term, with a reason they are e-mailed."""

    model = Liaison
    list_url_name = LIAISONS
    template_name = "liaisons/network/admin/remove.html"
    page_title = _("Remove a liaison")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        _require(request.user, "change", Liaison)
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Liaison.objects.select_related("user").prefetch_related(SORTED_NEIGHBORHOODS),
            pk=kwargs["pk"],
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "term": self.object,
                "object": self.object,
                "form": form or RemoveForm(),
                "cancel_url": reverse(f"{LIAISONS}:edit", args=[quote(self.object.pk)]),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = RemoveForm(request.POST)
        if form.is_valid():
            try:
                services.remove(self.object, request.user, form.cleaned_data["reason"])
            except services.NetworkError as error:
                field = "reason" if not form.cleaned_data["reason"].strip() else None
                form.add_error(field, str(error))
            else:
                messages.success(
                    request,
                    _("%(name)s is no longer a liaison; they were e-mailed your reason.")
                    % {"name": self.object.display_name},
                )
                return redirect(f"{LIAISONS}:edit", quote(self.object.pk))
        messages.validation_error(request, _("Nothing was changed. Please check the form."), form)
        return self.render_to_response(self.get_context_data(form=form))


# == Messages to liaisons ==


class MessageIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("liaison", "sender")

    def get_edit_url(self, instance):
        return reverse(f"{MESSAGES}:inspect", args=[quote(instance.pk)])

    def get_delete_url(self, instance):
        return None


class MessageInspectView(InspectView):
    """A resident's message as the liaison received it: for staff answering a complaint
    about one (the e-mail tells liaisons to report abuse to the city)."""

    labels = {
        "liaison": _("Liaison"),
        "sender": _("Account"),
        "sender_name": _("Sender's name"),
        "sender_email": _("Sender's e-mail address"),
        "body": _("Message"),
        "created_at": _("Sent"),
    }

    def get_field_label(self, field_name, field):
        return capfirst(self.labels.get(field_name, field_name))

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None


class MessageEditRedirectView(View):
    """Messages are read, never edited: the "edit" URL shows the message."""

    model = None

    def dispatch(self, request, *args, **kwargs):
        return redirect(f"{MESSAGES}:inspect", quote(kwargs["pk"]))
