"""The staff forms of the service-report screens in the Wagtail admin: a report's status,
merging, assigning to a department, and naming a new Open311 API key."""

from django import forms
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


class MergeForm(forms.Form):
    target = forms.CharField(
        label=_("Duplicate of (reference)"),
        max_length=12,
        help_text=_("The reference of the report this one repeats, e.g. 7KQ2M9XP."),
    )
    public_note = forms.CharField(
        label=_("Public note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, report, **kwargs):
        self.report = report
        super().__init__(*args, **kwargs)

    def clean_target(self):
        reference = self.cleaned_data["target"].strip().upper()
        try:
            target = ServiceReport.objects.get(reference=reference)
        except ServiceReport.DoesNotExist:
            raise forms.ValidationError(_("There is no report with this reference.")) from None
        if target.pk == self.report.pk:
            raise forms.ValidationError(_("A report cannot be merged into itself."))
        if target.status == Status.DUPLICATE:
            raise forms.ValidationError(
                _("That report is itself a duplicate of %(reference)s: merge into that one.")
                % {"reference": getattr(target.duplicate_of, "reference", "?")}
            )
        return target

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
