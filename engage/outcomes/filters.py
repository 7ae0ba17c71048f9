"""The filter form above the public list of outcomes (``OutcomeIndexPage``).

What it finds is ``outcomes.listing``'s job. Like every public list's form it never fails a
page: a neighborhood, department, topic or status that does not exist is left out and named
above the list (``engage.core.filters.LenientFilterForm``).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from engage.core.filters import LenientFilterForm
from engage.neighborhoods.models import Neighborhood
from engage.reports.models import Department

from .models import OutcomePage
from .models.pages import TaggedOutcome


class OutcomeFilterForm(LenientFilterForm):
    """Neighborhood, department, topic and status. Works without JavaScript."""

    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=Neighborhood.objects.only("pk", "slug", "name").order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All neighborhoods"),
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.only("pk", "name").order_by("name"),
        required=False,
        empty_label=_("All departments"),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Tag.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *OutcomePage.Status.choices],
    )

    def __init__(self, data=None, *, outcomes, **kwargs):
        """``outcomes``: the outcomes the list may show; the topics offered are theirs."""
        kwargs.setdefault("auto_id", "outcome-filter-%s")
        super().__init__(data, **kwargs)
        used = TaggedOutcome.objects.filter(content_object__in=outcomes.order_by())
        self.fields["topic"].queryset = Tag.objects.filter(pk__in=used.values("tag_id")).order_by(
            "name"
        )
