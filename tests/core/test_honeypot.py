"""The honeypot: what a bot fills and a person never meets, and the start stamp."""

import re

import pytest
from django import forms
from django.http import QueryDict
from django.template import Context, Template

from engage.core import honeypot
from engage.core.honeypot import FIELD_NAME, STARTED_NAME, HoneypotFormMixin


class MessageForm(HoneypotFormMixin, forms.Form):
    message = forms.CharField(label="Message")


def data(**values):
    query = QueryDict(mutable=True)
    for name, value in values.items():
        query[name] = value
    return query


def stamp(seconds_ago):
    return honeypot.started_stamp(now=1_000_000 - seconds_ago)


def refusal(query, **kwargs):
    return honeypot.refusal(query, now=1_000_000, **kwargs)


def test_an_empty_honeypot_and_an_old_enough_stamp_pass(settings):
    settings.HONEYPOT_MIN_SECONDS = 2
    assert refusal(data(website="", form_started=stamp(30))) is None


def test_a_filled_honeypot_is_refused():
    assert refusal(data(website="http://spam.example")) == "filled"


def test_a_form_sent_back_too_fast_is_refused(settings):
    settings.HONEYPOT_MIN_SECONDS = 2
    assert refusal(data(form_started=stamp(1))) == "too-fast"
    assert refusal(data(form_started=stamp(1)), min_seconds=0) is None


def test_a_forged_stamp_is_refused():
    forged = stamp(30).replace(":", ";", 1)
    assert refusal(data(form_started=forged)) == "tampered"
    assert refusal(data(form_started="123")) == "tampered"


def test_a_request_without_a_stamp_is_judged_by_the_honeypot_alone():
    assert refusal(data(message="hello")) is None


def test_a_prefixed_form_reads_its_own_inputs():
    assert refusal(data(**{"contact-website": "x"}), prefix="contact") == "filled"
    assert refusal(data(website="x"), prefix="contact") is None


def test_the_honeypot_is_off_screen_hidden_from_screen_readers_and_out_of_the_tab_order():
    html = str(MessageForm())

    wrapper = re.search(r'<div class="engage-honeypot" aria-hidden="true">(.*?)</div>', html, re.S)
    assert wrapper, html
    inside = wrapper.group(1)
    assert '<label for="id_website">Leave this field empty</label>' in inside
    assert 'name="website"' in inside
    assert 'tabindex="-1"' in inside
    assert 'autocomplete="off"' in inside
    # Rendered with the hidden inputs: no second, visible label of its own.
    assert html.count("Leave this field empty") == 1
    assert re.search(r'type="hidden" name="form_started" value="[^"]+"', html)


def test_a_person_passes_and_the_form_keeps_only_its_own_fields(settings):
    settings.HONEYPOT_MIN_SECONDS = 0
    form = MessageForm(data(message="Hello", website="", form_started=honeypot.started_stamp()))

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"message": "Hello"}


def test_a_bot_gets_a_generic_error_and_what_it_typed_is_shown_again_without_the_honeypot():
    form = MessageForm(data(message="Buy now", website="http://spam.example"))

    assert not form.is_valid()
    assert form.non_field_errors() == [str(honeypot.REFUSED_MESSAGE)]
    html = str(form)
    assert "Buy now" in html
    assert "spam.example" not in html  # shown empty: a person sending again passes


def test_a_form_sent_again_keeps_its_first_stamp(settings):
    settings.HONEYPOT_MIN_SECONDS = 2
    first = honeypot.started_stamp()
    form = MessageForm(data(message="", form_started=first))

    assert not form.is_valid()
    assert f'value="{first}"' in str(form)


@pytest.mark.parametrize("prefix", [None, "contact"])
def test_the_mixin_refuses_a_filled_honeypot_under_a_prefix(prefix):
    name = f"{prefix}-{FIELD_NAME}" if prefix else FIELD_NAME
    message = f"{prefix}-message" if prefix else "message"
    form = MessageForm(data(**{message: "Hi", name: "x"}), prefix=prefix)

    assert not form.is_valid()
    assert form.has_error(forms.forms.NON_FIELD_ERRORS, "honeypot")


def test_the_template_tag_renders_the_same_inputs_for_a_form_written_by_hand(settings):
    settings.HONEYPOT_MIN_SECONDS = 0
    html = Template("{% load honeypot_tags %}{% honeypot_fields %}").render(Context())

    assert 'aria-hidden="true"' in html and 'tabindex="-1"' in html
    assert 'autocomplete="off"' in html
    started = re.search(rf'name="{STARTED_NAME}" value="([^"]+)"', html).group(1)
    assert honeypot.refusal(data(website="", form_started=started)) is None
