"""The form a liaison or staff plans (or changes) a volunteer event with.

The neighborhood comes first: it decides which open reports the form offers, and the
meeting point must lie in it. Without JavaScript a second button ("Show the reports of
this neighborhood") sends the form back with what was typed, for the list of that
neighborhood's reports; with it, the map (static/js/event-report-picker.js) shows them.
``liaisons.services.events`` checks every rule again inside its transaction.
"""

from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engage.neighborhoods import geometry, maps, places
from engage.neighborhoods.models import Neighborhood
from engage.reports.listing import CategoryNames
from engage.reports.models import ServiceReport

from .. import rules
from ..listing.events import candidate_reports
from ..models import EventKind

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
MAX_CAPACITY = 500


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, in the site's time zone (the form's current one)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


class ReportChoiceField(forms.ModelMultipleChoiceField):
    """Chosen reports by primary key; the form says why a report cannot be chosen."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, report):
        return f"{report.reference} · {report.category.name} · {report.address}"


class EventForm(forms.Form):
    template_name = "liaisons/events/event_form_fields.html"

    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.order_by("name"),
        empty_label=_("Choose the neighborhood"),
    )
    kind = forms.ChoiceField(label=_("Kind of event"))
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What volunteers will do, and anything they should know."),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=LocalDateTimeInput, input_formats=[DATETIME_FORMAT]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=LocalDateTimeInput, input_formats=[DATETIME_FORMAT]
    )
    meeting_point = forms.CharField(
        label=_("Meeting point"),
        max_length=255,
        help_text=_("An address, or a place people know, such as “Front steps of the library”."),
    )
    lat = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    lng = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    capacity = forms.IntegerField(
        label=_("Places for volunteers"), min_value=1, max_value=MAX_CAPACITY
    )
    supplies_provided = forms.CharField(
        label=_("Supplies provided (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example gloves, bags and grabbers."),
    )
    what_to_bring = forms.CharField(
        label=_("What to bring (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example closed shoes and water."),
    )
    reports = ReportChoiceField(
        label=_("Reports this event will fix"),
        required=False,
        queryset=ServiceReport.objects.none(),
    )

    def __init__(self, *args, user, kind_names, event=None, **kwargs):
        kwargs.setdefault("auto_id", "event-%s")
        super().__init__(*args, **kwargs)
        self.user, self.event = user, event
        self.kind_names = kind_names
        self.fields["kind"].choices = [("", _("Choose the kind")), *kind_names.choices()]
        scope = rules.scope_neighborhood_ids(user)
        if scope is not None:
            self.fields["neighborhood"].queryset = Neighborhood.objects.filter(
                pk__in=scope
            ).order_by("name")
            if len(scope) == 1:
                self.fields["neighborhood"].initial = next(iter(scope))
        self.area = self._area()
        keep = list(event.target_reports.all()) if event else []
        self.fields["reports"].queryset = candidate_reports(self.area, keep)
        self.meeting_point_not_found = False

    def _area(self):
        """The neighborhood whose reports the form lists: the one sent, else the initial."""
        value = self["neighborhood"].value()
        try:
            return Neighborhood.objects.get(pk=int(value)) if value else None
        except (TypeError, ValueError, Neighborhood.DoesNotExist):
            return None

    # What the template shows ------------------------------------------------------------

    @cached_property
    def report_options(self):
        """The reports offered, each with whether it is ticked, for the list and the map."""
        chosen = {str(value) for value in (self["reports"].value() or [])}
        reports = list(self.fields["reports"].queryset)
        names = CategoryNames()
        for report in reports:
            report.category_name = names.name(report.category)
            report.chosen = str(report.pk) in chosen
        return reports

    def map_config(self):
        return maps.picker_config([self.area] if self.area else None)

    def detail_fields(self):
        return [self["kind"], self["title"], self["description"]]

    def time_fields(self):
        return [self["starts_at"], self["ends_at"]]

    def place_fields(self):
        return [self["capacity"], self["supplies_provided"], self["what_to_bring"]]

    # Checks ---------------------------------------------------------------------------

    def clean_neighborhood(self):
        neighborhood = self.cleaned_data["neighborhood"]
        if reason := rules.why_not_act_in(self.user, neighborhood):
            raise ValidationError(reason)
        return neighborhood

    def clean_kind(self):
        code = self.cleaned_data["kind"]
        kind = EventKind.objects.filter(code=code).order_by("pk").first()
        if kind is None:
            raise ValidationError(_("Choose one of the kinds offered."))
        return kind

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if starts and starts <= timezone.now() and not self._start_unchanged(starts):
            self.add_error(
                "starts_at", _("The start is in the past: choose a date and time to come.")
            )
        self._clean_place(cleaned)
        kind = cleaned.get("kind")
        if kind and not kind.targets_reports and cleaned.get("reports"):
            self.add_error("reports", _("Events of this kind do not address service reports."))
        return cleaned

    def _start_unchanged(self, starts):
        return self.event is not None and self.event.starts_at == starts

    def _clean_place(self, cleaned):
        lat, lng = cleaned.get("lat"), cleaned.get("lng")
        if "lat" in self.errors or "lng" in self.errors:
            return
        if (lat is None) != (lng is None):
            self.add_error(
                "lng" if lng is None else "lat",
                _("Enter both the latitude and the longitude, or leave both empty."),
            )
            return
        if lat is None and cleaned.get("meeting_point"):
            place = places.locate(cleaned["meeting_point"])
            if place is None:
                self.meeting_point_not_found = True
                self.add_error(
                    "meeting_point",
                    _(
                        "We could not find this place on the map. Click the map where "
                        "volunteers meet, or enter the latitude and longitude."
                    ),
                )
                return
            cleaned["lat"], cleaned["lng"] = lat, lng = place.lat, place.lng
        neighborhood = cleaned.get("neighborhood")
        if lat is None or neighborhood is None:
            return
        if not geometry.contains(neighborhood.boundary, lat=lat, lng=lng):
            self.add_error(
                "meeting_point",
                _("The meeting point is not in %(neighborhood)s. Choose a place inside it.")
                % {"neighborhood": neighborhood},
            )

    def event_fields(self):
        """Keyword arguments for ``services.events.plan_event`` and ``edit_event``."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "kind",
                "title",
                "description",
                "starts_at",
                "ends_at",
                "meeting_point",
                "lat",
                "lng",
                "neighborhood",
                "capacity",
                "supplies_provided",
                "what_to_bring",
            )
        }


def initial_from(event):
    """The form's initial values for changing ``event``."""
    return {
        "neighborhood": event.neighborhood_id,
        "kind": event.kind.code,
        "title": event.title,
        "description": event.description,
        "starts_at": timezone.localtime(event.starts_at),
        "ends_at": timezone.localtime(event.ends_at),
        "meeting_point": event.meeting_point,
        "lat": event.lat,
        "lng": event.lng,
        "capacity": event.capacity,
        "supplies_provided": event.supplies_provided,
        "what_to_bring": event.what_to_bring,
        "reports": [target.report_id for target in event.targets.all()],
    }


def refreshed(data, fields=EventForm.base_fields):
    """The values sent, as initial values, for the form shown again without checks (the
    "show the reports of this neighborhood" button)."""
    initial = {name: data.get(name) for name in fields if data.get(name) not in (None, "")}
    initial["reports"] = data.getlist("reports")
    return initial


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Everyone signed up gets this in an e-mail, and the event page shows it."),
        error_messages={
            "required": _("Say why the event is cancelled: the volunteers will read it.")
        },
    )
