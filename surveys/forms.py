"""The public site's forms: which question to set against which on the results page.

The results page's filters are a filter form (``surveys.filters``); the staff forms of
the admin screens are in ``surveys.admin_forms``.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.core.filters import LenientFilterForm

from .results.crosstab import choice_questions


class CrossTabForm(LenientFilterForm):
    """Which choice question to set against which (``cross_row`` and ``cross_col``: their
    numbers)."""

    cross_row = forms.TypedChoiceField(
        label=gettext_lazy("Rows: question"), coerce=int, required=False
    )
    cross_col = forms.TypedChoiceField(
        label=gettext_lazy("Columns: question"), coerce=int, required=False
    )

    def __init__(self, data, *, page):
        super().__init__(self.own_params(data))
        self.page = page
        choices = [("", _("Choose a question"))] + [
            (q.number, f"{q.number}. {q.label}") for q in choice_questions(page)
        ]
        self.fields["cross_row"].choices = choices
        self.fields["cross_col"].choices = choices

    def clean(self):
        cleaned = super().clean()
        row, column = cleaned.get("cross_row"), cleaned.get("cross_col")
        if row and column and row == column:
            self.add_error("cross_col", _("Please choose two different questions."))
        elif bool(row) != bool(column) and not self.errors:
            missing = "cross_col" if row else "cross_row"
            self.add_error(
                missing, _("Please choose a question for the rows and one for the columns.")
            )
        return cleaned

    def questions(self):
        """(row question, column question), or None when no valid pair was chosen."""
        if not self.is_bound or not self.is_valid():
            return None
        row, column = self.cleaned_data.get("cross_row"), self.cleaned_data.get("cross_col")
        if not row or not column:
            return None
        by_number = self.page.structure.by_number
        return by_number[row], by_number[column]
