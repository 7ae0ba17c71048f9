"""The staff forms of the service-report screens in the Wagtail admin: a report's status,
merging, assigning to a department, and naming a new Open311 API key."""

from django import forms
from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _

from .models import Department, ServiceReport

Status = ServiceReport.Status
Resolution = ServiceReport.Resolution
CLOSING_STATUSES = (Status.RESOLVED, Status.CLOSED)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        # "Duplicate" is set by merging, never picked by hand.
        choices=[(value, label) for value, label in Status.choices if value != Status.DUPLICATE],
    )
    resolution = forms.ChoiceField(
        label=_("Resolution"),
        required=False,
        choices=[("", "---------")]
        + [(value, label) for value, label in Resolution.choices if value != Resolution.DUPLICATE],
        help_text=_("Required when the report is resolved or closed."),
    )
    public_note = forms.CharField(
        label=_("Public note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown on the report's page and e-mailed to its followers. "
            "Required when no action is taken: tell the resident why."
        ),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only staff and moderators see this."),
    )

    def __init__(self, *args, report=None, **kwargs):
        self.report = report
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        resolution = cleaned.get("resolution")
        notes = cleaned.get("public_note", "").strip() or cleaned.get("internal_note", "").strip()
        if self.report is not None and status == self.report.status and not notes:
            raise forms.ValidationError(_("The report already has this status."))
        if status in CLOSING_STATUSES:
            if not resolution:
                self.add_error(
                    "resolution", _("Say how the report was resolved or why it is closed.")
                )
            elif resolution == Resolution.NO_ACTION and not cleaned.get("public_note", "").strip():
                self.add_error(
                    "public_note", _("Give the resident a reason why no action is taken.")
                )
        elif status and resolution:
            self.add_error("resolution", _("Only a resolved or closed report has a resolution."))
        return cleaned


class CandidateChoiceField(forms.ModelChoiceField):
    """A nearby report, labelled as staff tell them apart: reference, category, distance."""

    def __init__(self, *args, distances=None, **kwargs):
        self.distances = distances or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        metres = self.distances.get(obj.pk)
        if metres is None:  # same address, no point to measure from
            return _("%(reference)s · %(category)s · %(status)s") % {
                "reference": obj.reference,
                "category": obj.category.name,
                "status": obj.get_status_display(),
            }
        return _("%(reference)s · %(category)s · %(distance)s m · %(status)s") % {
            "reference": obj.reference,
            "category": obj.category.name,
            "distance": round(metres),
            "status": obj.get_status_display(),
        }


class MergeForm(forms.Form):
    """Merge this report into one of the open reports near it, picked from a list (and
    from the map): nobody types a reference. ``candidates`` are ``(report, metres)``
    pairs from ``services.merge_candidates``. A second post with ``confirm`` merges."""

    target = CandidateChoiceField(
        label=_("Duplicate of"),
        queryset=ServiceReport.objects.none(),
        to_field_name="reference",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the report this one repeats."),
            "invalid_choice": _(
                "That report is no longer open near this one. Choose another from the list."
            ),
        },
    )
    public_note = forms.CharField(
        label=_("Public note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Shown on this report's page (the one merged away) and e-mailed to its followers. "
            "Empty: the reference of the report it was merged into."
        ),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, report, candidates=(), **kwargs):
        self.report = report
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        field.distances = {candidate.pk: metres for candidate, metres in candidates}
        # Nearest first, as in the list beside the map.
        nearest_first = Case(
            *(When(pk=pk, then=position) for position, pk in enumerate(field.distances)),
            default=len(field.distances),
        )
        field.queryset = (
            ServiceReport.objects.open()
            .filter(pk__in=list(field.distances))
            .select_related("category")
            .order_by(nearest_first)
        )

    def clean(self):
        cleaned = super().clean()
        if self.report.status == Status.DUPLICATE:
            raise forms.ValidationError(_("This report has already been merged."))
        return cleaned


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all())


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("Who uses this key, e.g. “SeeClickFix” or “City app (iOS)”."),
    )
