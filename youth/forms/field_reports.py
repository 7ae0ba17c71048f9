"""The educator's review of one field report: the text, the category, the photos that go
with it, and the decision (send it to the city, or not, with the reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from engage.reports.forms import available_categories

SEND, REJECT, SAVE = "send", "reject", "save"


class ReviewForm(forms.Form):
    """One held report's review. Several are on the queue page at once: each has its own
    prefix (``report-<pk>``), so their fields and errors never mix."""

    description = forms.CharField(
        label=_("What the participant wrote"),
        help_text=_("Take out any name, phone number or other detail about a person."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    category = forms.ChoiceField(
        label=_("Kind of problem"),
        error_messages={
            "required": _("Choose the kind of problem."),
            "invalid_choice": _(
                "That kind of problem can no longer be reported. Please choose another."
            ),
        },
    )
    keep_photos = forms.TypedMultipleChoiceField(
        label=_("Photos sent with the report"),
        help_text=_("Untick a photo that shows a face, a car's number plate or a house number."),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Why not send it?"),
        help_text=_(
            "Only for “Don't send”, e.g. “a joke”, “not a city problem”, “on school grounds”."
        ),
        required=False,
        max_length=255,
    )
    # The decision comes from the button pressed; the field itself is never shown.
    decision = forms.ChoiceField(
        choices=[(SEND, SEND), (REJECT, REJECT), (SAVE, SAVE)],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, field_report, categories=None, **kwargs):
        """``categories``: ``available_categories()``, read once for a page of forms."""
        kwargs.setdefault("prefix", f"report-{field_report.pk}")
        self.field_report = field_report
        photos = list(field_report.photos.all())
        kwargs.setdefault(
            "initial",
            {
                "description": field_report.description,
                "category": field_report.category.code,
                "keep_photos": [photo.pk for photo in photos if photo.keep],
            },
        )
        super().__init__(*args, **kwargs)
        self.photos = photos
        self.fields["keep_photos"].choices = [
            (photo.pk, _("Photo %(number)s") % {"number": number})
            for number, photo in enumerate(photos, 1)
        ]
        self.categories = available_categories() if categories is None else categories
        groups = {}
        for category in self.categories:
            groups.setdefault(category.group, []).append((category.code, category.name))
        choices = [("", _("Choose…"))]
        for group, items in groups.items():
            if group:
                choices.append((group, items))
            else:
                choices.extend(items)
        self.fields["category"].choices = choices

    def clean_category(self):
        code = self.cleaned_data["category"]
        category = next((c for c in self.categories if c.code == code), None)
        if category is None:
            raise forms.ValidationError(self.fields["category"].error_messages["invalid_choice"])
        return category

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("decision"):
            # Shown above the form: there is no field to attach it to.
            self.add_error(None, _("Choose “Send to the city” or “Don't send”."))
        if cleaned.get("decision") == REJECT and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the report is not sent to the city."))
        return cleaned

    def photo_choices(self):
        """(photo, checkbox id, ticked) for the template, which shows each photo beside
        its box."""
        if self.is_bound:
            ticked = {str(value) for value in self.data.getlist(self.add_prefix("keep_photos"))}
        else:
            ticked = {str(pk) for pk in self.initial.get("keep_photos", [])}
        first_id = self.auto_id % self.add_prefix("keep_photos")
        return [
            (photo, f"{first_id}_{index}", str(photo.pk) in ticked)
            for index, photo in enumerate(self.photos)
        ]
