"""Answers that grow old: the owner department is e-mailed once per answer and due date,
staff and the department's members see the answers due in the admin and on the dashboard."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from engage.accounts.roles import MODERATOR, STAFF
from engage.notifications.models import Notification
from engage.reports.admin_home import work_waiting
from engage.reports.knowledge import services
from tests.factories import UserFactory
from tests.reports.contact_center_factories import make_answer
from tests.reports.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 5)
REVIEW = "/admin/knowledge/review/"


@pytest.fixture
def sanitation():
    return DepartmentFactory(name="Sanitation Division", email="sanitation@example.org")


@pytest.fixture
def streets():
    return DepartmentFactory(name="Streets Department", email="streets@example.org")


def old_answer(title, department, *, days_ago=400, every=365):
    return make_answer(
        title,
        owner_department=department,
        last_reviewed=TODAY - datetime.timedelta(days=days_ago),
        review_every_days=every,
    )


def test_the_answers_due_are_those_older_than_their_own_period(sanitation):
    due = old_answer("Bulk items?", sanitation, days_ago=366)
    old_answer("Trash day?", sanitation, days_ago=365)  # due today, not yet past
    short = old_answer("Holidays?", sanitation, days_ago=31, every=30)

    assert services.answers_due_for_review(TODAY) == [due, short]


def test_each_department_is_reminded_once_per_answer_and_due_date(
    sanitation, streets, django_capture_on_commit_callbacks
):
    bulk = old_answer("How do I get a bulk item picked up?", sanitation)
    old_answer("Who removes snow on my street?", streets)
    make_answer("When is my trash collected?", owner_department=sanitation)  # fresh

    with django_capture_on_commit_callbacks(execute=True):
        first = services.remind_reviews(TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.remind_reviews(TODAY + datetime.timedelta(days=1))

    assert len(first) == 2
    assert second == []
    assert sorted(m.to[0] for m in mail.outbox) == ["sanitation@example.org", "streets@example.org"]
    message = next(m for m in mail.outbox if m.to == ["sanitation@example.org"])
    assert "How do I get a bulk item picked up?" in message.subject
    assert f"/admin/pages/{bulk.pk}/edit/" in message.body
    assert "/admin/knowledge/review/" in message.body

    # Reviewed, then due again a year later: a new reminder.
    bulk.last_reviewed = TODAY
    bulk.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        later = services.remind_reviews(TODAY + datetime.timedelta(days=366))
    reminded = [n.params["page_id"] for n in later]
    assert bulk.pk in reminded
    assert len(mail.outbox) == 2 + len(reminded)


def test_a_department_without_an_address_is_not_reminded_but_named(capsys):
    silent = DepartmentFactory(name="Parks", email="")
    answer = old_answer("Who cuts the grass?", silent, days_ago=10_000)

    call_command("remind_answer_reviews")

    assert not Notification.objects.exists()
    captured = capsys.readouterr()
    assert "1 answers due for review; 0 reminders queued" in captured.out
    assert f"page {answer.pk}" in captured.err


def test_the_command_reminds_once_however_often_it_runs(sanitation):
    old_answer("How do I get a bulk item picked up?", sanitation, days_ago=10_000)

    call_command("remind_answer_reviews")
    call_command("remind_answer_reviews")

    assert Notification.objects.filter(email="sanitation@example.org").count() == 1


def test_staff_see_every_answer_due_by_department(client, sanitation, streets):
    old_answer("How do I get a bulk item picked up?", sanitation, days_ago=10_000)
    old_answer("Who removes snow on my street?", streets, days_ago=10_000)
    make_answer("When is my trash collected?", owner_department=sanitation)
    client.force_login(UserFactory(roles=[STAFF]))

    response = client.get(REVIEW)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Sanitation Division" in html and "Streets Department" in html
    assert "How do I get a bulk item picked up?" in html
    assert "Who removes snow on my street?" in html
    assert "When is my trash collected?" not in html
    assert reverse("reports_answers_review") == REVIEW


def test_a_department_member_sees_only_their_departments_answers(client, sanitation, streets):
    old_answer("How do I get a bulk item picked up?", sanitation, days_ago=10_000)
    old_answer("Who removes snow on my street?", streets, days_ago=10_000)
    member = UserFactory(roles=[MODERATOR])
    sanitation.members.add(member)
    client.force_login(member)

    html = client.get(REVIEW).content.decode()

    assert "How do I get a bulk item picked up?" in html
    assert "Who removes snow on my street?" not in html


def test_a_moderator_of_no_department_is_refused(client):
    client.force_login(UserFactory(roles=[MODERATOR]))

    response = client.get(REVIEW)

    # Wagtail answers a refusal in its admin with its home page and a message.
    assert (response.status_code, response.url) == (302, "/admin/")


def test_the_dashboard_counts_the_answers_due(sanitation, streets):
    old_answer("How do I get a bulk item picked up?", sanitation, days_ago=10_000)
    old_answer("Who removes snow on my street?", streets, days_ago=10_000)
    member = UserFactory(roles=[MODERATOR])
    streets.members.add(member)

    staff_counts = {w.label: w.count for w in work_waiting(UserFactory(roles=[STAFF]))}
    member_counts = {w.label: w.count for w in work_waiting(member)}

    assert staff_counts["knowledge-base answers due for review"] == 2
    assert member_counts["knowledge-base answer due for review"] == 1
    assert all("knowledge" not in w.label for w in work_waiting(UserFactory(roles=[MODERATOR])))
