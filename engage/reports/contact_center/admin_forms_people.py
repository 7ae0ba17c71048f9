"""The staff forms of a person's record: the People list's search and filters, a note,
and confirming a merge."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Person


class PeopleFilterForm(forms.Form):
    ANY, WITH, WITHOUT = "", "with", "without"

    q = forms.CharField(
        label=_("Name, phone or e-mail"),
        required=False,
        max_length=160,
        help_text=_("Name words, part of a phone number (at least four digits) or an e-mail."),
    )
    account = forms.ChoiceField(
        label=_("Account"),
        required=False,
        choices=[
            (ANY, _("With or without an account")),
            (WITH, _("With an account on the site")),
            (WITHOUT, _("Without an account")),
        ],
    )
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any language")), *languages]

    def filter(self, people):
        data = self.cleaned_data
        if data["account"] == self.WITH:
            people = people.filter(user__isnull=False)
        elif data["account"] == self.WITHOUT:
            people = people.filter(user__isnull=True)
        if data["language"]:
            people = people.filter(language=data["language"])
        return people


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For staff only: never shown to the person or the public."),
        error_messages={"required": _("Write the note before saving it.")},
    )


class MergeForm(forms.Form):
    """The confirmation: which record is merged away into the one whose page this is."""

    duplicate = forms.ModelChoiceField(
        queryset=Person.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That record no longer exists.")},
    )
