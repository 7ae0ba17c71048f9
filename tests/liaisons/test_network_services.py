"""The liaison network's rules and operations: applying, staff's decision, terms ending,
and writing to a liaison (liaisons.services.network)."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import translation

from engage.accounts.roles import LIAISON, STAFF, has_role
from engage.notifications.models import EmailOptOut
from liaisons import rules
from liaisons.models import Liaison, LiaisonApplication, LiaisonContactMessage
from liaisons.services import network as services
from tests.factories import NeighborhoodFactory, UserFactory
from tests.liaisons.factories import LiaisonFactory

Status = LiaisonApplication.Status
pytestmark = pytest.mark.django_db


def application_data(*neighborhoods, **overrides):
    return {
        "neighborhoods": list(neighborhoods),
        "display_name": "Maria G.",
        "motivation": "I know every block of Kensington and its people.",
        "availability": "Weekday evenings",
        "contact_preference": "Call 555-0100 after 6 pm",
        "bio": "Block captain for ten years.",
        **overrides,
    }


@pytest.fixture
def staff():
    return UserFactory(roles=[STAFF], first_name="Sam", last_name="Staff")


@pytest.fixture
def hoods():
    return NeighborhoodFactory(name="Kensington"), NeighborhoodFactory(name="Fishtown")


@pytest.fixture
def applicant():
    return UserFactory(email="maria@example.org", display_name="Maria")


@pytest.fixture
def application(applicant, hoods):
    return services.apply(applicant, **application_data(*hoods))


def fresh(user):
    """The user as a new request would load it (roles are cached on the object)."""
    return type(user).objects.get(pk=user.pk)


# == Applying ==


def test_an_application_waits_for_staff_with_what_the_person_wrote(application, hoods):
    assert application.status == Status.PENDING
    assert set(application.neighborhoods.all()) == set(hoods)
    assert application.display_name == "Maria G."
    assert application.contact_preference == "Call 555-0100 after 6 pm"


def test_an_application_needs_a_neighborhood(applicant):
    with pytest.raises(services.NetworkError, match="at least one neighborhood"):
        services.apply(applicant, **application_data())
    assert not LiaisonApplication.objects.exists()


def test_one_pending_application_at_a_time(application, applicant, hoods):
    with pytest.raises(services.NetworkError, match="already have an application waiting"):
        services.apply(applicant, **application_data(hoods[0]))
    assert LiaisonApplication.objects.filter(applicant=applicant).count() == 1


def test_the_database_refuses_a_second_pending_application(application, applicant):
    # Two forms sent at once both pass the rule; the partial unique constraint decides.
    with pytest.raises(IntegrityError), transaction.atomic():
        LiaisonApplication.objects.create(
            applicant=applicant, display_name="x", motivation="x", availability="x"
        )


def test_a_race_past_the_rule_ends_in_the_clear_message(application, applicant, hoods, monkeypatch):
    monkeypatch.setattr(rules, "pending_application", lambda user: None)
    monkeypatch.setattr(services.rules, "why_not_apply", lambda user: None)

    with pytest.raises(services.NetworkError):
        services.apply(applicant, **application_data(hoods[0]))

    assert LiaisonApplication.objects.filter(applicant=applicant).count() == 1


def test_an_active_liaison_cannot_apply(hoods):
    term = LiaisonFactory(neighborhoods=[hoods[0]])
    with pytest.raises(services.NetworkError, match="already a liaison"):
        services.apply(term.user, **application_data(hoods[1]))


def test_a_withdrawn_application_frees_the_person_to_apply_again(application, applicant, hoods):
    services.withdraw(application, applicant)

    assert application.status == Status.WITHDRAWN
    again = services.apply(applicant, **application_data(hoods[1]))
    assert again.status == Status.PENDING


def test_only_the_applicant_withdraws_and_only_while_pending(application, applicant, staff):
    with pytest.raises(services.NetworkError, match="not your application"):
        services.withdraw(application, UserFactory())
    services.decline(application, staff, "Not this year")
    with pytest.raises(services.NetworkError, match="already been decided"):
        services.withdraw(application, applicant)
    application.refresh_from_db()
    assert application.status == Status.DECLINED


# == Staff's decision ==


def test_approving_starts_a_term_gives_the_role_and_mails_the_applicant(
    application, applicant, staff, hoods, django_capture_on_commit_callbacks
):
    assert not has_role(applicant, LIAISON)

    with django_capture_on_commit_callbacks(execute=True):
        term = services.approve(application, staff)

    application.refresh_from_db()
    assert application.status == Status.APPROVED
    assert application.decided_by == staff and application.decided_at is not None
    assert term.user == applicant and term.application == application
    assert term.display_name == "Maria G." and term.bio == "Block captain for ten years."
    assert set(term.neighborhoods.all()) == set(hoods)
    assert has_role(fresh(applicant), LIAISON)
    assert rules.scope_neighborhood_ids(fresh(applicant)) == {h.pk for h in hoods}
    [message] = mail.outbox
    assert message.to == ["maria@example.org"]
    assert message.subject == "You are now a neighborhood liaison"
    assert "Kensington" in message.body and "Fishtown" in message.body


def test_staff_may_approve_some_of_the_neighborhoods_never_others(application, staff, hoods):
    with pytest.raises(services.NetworkError, match="applied for"):
        services.approve(application, staff, neighborhoods=[NeighborhoodFactory()])
    with pytest.raises(services.NetworkError, match="at least one"):
        services.approve(application, staff, neighborhoods=[])
    assert not Liaison.objects.exists()

    term = services.approve(application, staff, neighborhoods=[hoods[1]])

    assert list(term.neighborhoods.all()) == [hoods[1]]


def test_declining_needs_a_reason_which_the_applicant_is_mailed(
    application, applicant, staff, django_capture_on_commit_callbacks
):
    with pytest.raises(services.NetworkError, match="reason"):
        services.decline(application, staff, "   ")
    application.refresh_from_db()
    assert application.status == Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        services.decline(application, staff, "We already have three liaisons there.")

    application.refresh_from_db()
    assert application.status == Status.DECLINED
    assert application.decline_reason == "We already have three liaisons there."
    assert not has_role(fresh(applicant), LIAISON)
    assert not Liaison.objects.exists()
    [message] = mail.outbox
    assert "We already have three liaisons there." in message.body


@pytest.mark.parametrize("first", ["approve", "decline"])
@pytest.mark.parametrize("second", ["approve", "decline"])
def test_an_application_is_decided_once(application, staff, first, second):
    decide = {
        "approve": lambda: services.approve(application, staff),
        "decline": lambda: services.decline(application, staff, "No"),
    }
    decide[first]()

    with pytest.raises(services.NetworkError, match="already decided"):
        decide[second]()

    assert Liaison.objects.count() == (1 if first == "approve" else 0)
    application.refresh_from_db()
    assert application.status == {"approve": Status.APPROVED, "decline": Status.DECLINED}[first]


def test_a_withdrawn_application_cannot_be_approved(application, applicant, staff):
    services.withdraw(application, applicant)
    with pytest.raises(services.NetworkError, match="already decided"):
        services.approve(application, staff)
    assert not Liaison.objects.exists()


def test_the_decision_email_is_in_the_applicants_language(
    application, applicant, staff, django_capture_on_commit_callbacks
):
    applicant.preferred_language = "es"
    applicant.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(application, staff, "No")
    # The footer every e-mail shares, in the applicant's language, and its Spanish links.
    with translation.override("es"):
        spanish_footer = translation.gettext("Unsubscribe from these e-mails:")
    assert spanish_footer != "Unsubscribe from these e-mails:"
    assert spanish_footer in mail.outbox[0].body
    assert "/es/notifications/unsubscribe/" in mail.outbox[0].body


# == Terms end; history stays ==


def test_stepping_down_ends_the_term_keeps_it_and_takes_the_role_back(
    application, applicant, staff
):
    term = services.approve(application, staff)

    ended = services.step_down(fresh(applicant), "Moving to another city")

    assert ended.pk == term.pk
    term.refresh_from_db()
    assert term.ended_at is not None and term.ending == Liaison.Ending.STEPPED_DOWN
    assert term.ended_by == applicant and term.ending_note == "Moving to another city"
    assert list(term.neighborhoods.all())  # where they served is history too
    assert not has_role(fresh(applicant), LIAISON)
    assert rules.active_liaison(fresh(applicant)) is None
    with pytest.raises(services.NetworkError, match="not a liaison"):
        services.step_down(fresh(applicant))


def test_a_person_who_comes_back_starts_a_new_term(application, applicant, staff, hoods):
    first = services.approve(application, staff)
    services.step_down(fresh(applicant))

    second = services.approve(services.apply(fresh(applicant), **application_data(hoods[0])), staff)

    assert second.pk != first.pk
    assert Liaison.objects.filter(user=applicant).count() == 2
    assert Liaison.objects.active().get(user=applicant) == second
    assert has_role(fresh(applicant), LIAISON)


def test_staff_remove_a_liaison_with_a_reason_they_are_mailed(
    staff, django_capture_on_commit_callbacks
):
    term = LiaisonFactory()
    with pytest.raises(services.NetworkError, match="reason"):
        services.remove(term, staff, "")
    assert Liaison.objects.active().filter(pk=term.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.remove(term, staff, "Did not answer residents for months.")

    term.refresh_from_db()
    assert term.ending == Liaison.Ending.REMOVED and term.ended_by == staff
    assert term.ending_note == "Did not answer residents for months."
    assert not has_role(fresh(term.user), LIAISON)
    assert Liaison.objects.filter(pk=term.pk).exists()
    [message] = mail.outbox
    assert message.to == [term.user.email]
    assert "Did not answer residents for months." in message.body
    with pytest.raises(services.NetworkError, match="already ended"):
        services.remove(term, staff, "Again")


def test_staff_change_an_active_terms_neighborhoods_only(staff, hoods):
    term = LiaisonFactory(neighborhoods=[hoods[0]])

    services.change_neighborhoods(term, staff, [hoods[1]])
    assert list(term.neighborhoods.all()) == [hoods[1]]
    with pytest.raises(services.NetworkError, match="at least one"):
        services.change_neighborhoods(term, staff, [])

    services.remove(term, staff, "Ended")
    with pytest.raises(services.NetworkError, match="ended"):
        services.change_neighborhoods(term, staff, [hoods[0]])
    assert list(term.neighborhoods.all()) == [hoods[1]]


# == Writing to a liaison ==


def test_a_message_is_kept_and_mailed_with_the_reply_going_to_the_sender(
    resident, django_capture_on_commit_callbacks
):
    term = LiaisonFactory(user=UserFactory(email="liaison-private@example.org"))

    with django_capture_on_commit_callbacks(execute=True):
        message = services.contact(
            term, resident, sender_name="Rosa", body="The alley light is out."
        )

    stored = LiaisonContactMessage.objects.get()
    assert stored == message and stored.sender == resident
    assert stored.sender_email == "resident@example.org"
    [mailed] = mail.outbox
    assert mailed.to == ["liaison-private@example.org"]
    assert mailed.reply_to == ["resident@example.org"]
    assert mailed.message()["Reply-To"] == "resident@example.org"
    assert "The alley light is out." in mailed.body and "Rosa" in mailed.subject


def test_no_message_to_a_past_liaison_to_oneself_or_to_one_who_turned_them_off(resident, staff):
    past = LiaisonFactory()
    services.remove(past, staff, "Ended")
    muted = LiaisonFactory()
    EmailOptOut.objects.create(user=muted.user, topic=rules.CONTACT_TOPIC)
    me = LiaisonFactory(user=resident)

    for term, refusal in (
        (past, "no longer a liaison"),
        (muted, "does not receive messages"),
        (me, "cannot write to yourself"),
    ):
        with pytest.raises(services.NetworkError, match=refusal):
            services.contact(term, resident, sender_name="Rosa", body="Hello")

    assert not LiaisonContactMessage.objects.exists()
    assert mail.outbox == []


def test_a_message_needs_a_body_and_a_name(resident):
    term = LiaisonFactory()
    with pytest.raises(services.NetworkError, match="Write your message"):
        services.contact(term, resident, sender_name="Rosa", body="  ")
    with pytest.raises(services.NetworkError, match="your name"):
        services.contact(term, resident, sender_name="", body="Hello")
    assert not LiaisonContactMessage.objects.exists()
