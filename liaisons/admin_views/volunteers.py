"""Staff screens for volunteers, the waiver and adopted areas (registered in wagtail_hooks).

Volunteers register on the public site; staff see and correct their details here. The
consent fields are read-only: a guardian gives consent through their link, or staff and
liaisons record a signed paper form (a button on the list, the public page
``liaisons:record_paper_consent``, which keeps who recorded it).

A waiver version someone accepted is never changed: saving an edit of it publishes the
text as a new version (``WaiverEditView``), so each acceptance names the words agreed to.
"""

import django_filters
from django.contrib.admin.utils import quote
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from engage.core.exports import NeutralisingSpreadsheetExportMixin
from engage.neighborhoods.models import Neighborhood

from ..models import Adoption, Volunteer, Waiver, WaiverAcceptance

# --- Volunteers ---------------------------------------------------------------------------


class VolunteerFilterSet(WagtailFilterSet):
    neighborhood = django_filters.ModelChoiceFilter(
        label=_("Neighborhood"),
        field_name="neighborhoods",
        queryset=Neighborhood.objects.order_by("name"),
    )
    age_band = django_filters.ChoiceFilter(label=_("Age"), choices=Volunteer.AgeBand.choices)
    consent_missing = django_filters.BooleanFilter(
        label=_("Minor without a guardian's consent"), method="filter_consent_missing"
    )

    class Meta:
        model = Volunteer
        fields = []

    def filter_consent_missing(self, queryset, name, value):
        waiting = {"age_band__in": Volunteer.MINOR_BANDS, "guardian_consent_at__isnull": True}
        if value is None:
            return queryset
        return queryset.filter(**waiting) if value else queryset.exclude(**waiting)


class ConsentColumn(BooleanColumn):
    """Consent on record: yes, no (a minor still waiting), or nothing (adults need none)."""

    def get_value(self, instance):
        if not instance.is_minor:
            return None
        return instance.guardian_consent_at is not None


class VolunteerIndexView(NeutralisingSpreadsheetExportMixin, SnippetIndexView):
    """Volunteers type their names and skills: the CSV must not run them as formulas."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_minor and instance.guardian_consent_at is None:
            buttons.append(
                Button(
                    _("Record a signed consent form"),
                    url=reverse("liaisons:record_paper_consent", args=[quote(instance.pk)]),
                    icon_name="doc-full",
                    priority=25,
                )
            )
        return buttons


VOLUNTEER_LIST_DISPLAY = [
    "display_name",
    Column("get_age_band_display", label=_("Age"), sort_key="age_band"),
    ConsentColumn("guardian_consent_at", label=_("Guardian consent")),
    DateColumn("created_at", label=_("Registered"), sort_key="created_at"),
]
# What staff may correct. Never here: the consent (given by the guardian or recorded from
# the paper form, with who recorded it), the check-in code and the calendar token.
VOLUNTEER_PANELS = [
    FieldPanel("display_name"),
    FieldPanel("neighborhoods"),
    FieldPanel("age_band"),
    FieldPanel("skills"),
    FieldPanel("availability"),
    FieldPanel("phone"),
    MultiFieldPanel(
        [FieldPanel("emergency_contact_name"), FieldPanel("emergency_contact_phone")],
        heading=_("Emergency contact"),
    ),
    MultiFieldPanel(
        [
            HelpPanel(
                _(
                    "Changing the guardian does not change the consent on record. Record a "
                    "new signed form from the list if the new guardian signs one."
                )
            ),
            FieldPanel("guardian_name"),
            FieldPanel("guardian_contact"),
            FieldPanel("guardian_consent_at", read_only=True),
            FieldPanel("guardian_consent_recorded_by", read_only=True),
        ],
        heading=_("Parent or guardian"),
    ),
]
VOLUNTEER_INSPECT_FIELDS = [
    "display_name",
    "user",
    "age_band",
    "neighborhoods",
    "skills",
    "availability",
    "phone",
    "emergency_contact_name",
    "emergency_contact_phone",
    "guardian_name",
    "guardian_contact",
    "guardian_consent_at",
    "guardian_consent_recorded_by",
    "waiver_acceptances",
    "created_at",
]


# --- The waiver ------------------------------------------------------------------------


class WaiverIndexView(SnippetIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(acceptance_count=Count("acceptances"))


class WaiverEditView(SnippetEditView):
    """Saving changes to a version someone accepted publishes them as a new version."""

    def save_instance(self):
        if not WaiverAcceptance.objects.filter(waiver_id=self.object.pk).exists():
            return super().save_instance()
        accepted_version = Waiver.objects.get(pk=self.object.pk)
        new_version = self.form.instance
        new_version.pk = new_version.version = None
        if new_version.published_at <= accepted_version.published_at:
            new_version.published_at = timezone.now()
        new_version.save()
        log(new_version, "wagtail.create", user=self.request.user)
        self.new_version_of = accepted_version
        return new_version

    def get_success_message(self):
        old = getattr(self, "new_version_of", None)
        if old is None:
            return super().get_success_message()
        return _(
            "Volunteers accepted version %(old)s, so it is kept as it was. Your changes are "
            "published as version %(new)s: volunteers accept it before their next sign-up."
        ) % {"old": old.version, "new": self.object.version}

    def get_success_url(self):
        return reverse(self.index_url_name)


WAIVER_PANELS = [
    HelpPanel(
        _(
            "Volunteers accept the newest version whose publication time has come. Once a "
            "volunteer has accepted a version, saving changes to it publishes a new version; "
            "every volunteer then accepts the new one before their next sign-up."
        )
    ),
    FieldPanel("title"),
    FieldPanel("text"),
    FieldPanel("published_at"),
]
WAIVER_LIST_DISPLAY = [
    "title",
    Column("version", label=_("Version"), sort_key="version"),
    DateColumn("published_at", label=_("Published"), sort_key="published_at"),
    Column("acceptance_count", label=_("Accepted by"), sort_key="acceptance_count"),
]


# --- Adopted areas ---------------------------------------------------------------------


class AdoptionFilterSet(WagtailFilterSet):
    neighborhood = django_filters.ModelChoiceFilter(
        label=_("Neighborhood"), queryset=Neighborhood.objects.order_by("name")
    )
    active = django_filters.BooleanFilter(
        label=_("Active"), field_name="ended_at", lookup_expr="isnull"
    )

    class Meta:
        model = Adoption
        fields = []


ADOPTION_LIST_DISPLAY = [
    "name",
    Column("volunteer", label=_("Volunteer"), sort_key="volunteer__display_name"),
    "group_name",
    Column("neighborhood", label=_("Neighborhood"), sort_key="neighborhood__name"),
    DateColumn("created_at", label=_("Adopted"), sort_key="created_at"),
    DateColumn("ended_at", label=_("Ended"), sort_key="ended_at"),
]
ADOPTION_PANELS = [FieldPanel("name"), FieldPanel("group_name")]
