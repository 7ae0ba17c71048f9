"""Every form rendered with ``{{ form }}`` comes out in USWDS markup (templates/forms/)."""

from django import forms
from django.utils import translation


class ExampleForm(forms.Form):
    name = forms.CharField(label="Your name", help_text="As neighbours know you.")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")])
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)
    photo = forms.FileField(label="Photo", required=False)
    agree = forms.BooleanField(label="I agree")


def render(data=None, language="en"):
    with translation.override(language):
        return str(ExampleForm(data=data))


def test_fields_are_uswds_form_groups_with_labels_hints_and_inputs():
    html = render()

    assert html.count('<div class="usa-form-group') == 5
    assert '<label class="usa-label" for="id_name">Your name</label>' in html
    assert (
        '<div class="usa-hint helptext" id="id_name_helptext">As neighbours know you.</div>' in html
    )
    assert 'class="usa-input"' in html and 'name="name"' in html
    assert 'class="usa-select"' in html
    assert 'class="usa-textarea"' in html
    assert 'class="usa-file-input"' in html
    # USWDS's script gives the file input an aria-label; the field's label stays its name.
    assert '<label class="usa-label" id="id_photo_label" for="id_photo">Photo</label>' in html
    assert 'aria-labelledby="id_photo_label"' in html
    # A single checkbox: the box first, then its label.
    assert html.index('class="usa-checkbox__input"') < html.index(
        '<label class="usa-checkbox__label" for="id_agree">'
    )


def test_errors_are_usa_error_messages_and_mark_the_input():
    html = render({"name": "", "kind": "a"})

    assert "usa-form-group--error" in html
    assert '<div class="usa-error-message"><ul class="errorlist"' in html
    assert "usa-input usa-input--error" in html
    assert 'role="alert"' in html  # the summary at the top


def test_the_spanish_site_keeps_the_browsers_translated_file_input():
    html = render(language="es")

    assert "usa-file-input" not in html
    assert 'type="file"' in html
