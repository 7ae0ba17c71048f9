"""The liaison dashboard's forms: which neighborhood, a follow-up note, a message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import VolunteerBroadcast


class NeighborhoodChoiceForm(forms.Form):
    """Which of the person's neighborhoods the dashboard shows (a GET form)."""

    neighborhood = forms.ChoiceField(label=_("Neighborhood"), required=False)

    def __init__(self, *args, choices, everyone_label, **kwargs):
        kwargs.setdefault("auto_id", "dashboard-%s")
        super().__init__(*args, **kwargs)
        self.fields["neighborhood"].choices = [("", everyone_label)] + [
            (n.slug, n.name) for n in choices
        ]


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the city's staff (optional)"),
        help_text=_(
            "What you heard from neighbors or saw on the spot. Staff read it in the "
            "report's history; it is not published."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MessageVolunteersForm(forms.ModelForm):
    """A message to the volunteers of one of the liaison's neighborhoods."""

    class Meta:
        model = VolunteerBroadcast
        fields = ["neighborhood", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "body": _("Plain text. Volunteers who turned these messages off do not get it."),
        }

    def __init__(self, *args, neighborhoods, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["neighborhood"]
        field.queryset = neighborhoods
        field.label = _("To the volunteers of")
        field.empty_label = None
        if neighborhoods.count() == 1:
            field.initial = neighborhoods.first().pk
