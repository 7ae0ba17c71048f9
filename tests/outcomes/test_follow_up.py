""" "Is it really fixed?": asked once after the delay staff set, answered from the e-mail's
signed link without an account; "yes" confirms, "no" reopens, satisfaction is kept."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from engage.notifications.models import EmailOptOut
from engage.outcomes import follow_up
from engage.outcomes.models import FixedCheck, OutcomeSettings
from engage.reports import services
from engage.reports.models import ReportEvent, ReportFollow, ServiceReport
from tests.reports.factories import CategoryFactory, ReportFactory

Status = ServiceReport.Status
Channel = ServiceReport.Channel


@pytest.fixture
def category(db):
    return CategoryFactory(name="Streetlight out", target_days=7)


def resolve(report, days_ago, *, actor=None):
    """Resolve through the reports' services, then move the resolution into the past."""
    services.change_status(report, Status.RESOLVED, actor=actor)
    when = timezone.now() - timedelta(days=days_ago)
    ServiceReport.objects.filter(pk=report.pk).update(closed_at=when)
    report.refresh_from_db()
    return report


def answer_link(message):
    return re.search(r"http://testserver(/\w\w/performance/fixed/[^/\s]+/)", message.body)[1]


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


# --- Asking ---


def test_the_filer_is_asked_once_after_the_delay(
    category, resident, django_capture_on_commit_callbacks
):
    report = resolve(ReportFactory(category=category, filed_by=resident), days_ago=8)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        checks = follow_up.ask_if_fixed()

    assert [c.report_id for c in checks] == [report.pk]
    check = checks[0]
    assert check.user == resident and check.resolved_at == report.closed_at
    [message] = mails_to(resident.email)
    assert "is it really fixed?" in message.subject
    assert report.reference in message.body
    assert answer_link(message).startswith("/en/performance/fixed/")
    # A second run (cron every hour) asks nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_up.ask_if_fixed() == []
    assert len(mails_to(resident.email)) == 1
    assert FixedCheck.objects.count() == 1


def test_not_before_the_delay_staff_set(category, resident):
    resolve(ReportFactory(category=category, filed_by=resident), days_ago=5)
    assert follow_up.ask_if_fixed() == []

    settings = OutcomeSettings.for_site(Site.objects.get(is_default_site=True))
    settings.fixed_check_delay_days = 3
    settings.save()

    assert len(follow_up.ask_if_fixed()) == 1


def test_not_for_a_resolution_older_than_the_answer_window(category, resident):
    resolve(ReportFactory(category=category, filed_by=resident), days_ago=7 + 31)
    assert follow_up.ask_if_fixed() == []


def test_only_reports_resolved_as_fixed(category, resident):
    for status in (Status.CLOSED, Status.IN_PROGRESS):
        report = ReportFactory(category=category, filed_by=resident)
        services.change_status(report, status)
        ServiceReport.objects.filter(pk=report.pk).update(
            closed_at=timezone.now() - timedelta(days=8)
        )
    not_city = ReportFactory(category=category, filed_by=resident)
    services.change_status(not_city, Status.RESOLVED, resolution=ServiceReport.Resolution.NOT_CITY)
    ServiceReport.objects.filter(pk=not_city.pk).update(
        closed_at=timezone.now() - timedelta(days=8)
    )
    assert follow_up.ask_if_fixed() == []


def test_a_reporter_without_an_account_is_asked_at_their_address_in_their_language(
    category, django_capture_on_commit_callbacks
):
    # Filed from the Spanish form without logging in: the receipt was in Spanish.
    report = ReportFactory(
        category=category,
        channel=Channel.OPEN311,
        contact_email="vecina@example.org",
        receipt_language="es",
    )
    resolve(report, days_ago=8)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        [check] = follow_up.ask_if_fixed()

    assert check.user is None and check.email == "vecina@example.org"
    [message] = mails_to("vecina@example.org")
    assert answer_link(message).startswith("/es/performance/fixed/")
    assert "List-Unsubscribe" not in message.extra_headers


def test_staff_who_filed_for_a_caller_without_an_address_are_not_asked(category, user_factory):
    agent = user_factory(roles=["Staff"])
    resolve(ReportFactory(category=category, filed_by=agent, channel=Channel.PHONE), days_ago=8)
    assert follow_up.ask_if_fixed() == []


