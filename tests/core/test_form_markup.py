"""Every form rendered with ``{{ form }}`` comes out in USWDS markup (templates/forms/)."""

import json
import re
from html import unescape

from django import forms
from django.utils import translation
from django.utils.translation import gettext


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


def file_input_texts(html):
    """The words the usa_widget filter gives static/js/file-input.js, and the error message."""
    match = re.search(r'data-file-input-texts="([^"]*)"', html)
    error = re.search(r'data-errormessage="([^"]*)"', html)
    return json.loads(unescape(match.group(1))), unescape(error.group(1))


def test_the_file_input_carries_uswds_words_in_the_visitors_language():
    texts, error = file_input_texts(render())

    # In English, exactly what uswds.min.js writes: the English site reads as before.
    assert texts["drag"] == "Drag file here or"
    assert texts["none"] == "No file selected."
    assert (texts["choose"], texts["chooseAlone"]) == ("choose from folder", "Choose from folder")
    assert (texts["headingOne"], texts["changeOne"]) == ("Selected file", "Change file")
    assert texts["selectedMany"] == "You have selected %(count)s files: %(names)s"
    assert error == "Error: This is not a valid file type."


def test_a_multiple_file_input_speaks_of_files():
    class MultipleFileInput(forms.ClearableFileInput):
        allow_multiple_selected = True

    class PhotosForm(forms.Form):
        photos = forms.FileField(label="Photos", required=False, widget=MultipleFileInput)

    texts, _error = file_input_texts(str(PhotosForm()))
    assert texts["drag"] == "Drag files here or"
    assert texts["none"] == "No files selected."


def test_the_spanish_site_has_the_uswds_file_input_with_spanish_words():
    html = render(language="es")

    assert 'class="usa-file-input"' in html
    texts, error = file_input_texts(html)
    with translation.override("es"):
        assert texts["drag"] == gettext("Drag file here or")
        assert texts["selectedOne"] == gettext("You have selected the file: %(name)s")
        assert texts["changeMany"] == gettext("Change files")
        assert error == gettext("Error: This is not a valid file type.")
