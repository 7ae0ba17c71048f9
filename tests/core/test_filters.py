"""The lenient filter form: bad filters are left out and named, never an error page."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.template.loader import render_to_string

from engage.core.filters import Ignored, LenientFilterForm, clean_param


class ThingFilterForm(LenientFilterForm):
    q = forms.CharField(label="Search", required=False, max_length=20)
    colour = forms.ChoiceField(
        label="Colour", required=False, choices=[("", "Any"), ("red", "Red"), ("blue", "Blue")]
    )
    since = forms.DateField(label="From", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("colour") == "blue" and cleaned.get("q") == "sky":
            raise ValidationError("Not both at once.")  # a form-wide error names no filter
        return cleaned


def form_for(query):
    return ThingFilterForm(QueryDict(query) or None)


def test_a_page_without_a_query_string_has_no_filters_and_ignores_nothing():
    form = form_for("")

    assert not form.is_bound
    assert form.filters() == {}
    assert form.ignored() == []


def test_valid_filters_are_used_and_empty_ones_left_out():
    form = form_for("colour=red&since=2025-05-01&q=")

    assert form.filters() == {"colour": "red", "since": date(2025, 5, 1)}
    assert form.ignored() == []


def test_a_bad_filter_is_left_out_and_named_with_the_value_given_and_why():
    form = form_for("colour=green&since=someday&q=trees")

    assert form.filters() == {"q": "trees"}
    ignored = form.ignored()
    assert [(entry.label, entry.value) for entry in ignored] == [
        ("Colour", "green"),
        ("From", "someday"),
    ]
    assert all(isinstance(entry, Ignored) and entry.reason for entry in ignored)


def test_a_form_wide_error_is_not_named_as_a_filter():
    form = form_for("colour=blue&q=sky")

    assert form.ignored() == []


def test_a_search_is_read_with_its_whitespace_collapsed():
    assert form_for("q=%20%20red%09%20%20trees%0A").filters() == {"q": "red trees"}


def test_own_params_keeps_only_the_forms_parameters_without_nul_or_padding():
    query = QueryDict("colour=%20red%00%20&page=3&since=&other=x")

    assert ThingFilterForm.own_params(query) == {"colour": "red"}
    assert clean_param(None) == ""
    assert clean_param(" a\x00b ") == "ab"


def test_the_shared_notice_names_each_ignored_filter():
    form = form_for("colour=green&since=2025-05-01")

    html = render_to_string("includes/ignored_filters.html", {"ignored_filters": form.ignored()})

    assert "Some filters were not recognised and have been ignored:" in html
    assert "Colour: “green”" in html
    assert "From" not in html
    assert render_to_string("includes/ignored_filters.html", {"ignored_filters": []}).strip() == ""
