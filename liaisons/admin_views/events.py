"""Staff review of volunteer events in the Wagtail admin: the queue of events waiting for
approval, and one event's review (approve, or decline with a note the organiser gets).

Approving and declining go through ``liaisons.services.events.review_event``; nothing here
changes an event directly. Kinds of events are a snippet (``EventKindViewSet``); staff's
list of every event (``VolunteerEventViewSet``) leads to each event's public page, where
its organiser and staff change or cancel it."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from engage.core.admin_views import UsesPublicForm
from engage.core.work_waiting import WaitingWork
from engage.reports.listing import CategoryNames

from .. import rules
from ..filters.events import EventAdminFilterSet
from ..listing.events import KindNames, event_targets
from ..models import EventKind, VolunteerEvent
from ..services import events as services

REVIEW = "volunteer_event_review"
QUEUE_PAGE_SIZE = 50


def pending_events_waiting(user):
    """Events waiting for staff approval: staff's work."""
    if not rules.can_review_events(user):
        return []
    pending = VolunteerEvent.objects.filter(status=VolunteerEvent.Status.PENDING).count()
    return [
        WaitingWork(
            ngettext(
                "volunteer event awaiting approval", "volunteer events awaiting approval", pending
            ),
            pending,
            reverse(f"{REVIEW}:index"),
        )
    ]


class StaffOnly:
    def dispatch(self, request, *args, **kwargs):
        if not rules.can_review_events(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PendingEventsView(StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    """The events waiting for approval, soonest first (the nearest date is the most urgent)."""

    template_name = "liaisons/admin/pending_events.html"
    page_title = _("Events awaiting approval")
    header_icon = "date"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = (
            VolunteerEvent.objects.filter(status=VolunteerEvent.Status.PENDING)
            .select_related("kind", "neighborhood", "liaison", "organiser")
            .order_by("starts_at", "pk")
        )
        paginator = WagtailPaginator(events, QUEUE_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        KindNames().label(page.object_list)
        context.update({"page_obj": page, "paginator": paginator})
        return context


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve and publish")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the organiser"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you decline: the organiser gets it by e-mail."),
    )


class ReviewEventView(StaffOnly, WagtailAdminTemplateMixin, FormView):
    """One event with everything the organiser entered and the reports it targets."""

    form_class = ReviewForm
    template_name = "liaisons/admin/review_event.html"
    page_title = _("Review a volunteer event")
    header_icon = "date"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.event = get_object_or_404(
            VolunteerEvent.objects.select_related("kind", "neighborhood", "liaison", "organiser"),
            pk=kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.event.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        targets = event_targets(self.event)
        names = CategoryNames()
        for target in targets:
            target.report.category_name = names.name(target.report.category)
        self.event.kind_name = KindNames().name(self.event.kind)
        context.update(
            {
                "event": self.event,
                "targets": targets,
                "queue_url": reverse(f"{REVIEW}:index"),
                "pending": self.event.status == VolunteerEvent.Status.PENDING,
            }
        )
        return context

    def form_valid(self, form):
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.review_event(
                self.request.user, self.event, approve=approve, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if approve:
            messages.success(self.request, _("“%s” is published.") % self.event.title)
        else:
            messages.success(
                self.request, _("“%s” is declined; the organiser is told.") % self.event.title
            )
        return redirect(f"{REVIEW}:index")


class EventReviewViewSet(ViewSet):
    name = REVIEW
    url_prefix = "volunteer-events/review"
    icon = "date"
    menu_label = _("Events to review")
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return [
            path("", PendingEventsView.as_view(), name="index"),
            path("<int:pk>/", ReviewEventView.as_view(), name="review"),
        ]

    menu_item_class = property(lambda self: StaffMenuItem)


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.can_review_events(request.user)


class EventKindViewSet(SnippetViewSet):
    """Kinds of events (cleanup, tree planting…): staff add and translate them."""

    model = EventKind
    icon = "tag"
    menu_label = _("Kinds of events")
    list_display = ["name", "code", "targets_reports"]
    ordering = ["name"]


class EventIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("kind", "neighborhood", "liaison")

    def get_edit_url(self, instance):
        return instance.get_absolute_url()

    def get_delete_url(self, instance):
        return None


class EventPageRedirectView(View):
    """An event is changed on its public page (by its organiser or staff), not here."""

    model = None

    def dispatch(self, request, *args, **kwargs):
        return redirect(get_object_or_404(VolunteerEvent, pk=kwargs["pk"]))


class NoDeletingView(View):
    """Events are cancelled, never deleted: sign-ups, hours and fixed reports point at them."""

    model = None

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class VolunteerEventViewSet(UsesPublicForm, ModelViewSet):
    """Every event whatever its status, for staff: the public list shows only published
    and cancelled ones, the review queue only those waiting."""

    model = VolunteerEvent
    name = "volunteer_events"
    url_prefix = "volunteering/events"
    icon = "date"
    menu_label = _("Volunteer events")
    menu_order = 200
    index_view_class = EventIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    filterset_class = EventAdminFilterSet
    ordering = ["-starts_at", "-pk"]
    list_per_page = 50
    public_form_url_name = "liaisons:plan_event"
    public_form_message = _("Staff and liaisons plan events on the public site.")
    list_display = [
        TitleColumn("title", label=_("Title"), get_url=lambda event: event.get_absolute_url()),
        Column("neighborhood", label=_("Neighborhood")),
        DateColumn("starts_at", label=_("Starts"), sort_key="starts_at"),
        Column("get_status_display", label=_("Status"), sort_key="status"),
        Column(
            "places",
            label=_("Places taken"),
            accessor=lambda event: f"{event.places_taken} / {event.capacity}",
        ),
        Column("liaison", label=_("Liaison")),
    ]
    search_fields = ["title", "meeting_point"]
    search_backend_name = None

    @property
    def edit_view(self):
        return self.construct_view(EventPageRedirectView)

    @property
    def delete_view(self):
        return self.construct_view(NoDeletingView)
