"""The public forms of the liaison network: applying, stepping down, writing to a liaison."""

from django import forms
from django.utils.translation import gettext_lazy as _

from engage.core.honeypot import HoneypotFormMixin
from engage.neighborhoods.models import Neighborhood

from ..models import LiaisonApplication, LiaisonContactMessage

APPLICATION_FIELDS = (
    "display_name",
    "motivation",
    "availability",
    "contact_preference",
    "bio",
)


class ApplicationForm(forms.ModelForm):
    """What a resident tells staff when offering to be a liaison."""

    neighborhoods = forms.ModelMultipleChoiceField(
        label=_("Neighborhoods"),
        queryset=Neighborhood.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The neighborhoods you know well and would serve. Choose one or more."),
        error_messages={"required": _("Choose at least one neighborhood.")},
    )

    class Meta:
        model = LiaisonApplication
        fields = ("neighborhoods", *APPLICATION_FIELDS)
        help_texts = {
            "display_name": _(
                "How residents will see you in the liaison directory, for example "
                "“Maria G.”. Your e-mail address is never shown."
            ),
            "motivation": _("What you would like to do for your neighbors, and why."),
            "availability": _("For example “weekday evenings and Saturday mornings”."),
            "contact_preference": _(
                "For the city's staff only: a phone number, or the best time to call."
            ),
            "bio": _("A few lines residents read in the directory if you are approved."),
        }
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 5}),
            "bio": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            field: {"required": _("This field is required.")} for field in APPLICATION_FIELDS
        }

    @classmethod
    def initial_for(cls, user, previous=None):
        """What to fill in: the person's public name, or their last application's answers,
        so that someone applying again does not type everything again."""
        if previous is None:
            return {"display_name": user.display_name or user.first_name}
        initial = {field: getattr(previous, field) for field in APPLICATION_FIELDS}
        initial["neighborhoods"] = list(previous.neighborhoods.all())
        return initial


class StepDownForm(forms.Form):
    note = forms.CharField(
        label=_("Anything the city's staff should know (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ContactForm(HoneypotFormMixin, forms.ModelForm):
    """A resident's message to a liaison. The reply address is the account's, never typed:
    the liaison answers a verified address, and nobody can make them write to someone else."""

    class Meta:
        model = LiaisonContactMessage
        fields = ("sender_name", "body")
        labels = {"sender_name": _("Your name"), "body": _("Your message")}
        help_texts = {
            "body": _(
                "Tell the liaison what it is about and where. For a problem on the street "
                "that needs the city, report it too, so that it reaches the right crew."
            ),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
