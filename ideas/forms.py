"""Forms residents fill in: an idea, a comment, a reply, a flag.

Each form checks what was typed and says, per field, what to change; what may be done
(the campaign is open, the idea can still be edited…) is for ``ideas.rules``, which the
views and services call.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from engage.core.images import ImageUploadField
from engage.core.markdown import MarkdownField, to_markdown
from engage.core.sanitize import problems
from engage.neighborhoods import places
from engage.neighborhoods.models import Neighborhood

from .models import Flag

TITLE_MAX = 140
SUMMARY_MAX = 300
BODY_MAX = 5000
COMMENT_MAX = 3000
TAGS_MAX = 10
TAG_MAX_LENGTH = 50
COORDINATE = Decimal("0.000001")

IMAGE_MESSAGES = {
    "file_too_big": _("the file is %(size)s; pictures can be at most %(max)s."),
    "not_an_image": _(
        "this is not a picture we can read. Please choose a JPEG, PNG or WebP image."
    ),
}


def image_max_bytes():
    return settings.IDEA_IMAGE_MAX_BYTES


def _plain_text(value):
    """Refuse markup that would run code in a plain-text field (it is escaped anyway)."""
    found = problems(value)
    if found:
        raise ValidationError(found)
    return value


def editable_text(html):
    """Stored HTML as a person would type it in the text area: Markdown that renders back
    to the same text and formatting (``engage.core.markdown.to_markdown``)."""
    return to_markdown(html)


# What the help text under a description or a comment says about formatting.
FORMATTING_HELP = _(
    "Leave a blank line between paragraphs. Formatting: **bold**, *italic*, lists (lines "
    "starting with “- ” or “1. ”) and links as [text](https://…). Use Preview to check."
)


def split_tags(text):
    """Tags typed as "parks, trees, dog park": trimmed, without empty ones or repeats."""
    tags, seen = [], set()
    for raw in (text or "").split(","):
        tag = " ".join(raw.split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


class IdeaForm(forms.Form):
    """The idea itself, for submitting (``campaign`` may be None: the general box) and editing.

    ``image_kept`` is set by the view when a picture chosen earlier (before the preview, or
    on a form that had to be corrected) is waiting in the session, so the person does not
    have to choose it again; ``current_image`` is the picture an idea being edited has.
    """

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("Your idea in one sentence, up to 140 characters."),
        error_messages={"required": _("Give your idea a title.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences shown in lists of ideas, up to 300 characters."),
        error_messages={"required": _("Write a short summary of your idea.")},
    )
    body = MarkdownField(
        label=_("Description"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=format_lazy(
            "{} {}",
            _("What you propose, why, and who it helps. Up to 5,000 characters."),
            FORMATTING_HELP,
        ),
        error_messages={"required": _("Describe your idea.")},
    )
    suggested_tags = forms.MultipleChoiceField(
        label=_("Suggested topics"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("That topic is no longer offered; choose another.")},
    )
    tags = forms.CharField(
        label=_("Other topics (optional)"),
        required=False,
        max_length=500,
        help_text=_("Separate topics with commas, for example: trees, playground, lighting."),
    )
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.all(),
        required=False,
        empty_label=_("The whole city, or not sure"),
        error_messages={
            "invalid_choice": _("That neighborhood is not part of this campaign; choose another.")
        },
    )
    address = forms.CharField(
        label=_("Address (optional)"),
        required=False,
        max_length=120,
        help_text=_(
            "If your idea is about one spot, type its address: we find the spot and its "
            "neighborhood for you."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    lat = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any"}),
        error_messages={"invalid": _("Enter the latitude as a number, for example 39.9526.")},
    )
    lng = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any"}),
        error_messages={"invalid": _("Enter the longitude as a number, for example -75.1652.")},
    )
    image = ImageUploadField(
        label=_("Choose a picture"),
        required=False,
        max_bytes=1,  # replaced in __init__: settings may change between requests
        messages=IMAGE_MESSAGES,
        help_text=_(
            "A JPEG, PNG or WebP picture. We remove the location and camera details "
            "before storing it."
        ),
    )
    remove_image = forms.BooleanField(label=_("Remove the picture"), required=False)

    def __init__(self, *args, campaign=None, current_image=None, image_kept=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.current_image = current_image
        self.image_kept = image_kept
        self.fields["image"].max_bytes = image_max_bytes()
        self.fields["title"].widget.attrs["autocomplete"] = "off"

        suggested = list(campaign.suggested_tags.order_by("name")) if campaign else []
        self.suggested_names = {tag.name.casefold(): tag.name for tag in suggested}
        if suggested:
            self.fields["suggested_tags"].choices = [(tag.name, tag.name) for tag in suggested]
        else:
            del self.fields["suggested_tags"]
            self.fields["tags"].label = _("Topics (optional)")

        if campaign is not None:
            limited = campaign.neighborhoods.all()
            if limited.exists():
                self.fields["neighborhood"].queryset = limited

    # Field groups, each shown under its own legend by the template.
    def idea_fields(self):
        return [self["title"], self["summary"], self["body"]]

    def place_fields(self):
        return [self["lat"], self["lng"]]

    def _locate_address(self, cleaned):
        """An address typed without a point becomes the point, and the neighborhood when
        none was chosen. The address only serves to find the spot (it is not published),
        so when it cannot be found the form says so and keeps everything typed, rather
        than publishing an idea without the spot the person meant."""
        address = cleaned.get("address")
        if not address or cleaned.get("lat") is not None or "address" in self.errors:
            return
        place = places.locate(address)
        if place is None:
            self.add_error(
                "address",
                _(
                    "We could not find this address. Check it, choose the place on the map "
                    "or give its latitude and longitude, or leave it empty."
                ),
            )
            return
        cleaned["lat"], cleaned["lng"] = place.lat, place.lng
        neighborhoods = self.fields["neighborhood"].queryset
        if cleaned.get("neighborhood") is None and place.neighborhood in neighborhoods:
            cleaned["neighborhood"] = place.neighborhood

    def clean_title(self):
        return _plain_text(" ".join(self.cleaned_data["title"].split()))

    def clean_summary(self):
        return _plain_text(self.cleaned_data["summary"].strip())

    def clean_tags(self):
        tags = split_tags(self.cleaned_data["tags"])
        too_long = [tag for tag in tags if len(tag) > TAG_MAX_LENGTH]
        if too_long:
            raise ValidationError(
                _("Topics can be at most %(limit)d characters long: “%(tag)s” is longer.")
                % {"limit": TAG_MAX_LENGTH, "tag": too_long[0]},
                code="tag_too_long",
            )
        return tags

    def clean(self):
        cleaned = super().clean()
        if "lat" not in self.errors and "lng" not in self.errors:
            lat, lng = cleaned.get("lat"), cleaned.get("lng")
            if (lat is None) != (lng is None):
                self.add_error(
                    "lng" if lng is None else "lat",
                    _("Enter both the latitude and the longitude, or leave both empty."),
                )
            else:
                self._locate_address(cleaned)
        if "tags" not in self.errors and "suggested_tags" not in self.errors:
            count = len(self.all_tags(cleaned))
            if count > TAGS_MAX:
                self.add_error(
                    "tags",
                    ngettext(
                        "Choose at most %(limit)d topic; you have %(count)d.",
                        "Choose at most %(limit)d topics; you have %(count)d.",
                        TAGS_MAX,
                    )
                    % {"limit": TAGS_MAX, "count": count},
                )
        return cleaned

    def all_tags(self, cleaned=None):
        """Suggested topics ticked, then the typed ones (a typed suggested one is spelled
        as staff spelled it), without repeats."""
        cleaned = cleaned if cleaned is not None else self.cleaned_data
        tags, seen = [], set()
        for tag in [*cleaned.get("suggested_tags", []), *cleaned.get("tags", [])]:
            tag = self.suggested_names.get(tag.casefold(), tag)
            if tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
        return tags

    def idea_fields_data(self):
        """Keyword arguments for ``services.submit_idea`` and ``services.edit_idea``
        (without the picture, which the view resolves)."""
        data = self.cleaned_data

        def coordinate(value):
            return (
                None if value is None else Decimal(str(value)).quantize(COORDINATE, ROUND_HALF_UP)
            )

        return {
            "title": data["title"],
            "summary": data["summary"],
            "body": data["body"],
            "neighborhood": data["neighborhood"],
            "lat": coordinate(data["lat"]),
            "lng": coordinate(data["lng"]),
            "tags": self.all_tags(),
        }

    @classmethod
    def initial_for(cls, idea):
        """The form's starting values when an idea is edited."""
        tags = [tag.name for tag in idea.tags.all()]
        suggested = (
            {t.name.casefold() for t in idea.campaign.suggested_tags.all()}
            if idea.campaign_id
            else set()
        )
        return {
            "title": idea.title,
            "summary": idea.summary,
            "body": editable_text(idea.body),
            "suggested_tags": [t for t in tags if t.casefold() in suggested],
            "tags": ", ".join(t for t in tags if t.casefold() not in suggested),
            "neighborhood": idea.neighborhood_id,
            "lat": idea.lat,
            "lng": idea.lng,
        }