def test_the_caller_is_asked_at_the_address_the_agent_typed(category, user_factory):
    agent = user_factory(roles=["Staff"])
    report = ReportFactory(
        category=category, filed_by=agent, channel=Channel.PHONE, contact_email="c@example.org"
    )
    resolve(report, days_ago=8)
    [check] = follow_up.ask_if_fixed()
    assert check.user is None and check.email == "c@example.org"


def test_young_participants_are_never_asked(category):
    report = ReportFactory(category=category, channel=Channel.YOUTH, contact_email="y@example.org")
    resolve(report, days_ago=8)
    assert follow_up.ask_if_fixed() == []


def test_someone_who_already_confirmed_on_the_report_page_is_not_asked(category, resident):
    report = ReportFactory(category=category, filed_by=resident)
    services.change_status(report, Status.RESOLVED)
    services.confirm_fixed(report, resident)
    ServiceReport.objects.filter(pk=report.pk).update(closed_at=timezone.now() - timedelta(days=8))
    ReportEvent.objects.filter(report=report, kind=ReportEvent.Kind.CONFIRMED).update(
        created_at=timezone.now() - timedelta(days=7)
    )
    assert follow_up.ask_if_fixed() == []


def test_someone_who_turned_report_emails_off_is_not_asked(category, resident):
    EmailOptOut.objects.create(user=resident, topic="reports")
    resolve(ReportFactory(category=category, filed_by=resident), days_ago=8)
    assert follow_up.ask_if_fixed() == []
    assert not FixedCheck.objects.exists()


def test_a_report_resolved_again_after_reopening_is_asked_about_again(category, resident):
    report = resolve(ReportFactory(category=category, filed_by=resident), days_ago=20)
    [first] = follow_up.ask_if_fixed()
    follow_up.answer(first, fixed=False)
    resolve(report, days_ago=8)

    [second] = follow_up.ask_if_fixed()

    assert second.pk != first.pk and second.report_id == report.pk


def test_the_command_asks_and_says_how_many(category, resident, capsys):
    resolve(ReportFactory(category=category, filed_by=resident), days_ago=8)
    call_command("ask_if_fixed")
    assert "1 reporters asked" in capsys.readouterr().out
    call_command("ask_if_fixed")
    assert "0 reporters asked" in capsys.readouterr().out


# --- Answering ---


@pytest.fixture
def asked(category, user_factory):
    """A report filed without an account and its check, sent a moment ago."""
    follower = user_factory(email="neighbour@example.org")
    report = ReportFactory(category=category, contact_email="filer@example.org")
    ReportFollow.objects.create(report=report, user=follower)
    resolve(report, days_ago=8)
    [check] = follow_up.ask_if_fixed()
    return check


def test_yes_from_the_link_confirms_the_fix_without_an_account(client, asked):
    url = f"/en/performance/fixed/{asked.token()}/"
    page = client.get(url)
    assert page.status_code == 200
    assert asked.report.reference in page.content.decode()

    response = client.post(url, {"fixed": "yes", "satisfaction": "4", "comment": "Quick work"})

    assert response.status_code == 302 and response["Location"] == url
    asked.refresh_from_db()
    assert asked.fixed is True and asked.satisfaction == 4 and asked.comment == "Quick work"
    report = ServiceReport.objects.get(pk=asked.report_id)
    assert report.status == Status.RESOLVED
    assert report.events.filter(kind=ReportEvent.Kind.CONFIRMED).count() == 1
    assert "Thank you for your answer" in client.get(url).content.decode()


def test_no_from_the_link_reopens_the_report_and_tells_its_followers(
    client, asked, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    url = f"/en/performance/fixed/{asked.token()}/"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"fixed": "no", "satisfaction": "1", "comment": "Still dark at night"})

    report = ServiceReport.objects.get(pk=asked.report_id)
    assert report.status == Status.SUBMITTED and report.closed_at is None
    event = report.events.get(kind=ReportEvent.Kind.REOPENED)
    # The comment is for staff: kept as an internal note, never on the public page.
    assert event.internal_note == "Still dark at night"
    assert "Still dark" not in event.public_note
    assert "Still dark" not in client.get(report.get_absolute_url()).content.decode()
    assert len(mails_to("neighbour@example.org")) == 1
    asked.refresh_from_db()
    assert asked.fixed is False and asked.satisfaction == 1


