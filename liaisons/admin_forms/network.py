"""The staff forms of the liaison network's admin screens.

They only collect what staff type; whether the action is allowed, and whether a reason is
required, is ``liaisons.services.network``'s to decide (its ``NetworkError`` is shown on
the form), so no rule is written twice.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from engage.neighborhoods.models import Neighborhood

REASON_MAX_LENGTH = 1000


class DecisionForm(forms.Form):
    """Approve (for some or all of the neighborhoods applied for) or decline with a reason."""

    APPROVE, DECLINE = "approve", "decline"

    neighborhoods = forms.ModelMultipleChoiceField(
        label=_("Approve for these neighborhoods"),
        queryset=Neighborhood.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The ones the person applied for; untick any you do not approve."),
    )
    reason = forms.CharField(
        label=_("Reason for declining"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to decline. E-mailed to the applicant, so write it for them."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        applied = application.neighborhoods.order_by("name")
        self.fields["neighborhoods"].queryset = applied
        self.fields["neighborhoods"].initial = list(applied)


class NeighborhoodsForm(forms.Form):
    neighborhoods = forms.ModelMultipleChoiceField(
        label=_("Neighborhoods"),
        queryset=Neighborhood.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one neighborhood.")},
    )


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required. E-mailed to the liaison and kept with the term's history."),
    )
