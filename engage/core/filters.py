"""The lenient filter form: the GET form above a public list, which never fails.

A filter in the query string that cannot be used (an unknown status, a date that is no
date, a neighborhood that does not exist) is left out of the list's filters and named on
the page, instead of giving an error page or silently showing everything. Every part's
public filter form is a ``LenientFilterForm``; the part declares its fields and what is
valid, and reads ``filters()`` and ``ignored()``.
"""

from typing import NamedTuple

from django import forms


def clean_param(value):
    """A query-string value without the NUL characters PostgreSQL refuses in a query."""
    return str(value or "").replace("\x00", "").strip()


class Ignored(NamedTuple):
    """A filter that was given but not understood: its label, the value given, and why."""

    label: str
    value: str
    reason: str


class LenientFilterForm(forms.Form):
    """A GET filter form whose bad values are ignored and named, never fatal.

    Bind it to the query string (``request.GET``, or None for a page without one). A
    search field named ``q`` is read with its runs of whitespace collapsed to one space.
    """

    @classmethod
    def own_params(cls, data):
        """Only this form's parameters, cleaned with ``clean_param``: for a page whose query
        string also carries other things (searches, pages, other forms)."""
        return {name: clean_param(data.get(name)) for name in cls.base_fields if data.get(name)}

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def filters(self):
        """The valid, non-empty filters; invalid fields are simply left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value and name not in self.errors
        }

    def ignored(self):
        """An ``Ignored`` (label, value given, why) for each filter that was given but not
        understood."""
        if not self.is_bound:
            return []
        self.is_valid()
        return [
            Ignored(self.fields[name].label, self.data.get(name, ""), " ".join(messages))
            for name, messages in self.errors.items()
            if name in self.fields
        ]
