"""A person's record: one timeline of everything the person did with the city, newest
first, from the contact center and from every part through their account; staff notes;
staff only. Anonymous survey answers and youth participants never appear."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engage.accounts.roles import MODERATOR, STAFF
from engage.core.parts import declared
from engage.core.person_record import Timeline, TimelineEntry
from engage.reports import services as report_services
from engage.reports.contact_center import people
from engage.reports.contact_center.wagtail_hooks_people import register_people_menu_item
from engage.reports.models import Contact, PersonNote, ServiceReport
from ideas import services as idea_services
from liaisons.models import VolunteerHours
from surveys import services as survey_services
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from tests.liaisons.factories import SignUpFactory, VolunteerFactory
from tests.reports.contact_center_factories import ContactFactory, PersonFactory
from tests.reports.factories import CategoryFactory
from tests.surveys.factories import make_survey, q, raw

pytestmark = pytest.mark.django_db

Channel = ServiceReport.Channel


def whole(person):
    timeline = people.timeline(person)
    return timeline[0 : timeline.count()]


def titles(person):
    return [entry.title for entry in whole(person)]


@pytest.fixture
def staff():
    return UserFactory(roles=[STAFF])


@pytest.fixture
def resident_with_record():
    user = UserFactory(email="dana@example.org")
    return PersonFactory(name="Dana Ruiz", email="dana@example.org", user=user)


def survey(title, *, anonymous):
    return make_survey(
        [q.single("Which park?", ["North", "South"])], title=title, anonymous=anonymous
    )


# --- what the timeline holds


def test_contacts_and_requests_filed_for_the_person_are_on_the_record():
    person = PersonFactory(name="Ana Caller")
    ContactFactory(person=person, topic="Trash day", resolved_first_contact=True)
    agent = UserFactory(roles=[STAFF])
    report = report_services.file_report(
        category=CategoryFactory(name="Pothole"),
        channel=Channel.PHONE,
        filed_by=agent,
        person=person,
        description="Hole",
    )
    ContactFactory(person=PersonFactory(), topic="Someone else's call")

    entries = whole(person)

    assert [entry.title for entry in entries] == [f"{report.reference} · Pothole", "Trash day"]
    assert "resolved on first contact" in entries[1].detail
    assert entries[0].url == reverse("wagtailsnippets_reports_servicereport:edit", args=[report.pk])


def test_every_part_adds_what_the_account_did(resident_with_record):
    user = resident_with_record.user
    idea = IdeaFactory(author=user, title="Benches by the river")
    other_idea = IdeaFactory(title="A new crossing")
    idea_services.cast_vote(other_idea, user)
    idea_services.add_comment(other_idea, user, "<p>Yes, <b>please</b>.</p>")
    own = report_services.file_report(
        category=CategoryFactory(name="Graffiti"), filed_by=user, description="Tag"
    )
    supported = report_services.file_report(
        category=CategoryFactory(name="Streetlight"), description="Dark"
    )
    report_services.support(supported, user)
    named = survey("Parks survey", anonymous=False)
    survey_services.submit_response(named, raw(named, {1: "North"}), user=user)
    signup = SignUpFactory(volunteer=VolunteerFactory(user=user), event__title="River cleanup")
    VolunteerHours.objects.create(
        volunteer=signup.volunteer,
        event=signup.event,
        date=datetime.date(2026, 1, 5),
        hours=Decimal("2.50"),
        status=VolunteerHours.Status.APPROVED,
    )

    entries = {(entry.kind, entry.title) for entry in whole(resident_with_record)}

    assert ("Idea", idea.title) in entries
    assert ("Vote for an idea", "A new crossing") in entries
    assert ("Comment on an idea", "A new crossing") in entries
    assert ("Service request filed", f"{own.reference} · Graffiti") in entries
    assert ("Service request supported", f"{supported.reference} · Streetlight") in entries
    assert ("Survey answered", "Parks survey") in entries
    assert ("Volunteer sign-up", "River cleanup") in entries
    assert ("Volunteer hours", "2.50 hours · River cleanup") in entries
    # Filing follows one's own report: that follow is not a second entry.
    assert ("Service request followed", f"{own.reference} · Graffiti") not in entries


def test_anonymous_survey_answers_never_appear(resident_with_record):
    user = resident_with_record.user
    secret = survey("Anonymous safety survey", anonymous=True)
    survey_services.submit_response(secret, raw(secret, {1: "South"}), user=user)
    named = survey("Named survey", anonymous=False)
    survey_services.submit_response(named, raw(named, {1: "North"}), user=user)

    shown = titles(resident_with_record)

    assert "Named survey" in shown
    assert "Anonymous safety survey" not in shown


def test_youth_participants_never_appear():
    # The youth part declares nothing to the record: its participants have no trace there.
    assert "youth" not in {config.label for config, _path in declared("person_record")}
    # And a report an educator forwarded from a youth session is not the educator's doing.
    educator = UserFactory(roles=["Educator"])
    record = PersonFactory(name="An educator", user=educator)
    report_services.file_report(
        category=CategoryFactory(), channel=Channel.YOUTH, filed_by=educator, description="x"
    )
    assert whole(record) == []


def test_reports_staff_filed_for_callers_are_on_the_callers_record_not_the_agents():
    agent = UserFactory(roles=[STAFF])
    agent_record = PersonFactory(name="Agent as a resident", user=agent)
    caller = PersonFactory(name="Caller")
    report = report_services.file_report(
        category=CategoryFactory(), channel=Channel.PHONE, filed_by=agent, person=caller
    )
    assert titles(agent_record) == []
    assert titles(caller) == [f"{report.reference} · {report.category.name}"]


def test_a_report_filed_by_the_account_and_linked_to_the_record_is_shown_once(
    resident_with_record,
):
    report = report_services.file_report(
        category=CategoryFactory(),
        filed_by=resident_with_record.user,
        person=resident_with_record,
    )
    assert titles(resident_with_record) == [f"{report.reference} · {report.category.name}"]


def test_the_timeline_is_newest_first_across_sources_and_pages(resident_with_record):
    now = timezone.now()
    user = resident_with_record.user
    expected = []
    for days in range(12):
        when = now - datetime.timedelta(days=days, hours=1)
        if days % 3 == 0:
            contact = ContactFactory(person=resident_with_record, topic=f"Call {days}")
            Contact.objects.filter(pk=contact.pk).update(created_at=when)
            expected.append(f"Call {days}")
        elif days % 3 == 1:
            idea = IdeaFactory(author=user, title=f"Idea {days}")
            type(idea).objects.filter(pk=idea.pk).update(created_at=when)
            expected.append(f"Idea {days}")
        else:
            report = report_services.file_report(
                category=CategoryFactory(name=f"Cat {days}"), filed_by=user
            )
            ServiceReport.objects.filter(pk=report.pk).update(submitted_at=when)
            expected.append(f"{report.reference} · Cat {days}")

    timeline = people.timeline(resident_with_record)
    assert timeline.count() == 12
    pages = [timeline[start : start + 5] for start in (0, 5, 10)]
    assert [entry.title for page in pages for entry in page] == expected


def test_dates_sort_as_the_start_of_their_day():
    today = timezone.localdate()
    entries = [
        TimelineEntry(when=today, kind="k", title="day only"),
        TimelineEntry(
            when=timezone.make_aware(datetime.datetime.combine(today, datetime.time(9))),
            kind="k",
            title="that morning",
        ),
    ]
    assert sorted(entries, key=lambda e: e.sort_key, reverse=True)[0].title == "that morning"


def test_a_timeline_is_read_a_page_at_a_time():
    with pytest.raises(TypeError):
        Timeline([])[3]


def test_reading_a_page_costs_the_same_however_much_the_person_did(resident_with_record):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            timeline = people.timeline(resident_with_record)
            timeline.count()
            timeline[0:25]
        return len(captured)

    ContactFactory(person=resident_with_record)
    IdeaFactory(author=resident_with_record.user)
    few = queries()
    for number in range(30):
        ContactFactory(person=resident_with_record, topic=f"Call {number}")
        IdeaFactory(author=resident_with_record.user, title=f"Idea {number}")
    assert queries() == few


# --- the admin screens


def test_staff_read_a_record_with_its_timeline_and_notes(client, staff, resident_with_record):
    ContactFactory(person=resident_with_record, topic="Bulk pickup")
    PersonNote.objects.create(person=resident_with_record, text="Prefers Spanish", author=staff)
    client.force_login(staff)

    response = client.get(reverse("reports_person", args=[resident_with_record.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Dana Ruiz" in html and "Bulk pickup" in html and "Prefers Spanish" in html
    assert reverse("reports_person_merge", args=[resident_with_record.pk]) in html


@pytest.mark.parametrize("role", [MODERATOR, "Liaison", "Educator", None])
def test_only_staff_see_records(client, role, resident_with_record):
    """Moderators reach the admin but are turned away (Wagtail sends them to the admin's
    home with its "no permission" message); others never reach the admin at all."""
    client.force_login(UserFactory(roles=[role] if role else []))
    for url in (
        reverse("reports_person", args=[resident_with_record.pk]),
        reverse("reports_person_merge", args=[resident_with_record.pk]),
        reverse("reports_people"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert response.get("Location", "") != url
        assert "Dana Ruiz" not in response.content.decode()
    response = client.post(reverse("reports_person", args=[resident_with_record.pk]), {"text": "x"})
    assert response.status_code in (302, 403)
    assert not PersonNote.objects.exists()


def test_visitors_are_sent_to_log_in(client, resident_with_record):
    response = client.get(reverse("reports_person", args=[resident_with_record.pk]))
    assert response.status_code == 302


def test_staff_add_a_note(client, staff, resident_with_record):
    client.force_login(staff)
    url = reverse("reports_person", args=[resident_with_record.pk])

    response = client.post(url, {"text": "  Calls every Monday  "})

    assert response.status_code == 302
    note = resident_with_record.notes.get()
    assert (note.text, note.author) == ("Calls every Monday", staff)


def test_an_empty_note_is_refused_with_a_message(client, staff, resident_with_record):
    client.force_login(staff)
    response = client.post(
        reverse("reports_person", args=[resident_with_record.pk]), {"text": "   "}
    )
    assert response.status_code == 200
    assert "Write the note before saving it." in response.content.decode()
    assert not PersonNote.objects.exists()


def test_a_note_on_a_record_merged_away_lands_on_the_record_kept(staff):
    kept = PersonFactory()
    gone = PersonFactory(merged_into=kept)
    note = people.add_note(gone, "Written on the old page", author=staff)
    assert note.person == kept


def test_a_record_merged_away_sends_to_the_one_kept(client, staff):
    kept = PersonFactory(name="Kept")
    gone = PersonFactory(name="Gone", merged_into=kept)
    client.force_login(staff)
    response = client.get(reverse("reports_person", args=[gone.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports_person", args=[kept.pk])


def test_the_record_pages_its_timeline(client, staff, resident_with_record):
    for number in range(30):
        ContactFactory(person=resident_with_record, topic=f"Call number {number}")
    client.force_login(staff)
    url = reverse("reports_person", args=[resident_with_record.pk])

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    assert "Call number 29" in first and not re.search(r"Call number 0\s", first)
    assert re.search(r"Call number 0\s", second) and "Call number 29" not in second


def test_the_people_list_searches_and_filters(client, staff):
    dana = PersonFactory(name="Dana Ruiz", phone="215-555-0142", phone_key="2155550142")
    PersonFactory(name="Sam Lee", email="sam@example.org", user=UserFactory())
    PersonFactory(name="Dana Merged", merged_into=dana)
    client.force_login(staff)
    url = reverse("reports_people")

    def names(**query):
        html = client.get(url, query).content.decode()
        return {name for name in ("Dana Ruiz", "Sam Lee", "Dana Merged") if name in html}

    assert names() == {"Dana Ruiz", "Sam Lee"}
    assert names(q="dana") == {"Dana Ruiz"}
    assert names(q="(215) 555-0142") == {"Dana Ruiz"}
    assert names(q="0142") == {"Dana Ruiz"}
    assert names(q="SAM@example.org") == {"Sam Lee"}
    assert names(account="with") == {"Sam Lee"}
    assert names(account="without") == {"Dana Ruiz"}


def test_a_note_posted_on_a_page_opened_before_a_merge_is_kept(client, staff):
    kept = PersonFactory(name="Kept")
    gone = PersonFactory(name="Gone", merged_into=kept)
    client.force_login(staff)
    client.post(reverse("reports_person", args=[gone.pk]), {"text": "Typed before the merge"})
    assert kept.notes.get().text == "Typed before the merge"


def test_the_people_menu_item_is_for_staff_only(rf, staff):
    item = register_people_menu_item()
    for user, shown in ((staff, True), (UserFactory(roles=[MODERATOR]), False)):
        request = rf.get("/admin/")
        request.user = user
        assert item.is_shown(request) is shown
