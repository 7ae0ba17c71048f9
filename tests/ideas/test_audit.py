"""Staff decisions and moderators' actions on ideas reach the audit trail."""

import pytest
from wagtail.models import ModelLogEntry

from ideas import services
from ideas.models import Idea, Moderation
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, make_campaign

Status = Idea.Status
pytestmark = pytest.mark.django_db
AUDIT_TRAIL = "/admin/reports/audit-trail/"


@pytest.fixture
def staff():
    return UserFactory(roles=["Staff"], display_name="Sam Staff")


@pytest.fixture
def moderator():
    return UserFactory(roles=["Moderator"], display_name="Mo Moderator")


def entry(action, instance):
    return ModelLogEntry.objects.get(action=action, object_id=str(instance.pk))


def test_a_decision_is_recorded_with_old_and_new_status(staff):
    idea = IdeaFactory(campaign=make_campaign())

    services.decide(idea, staff, Status.ACCEPTED, "<p>We will build it.</p>")

    logged = entry("ideas.decide", idea)
    assert logged.user == staff
    assert (logged.data["from"], logged.data["to"]) == (Status.PUBLISHED, Status.ACCEPTED)
    assert logged.message == "Status: Published → Accepted"


def test_a_refused_decision_leaves_no_entry(staff, moderator):
    idea = IdeaFactory(campaign=make_campaign())
    with pytest.raises(services.IdeaError):
        services.decide(idea, moderator, Status.ACCEPTED, "<p>Not mine to decide.</p>")
    with pytest.raises(services.IdeaError):
        services.decide(idea, staff, Status.ACCEPTED, "  ")
    assert not ModelLogEntry.objects.filter(action="ideas.decide").exists()


def test_approving_a_pre_moderated_idea_is_recorded(moderator):
    campaign = make_campaign(moderation=Moderation.PRE)
    idea = services.submit_idea(
        author=UserFactory(), campaign=campaign, title="Benches", summary="Rest", body="<p>x</p>"
    )

    services.publish(idea, moderator)

    logged = entry("ideas.publish", idea)
    assert logged.user == moderator
    assert logged.data["to"] == Status.PUBLISHED


def test_a_merge_is_recorded_on_the_idea_merged_away(staff):
    campaign = make_campaign()
    source, target = IdeaFactory(campaign=campaign), IdeaFactory(campaign=campaign)

    services.merge(source, target, staff, "<p>Same idea.</p>")

    logged = entry("ideas.merge", source)
    assert logged.user == staff
    assert logged.data["into_id"] == target.pk
    assert logged.data["to"] == Status.MERGED
    assert logged.message == f"Merged into idea {target.title}"


def test_hiding_and_restoring_an_idea_are_recorded_with_the_reason(moderator):
    idea = IdeaFactory(campaign=make_campaign())

    services.hide(moderator, "Advertising", idea=idea)
    services.restore(moderator, idea=idea, reason="It was not an advert")

    hidden = entry("ideas.hide", idea)
    assert hidden.user == moderator
    assert hidden.data["reason"] == "Advertising"
    assert hidden.message == "Hidden: Advertising"
    assert entry("ideas.restore", idea).data["reason"] == "It was not an advert"


def test_hiding_a_comment_is_recorded_on_the_comment(moderator):
    idea = IdeaFactory(campaign=make_campaign())
    comment = services.add_comment(idea, UserFactory(), "<p>Rude words</p>")

    services.hide(moderator, "Personal attack", comment=comment)

    logged = entry("ideas.hide", comment)
    assert logged.content_type.model == "comment"
    assert logged.data["idea"] == idea.pk


def test_dismissing_flags_is_recorded(moderator):
    idea = IdeaFactory(campaign=make_campaign())
    services.flag(UserFactory(), reason="spam", idea=idea)

    services.dismiss_flags(moderator, idea=idea, reason="Fine")

    assert entry("ideas.dismiss_flags", idea).user == moderator


def test_blocking_and_unblocking_a_person_are_recorded_on_their_account(moderator):
    person = UserFactory()

    services.block_user(moderator, person, "Repeated spam")
    services.unblock_user(moderator, person, "Apologised")

    blocked = entry("ideas.block", person)
    assert blocked.user == moderator
    assert blocked.message == "Blocked from posting: Repeated spam"
    assert entry("ideas.unblock", person).data["reason"] == "Apologised"


def test_moderators_read_the_moderation_entries_in_the_audit_trail(client, moderator):
    idea = IdeaFactory(campaign=make_campaign(), title="Free ice cream forever")
    services.hide(moderator, "Advertising", idea=idea)
    client.force_login(moderator)

    html = client.get(AUDIT_TRAIL, {"action": "ideas.hide"}).content.decode()

    assert "Free ice cream forever" in html
    assert "Hidden: Advertising" in html
