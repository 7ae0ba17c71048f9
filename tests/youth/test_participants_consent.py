"""Consent: a guardian's signed paper form recorded by the educator, the online form reached
by a signed, expiring link, withdrawing, and the school's consent for educational use; and
what each changes for ``youth.rules.consent_refusal``."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from engage.notifications.models import Notification
from tests.youth.factories import ParticipantFactory, ProgramFactory, make_educator
from youth import rules
from youth.models import GuardianConsent
from youth.services import participants as services

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s\"<]+/youth/consent/([^/\s\"<]+)/")


@pytest.fixture
def educator():
    return make_educator(display_name="Ms. Rivera")


@pytest.fixture
def program(educator):
    return ProgramFactory(
        name="How my city works", site="Lincoln Middle School", educators=[educator]
    )


@pytest.fixture
def child(program):
    return ParticipantFactory(program=program, first_name="Maya", last_initial="T")


def paper(client, child, **data):
    fields = {
        "action": "paper",
        "guardian_name": "Rosa T.",
        "guardian_contact": "215-555-0101",
        "given_on": timezone.localdate().isoformat(),
        "signed_form": "on",
    }
    return client.post(reverse("youth:record_consent", args=[child.pk]), fields | data)


# --- Paper ----------------------------------------------------------------------------


def test_without_consent_only_the_roster_line_is_allowed(child):
    refusal = rules.consent_refusal(child)

    assert "Maya T. has no consent on record yet" in refusal


def test_the_educator_records_a_signed_paper_form(client, educator, child):
    client.force_login(educator)

    response = paper(client, child)

    assert response.url == reverse("youth:roster", args=[child.program.pk])
    consent = GuardianConsent.objects.get(participant=child)
    assert consent.method == GuardianConsent.Method.PAPER
    assert (consent.guardian_name, consent.guardian_contact) == ("Rosa T.", "215-555-0101")
    assert consent.recorded_by == educator
    assert rules.consent_refusal(child) is None
    page = client.get(reverse("youth:record_consent", args=[child.pk])).content.decode()
    assert "Rosa T. signed the consent form on" in page
    assert "Recorded by Ms. Rivera." in page


def test_a_paper_form_with_errors_keeps_what_was_typed(client, educator, child):
    client.force_login(educator)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = paper(client, child, signed_form="", given_on=tomorrow.isoformat())

    html = response.content.decode()
    assert response.status_code == 200
    assert not GuardianConsent.objects.exists()
    assert "The date cannot be in the future." in html
    assert "Tick the box once you hold the signed form." in html
    assert 'value="Rosa T."' in html and 'value="215-555-0101"' in html
    assert 'href="#id_signed_form"' in html


def test_a_second_consent_is_refused_until_the_first_is_withdrawn(client, educator, child):
    client.force_login(educator)
    paper(client, child)

    with pytest.raises(services.ParticipantError, match="already on record"):
        services.record_paper_consent(
            child,
            educator,
            guardian_name="Someone else",
            guardian_contact="",
            given_on=timezone.localdate(),
        )

    withdrawn = client.post(
        reverse("youth:record_consent", args=[child.pk]), {"action": "withdraw"}
    )
    assert withdrawn.status_code == 302
    assert rules.consent_refusal(child) is not None
    assert GuardianConsent.objects.get().withdrawn_at is not None
    paper(client, child, guardian_name="Luis T.")
    assert GuardianConsent.objects.in_force().get().guardian_name == "Luis T."
    page = client.get(reverse("youth:record_consent", args=[child.pk])).content.decode()
    assert "Rosa T. (Signed paper form), given on" in page and "withdrawn on" in page


def test_withdrawing_nothing_is_told(client, educator, child):
    client.force_login(educator)

    response = client.post(
        reverse("youth:record_consent", args=[child.pk]), {"action": "withdraw"}, follow=True
    )

    assert "Maya T. has no consent in force to withdraw." in response.content.decode()


# --- The online link ----------------------------------------------------------------


def send_link(client, child, email="rosa@example.org", captured=None, language="en"):
    with captured(execute=True):
        return client.post(
            reverse("youth:send_consent_link", args=[child.pk]),
            {"email": email, "language": language},
        )


@pytest.fixture
def sent(client, educator, child, django_capture_on_commit_callbacks):
    """The educator sends the link; returns the token in the e-mail."""
    client.force_login(educator)
    mail.outbox.clear()
    response = send_link(client, child, captured=django_capture_on_commit_callbacks)
    assert response.url == reverse("youth:record_consent", args=[child.pk])
    assert len(mail.outbox) == 1
    client.logout()
    return LINK.search(mail.outbox[0].body).group(1)


def test_the_guardian_gets_a_link_that_names_the_child_and_the_program(sent):
    message = mail.outbox[0]

    assert message.to == ["rosa@example.org"]
    assert message.subject == "Your consent is needed for How my city works"
    assert "Maya T. takes part in How my city works (Lincoln Middle School)" in message.body
    assert "The link works for 14 days." in message.body
    assert "/youth/privacy/" in message.body


def test_the_link_is_sent_in_the_language_the_educator_chose(
    client, educator, child, django_capture_on_commit_callbacks
):
    client.force_login(educator)
    mail.outbox.clear()

    send_link(client, child, captured=django_capture_on_commit_callbacks, language="es")

    assert "/es/youth/consent/" in mail.outbox[0].body
    assert "/es/youth/privacy/" in mail.outbox[0].body


def test_the_guardian_consents_online_without_an_account(client, child, sent):
    url = reverse("youth:guardian_consent", args=[sent])

    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert "Maya T. takes part in How my city works" in html
    assert "What the program never keeps" in html
    assert "12 months after the program" in html

    response = client.post(url, {"guardian_name": "Rosa Torres", "consent": "on"})

    assert "Your consent for Maya T. to take part in How my city works is recorded." in (
        response.content.decode()
    )
    consent = GuardianConsent.objects.get(participant=child)
    assert consent.method == GuardianConsent.Method.ONLINE
    assert consent.guardian_name == "Rosa Torres"
    assert consent.guardian_contact == "rosa@example.org"
    assert consent.recorded_by is None
    assert rules.consent_refusal(child) is None
    # Saying yes twice changes nothing.
    again = client.post(url, {"guardian_name": "Rosa Torres", "consent": "on"})
    assert "already on record" in again.content.decode()
    assert GuardianConsent.objects.count() == 1


def test_the_guardian_must_tick_the_box_and_give_a_name(client, child, sent):
    response = client.post(reverse("youth:guardian_consent", args=[sent]), {"guardian_name": ""})

    html = response.content.decode()
    assert "Please tick the box to give your consent." in html
    assert "Type your name." in html
    assert not GuardianConsent.objects.exists()


def test_an_expired_link_is_refused(client, child, sent):
    later = time.time() + 15 * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(reverse("youth:guardian_consent", args=[sent]))

    assert response.status_code == 400
    assert "This consent link has expired." in response.content.decode()


def test_a_forged_link_is_refused(client, child):
    forged = signing.dumps(
        {"p": child.pk, "e": "me@example.org", "t": int(time.time())}, salt="another-salt"
    )

    response = client.post(
        reverse("youth:guardian_consent", args=[forged]),
        {"guardian_name": "Me", "consent": "on"},
    )

    assert response.status_code == 400
    assert "This consent link is not valid." in response.content.decode()
    assert "Maya" not in response.content.decode()
    assert not GuardianConsent.objects.exists()


def test_a_link_sent_before_a_withdrawal_no_longer_gives_consent(client, educator, child, sent):
    services.consent_by_link(sent, guardian_name="Rosa Torres")
    services.withdraw_consent(child, educator)

    response = client.post(
        reverse("youth:guardian_consent", args=[sent]),
        {"guardian_name": "Rosa Torres", "consent": "on"},
    )

    assert response.status_code == 400
    assert "withdrawn after this link was sent" in response.content.decode()
    assert not GuardianConsent.objects.in_force().exists()


def test_links_for_one_child_are_limited(
    client, educator, child, settings, django_capture_on_commit_callbacks
):
    settings.YOUTH_CONSENT_LINK_RATE = "2/h"
    client.force_login(educator)
    mail.outbox.clear()

    for _ in range(2):
        send_link(client, child, captured=django_capture_on_commit_callbacks)
    third = send_link(client, child, captured=django_capture_on_commit_callbacks)

    assert third.status_code == 200
    html = third.content.decode()
    assert "was sent several times in the last hour" in html
    assert 'value="rosa@example.org"' in html
    assert len(mail.outbox) == 2


def test_no_link_once_consent_is_in_force(
    client, educator, program, django_capture_on_commit_callbacks
):
    consented = ParticipantFactory(program=program, consent=True)
    client.force_login(educator)

    response = send_link(client, consented, captured=django_capture_on_commit_callbacks)

    assert "already on record" in response.content.decode()
    assert not Notification.objects.exists()


def test_a_bad_address_is_told_and_kept(
    client, educator, child, django_capture_on_commit_callbacks
):
    client.force_login(educator)

    response = send_link(client, child, email="rosa@", captured=django_capture_on_commit_callbacks)

    html = response.content.decode()
    assert "Type an e-mail address such as name@example.org." in html
    assert 'value="rosa@"' in html


# --- The school ---------------------------------------------------------------------


def test_the_schools_consent_covers_every_participant(client, educator, program, child):
    client.force_login(educator)
    url = reverse("youth:school_consent", args=[program.pk])

    response = client.post(
        url,
        {
            "action": "record",
            "given_by": "J. Ortiz, principal",
            "given_on": timezone.localdate().isoformat(),
        },
    )

    assert response.url == reverse("youth:roster", args=[program.pk])
    program.refresh_from_db()
    assert program.school_consent_by == "J. Ortiz, principal"
    assert program.school_consent_recorded_by == educator
    child.refresh_from_db()
    assert rules.consent_refusal(child) is None

    client.post(url, {"action": "withdraw"})
    program.refresh_from_db()
    child.refresh_from_db()
    assert not program.has_school_consent
    assert rules.consent_refusal(child) is not None


def test_the_schools_consent_form_keeps_what_was_typed(client, educator, program):
    client.force_login(educator)

    response = client.post(
        reverse("youth:school_consent", args=[program.pk]),
        {"action": "record", "given_by": "J. Ortiz", "given_on": "not a date"},
    )

    html = response.content.decode()
    assert "Type a date, for example 2026-09-14." in html
    assert 'value="J. Ortiz"' in html
    program.refresh_from_db()
    assert not program.has_school_consent