class CommentForm(forms.Form):
    """A comment, or a reply when ``parent`` is given (the comment replied to)."""

    body = MarkdownField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=format_lazy("{} {}", _("Up to 3,000 characters."), FORMATTING_HELP),
        error_messages={"required": _("Write your comment before posting it.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reply_to=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reply_to = reply_to
        if reply_to is not None:
            self.fields["parent"].initial = reply_to.pk
            self.fields["body"].label = _("Your reply")
            self.fields["body"].error_messages["required"] = _(
                "Write your reply before posting it."
            )
            # One form per comment on the page: the ids must differ.
            self.auto_id = f"id_reply{reply_to.pk}_%s"


class CommentEditForm(forms.Form):
    body = MarkdownField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=CommentForm.base_fields["body"].help_text,
        error_messages={"required": _("A comment cannot be empty.")},
    )


class FlagForm(forms.Form):
    """Why an idea or a comment is inappropriate."""

    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=[("", _("Choose a reason…")), *Flag.Reason.choices],
        error_messages={
            "required": _("Choose why you are reporting this."),
            "invalid_choice": _("Choose one of the reasons in the list."),
        },
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only moderators see this."),
    )

    def __init__(self, *args, prefix_id="flag", **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix_id = prefix_id
        self.auto_id = f"id_{prefix_id}_%s"

    def full_clean(self):
        super().full_clean()
        # Back with an error: the first field to correct has the focus (no script needed),
        # so the person hears the error where they are.
        for name in self.fields:
            if name in self.errors:
                self.fields[name].widget.attrs["autofocus"] = True
                break

    def clean_details(self):
        return self.cleaned_data["details"].strip()