def test_satisfaction_and_comment_are_optional(client, asked):
    client.post(f"/en/performance/fixed/{asked.token()}/", {"fixed": "yes"})
    asked.refresh_from_db()
    assert asked.fixed is True and asked.satisfaction is None and asked.comment == ""


def test_without_an_answer_the_form_says_so_and_keeps_the_comment(client, asked):
    response = client.post(
        f"/en/performance/fixed/{asked.token()}/", {"satisfaction": "3", "comment": "Hmm"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tell us whether the problem is fixed." in html
    assert "Hmm</textarea>" in html
    asked.refresh_from_db()
    assert asked.answered_at is None


def test_a_satisfaction_out_of_range_is_refused(client, asked):
    response = client.post(
        f"/en/performance/fixed/{asked.token()}/", {"fixed": "yes", "satisfaction": "9"}
    )
    assert response.status_code == 200
    asked.refresh_from_db()
    assert asked.answered_at is None
    with pytest.raises(follow_up.AnswerRefused):
        follow_up.answer(asked, fixed=True, satisfaction=0)


def test_a_second_answer_changes_nothing(client, asked):
    url = f"/en/performance/fixed/{asked.token()}/"
    client.post(url, {"fixed": "yes", "satisfaction": "5"})
    client.post(url, {"fixed": "no", "satisfaction": "1"})
    asked.refresh_from_db()
    assert asked.fixed is True and asked.satisfaction == 5
    assert ServiceReport.objects.get(pk=asked.report_id).status == Status.RESOLVED
    with pytest.raises(follow_up.AnswerRefused):
        follow_up.answer(asked, fixed=False)


def test_an_altered_link_is_a_404_that_says_what_to_do(client, asked):
    response = client.get(f"/en/performance/fixed/{asked.token()}x/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_after_30_days_the_question_can_no_longer_be_answered(client, asked):
    FixedCheck.objects.filter(pk=asked.pk).update(sent_at=timezone.now() - timedelta(days=31))
    url = f"/en/performance/fixed/{asked.token()}/"
    assert "can no longer be answered" in client.get(url).content.decode()
    client.post(url, {"fixed": "no"})
    assert ServiceReport.objects.get(pk=asked.report_id).status == Status.RESOLVED


def test_a_report_reopened_meanwhile_is_not_reopened_or_confirmed_again(client, asked):
    services.change_status(asked.report, Status.IN_PROGRESS)
    url = f"/en/performance/fixed/{asked.token()}/"
    client.post(url, {"fixed": "yes"})
    asked.refresh_from_db()
    assert asked.answered_at is None
    assert not ReportEvent.objects.filter(
        report_id=asked.report_id, kind=ReportEvent.Kind.CONFIRMED
    ).exists()


def test_the_page_is_in_the_language_of_its_address(client, asked):
    url = f"/es/performance/fixed/{asked.token()}/"
    response = client.get(url)
    assert response.status_code == 200
    assert 'lang="es"' in response.content.decode()


# --- Staff read the answers ---

ANSWERS = "/admin/snippets/outcomes/fixedcheck/"


def test_staff_read_and_export_the_answers_but_cannot_change_them(client, asked, user_factory):
    follow_up.answer(asked, fixed=True, satisfaction=2, comment="Took three weeks")
    client.force_login(user_factory(is_superuser=True, is_staff=True))

    listing = client.get(ANSWERS).content.decode()
    assert asked.report.reference in listing and "Took three weeks" in listing

    export = client.get(ANSWERS + "?export=csv")
    body = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    assert "Took three weeks" in body and "filer@example.org" not in body

    assert client.get(f"{ANSWERS}edit/{asked.pk}/").status_code == 200
    assert client.post(f"{ANSWERS}edit/{asked.pk}/", {"fixed": "false"}).status_code == 405
    # (An unknown admin address is tried again under the language prefix, then 404.)
    assert client.post(f"{ANSWERS}delete/{asked.pk}/", follow=True).status_code == 404
    assert client.get(f"{ANSWERS}add/", follow=True).status_code == 404
    asked.refresh_from_db()
    assert asked.fixed is True


def test_residents_cannot_read_the_answers(client, asked, resident):
    client.force_login(resident)
    assert client.get(ANSWERS).status_code in (302, 403)
