"""The small forms of the moderation and decision actions in the Wagtail admin.

They only collect what a staff member types. Whether the action is allowed, and whether
a reason or an answer is required, is decided by ``ideas.services`` (which raises
``IdeaError`` with a sentence the admin view shows on the form), so no rule is written
twice.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from engage.core.sanitize import UserHTMLField

from .models import Idea

Status = Idea.Status

REASON_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 5000


def _reason_field(label, help_text):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ConfirmForm(forms.Form):
    """Nothing to type: the button is the confirmation."""


class HideForm(forms.Form):
    reason = _reason_field(
        _("Reason"),
        _(
            "Required. E-mailed to the author and kept in the moderation log, "
            "so write it for them: which rule the text broke."
        ),
    )


class NoteForm(forms.Form):
    reason = _reason_field(_("Note (optional)"), _("Kept in the moderation log."))


class BlockForm(forms.Form):
    reason = _reason_field(
        _("Reason"),
        _("Required. Kept in the moderation log; only moderators and staff see it."),
    )


class BlockByEmailForm(BlockForm):
    email = forms.EmailField(
        label=_("E-mail address of the account"),
        help_text=_("The address the person signed up with."),
    )

    field_order = ["email", "reason"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("There is no account with this e-mail address."))
        self.user = user
        return email


class DecideForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(status.value, status.label) for status in Idea.DECISIONS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the idea's new status.")},
    )
    answer = UserHTMLField(
        label=_("Official answer"),
        required=False,
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Required. Shown in the idea's public status history and e-mailed to its "
            "author and followers. When declining, give the public reason. Paragraphs, "
            "bold, italics, lists and links are kept."
        ),
    )

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, **kwargs)
        # The current status is not a decision to make again.
        self.fields["status"].choices = [
            (value, label) for value, label in self.fields["status"].choices if value != idea.status
        ]


def merge_candidates(idea):
    """Ideas ``idea`` may be merged into: public, active ideas of the same campaign."""
    return (
        Idea.objects.filter(campaign_id=idea.campaign_id, is_hidden=False)
        .exclude(pk=idea.pk)
        .exclude(status__in=[Status.AWAITING, Status.MERGED, Status.WITHDRAWN])
    )


def search_candidates(candidates, query, limit=20):
    """The candidates a search for ``query`` (words of the title, or an idea number) finds."""
    query = (query or "").strip().lstrip("#")
    if query:
        condition = Q(title__icontains=query)
        if query.isdigit():
            condition |= Q(pk=int(query))
        candidates = candidates.filter(condition)
    return candidates.order_by("-vote_count", "-pk")[:limit]


class _TargetField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return ngettext(
            "#%(number)s “%(title)s” (%(votes)s vote, %(status)s)",
            "#%(number)s “%(title)s” (%(votes)s votes, %(status)s)",
            obj.vote_count,
        ) % {
            "number": obj.pk,
            "title": obj.title,
            "votes": obj.vote_count,
            "status": obj.get_status_display().lower(),
        }


class MergeForm(forms.Form):
    target = _TargetField(
        label=_("Merge into"),
        queryset=Idea.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_("Only public ideas of the same campaign are offered."),
        error_messages={
            "required": _("Choose the idea to merge this one into."),
            "invalid_choice": _(
                "That idea cannot take this one: choose a public idea of the same campaign."
            ),
        },
    )
    answer = UserHTMLField(
        label=_("Official answer (optional)"),
        required=False,
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown in this idea's status history and e-mailed to its followers, "
            "e.g. why the two ideas are one."
        ),
    )

    def __init__(self, *args, idea, shown, **kwargs):
        """``shown``: the candidates to list (a search result); any candidate is accepted."""
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        field.queryset = merge_candidates(idea)
        shown = list(shown)
        chosen = self.data.get(self.add_prefix("target")) if self.is_bound else None
        if chosen and str(chosen).isdigit() and all(str(c.pk) != str(chosen) for c in shown):
            extra = field.queryset.filter(pk=int(chosen)).first()
            if extra is not None:
                shown.insert(0, extra)
        field.widget.choices = [(c.pk, field.label_from_instance(c)) for c in shown]
        self.shown = shown
