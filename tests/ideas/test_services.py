from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from ideas import services
from ideas.models import (
    Comment,
    Flag,
    Idea,
    IdeaFollow,
    Moderation,
    ModerationAction,
    StatusChange,
    Vote,
    VoteBudget,
)
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, ideas_index, make_campaign

Status = Idea.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(roles=["Staff"])


@pytest.fixture
def moderator():
    return UserFactory(roles=["Moderator"])


def submit(author, campaign=None, **fields):
    fields.setdefault("title", "Shade trees at the playground")
    fields.setdefault("summary", "Plant trees so children can play in summer.")
    fields.setdefault("body", "<p>It is too hot by noon.</p>")
    return services.submit_idea(author=author, campaign=campaign, **fields)


# Submitting ---------------------------------------------------------------------


def test_a_post_moderated_idea_is_published_with_history_and_its_author_follows(resident):
    campaign = make_campaign(moderation=Moderation.POST)

    idea = submit(resident, campaign, tags=["trees", "parks"])

    assert idea.status == Status.PUBLISHED
    assert idea.published_at is not None
    assert sorted(idea.tags.names()) == ["parks", "trees"]
    assert list(idea.status_changes.values_list("to_status", flat=True)) == ["published"]
    assert IdeaFollow.objects.filter(idea=idea, user=resident).exists()


def test_a_pre_moderated_idea_waits_and_is_not_listed_until_published(resident, moderator):
    campaign = make_campaign(moderation=Moderation.PRE)

    idea = submit(resident, campaign)

    assert idea.status == Status.AWAITING
    assert idea not in Idea.objects.visible()
    services.publish(idea, moderator)
    idea.refresh_from_db()
    assert idea.status == Status.PUBLISHED and idea.published_at is not None
    assert idea in Idea.objects.visible()
    assert ModerationAction.objects.get(idea=idea).moderator == moderator


def test_the_general_box_follows_the_index_page_rules(resident):
    ideas_index(general_box_moderation=Moderation.PRE, general_box_open=True)
    assert submit(resident).status == Status.AWAITING

    ideas_index(general_box_open=False)
    with pytest.raises(services.IdeaError, match="general idea box is closed"):
        submit(resident)


def test_a_translated_campaign_stores_ideas_on_the_default_language_campaign(resident):
    from wagtail.models import Locale

    campaign = make_campaign()
    spanish_locale = Locale.objects.get_or_create(language_code="es")[0]
    spanish = campaign.copy_for_translation(spanish_locale, copy_parents=True)

    idea = submit(resident, spanish)

    assert idea.campaign_id == campaign.pk


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ({"opens_at": timezone.now() + timedelta(days=1)}, "not open yet"),
        (
            {
                "opens_at": timezone.now() - timedelta(days=9),
                "closes_at": timezone.now() - timedelta(days=1),
            },
            "has closed",
        ),
    ],
)
def test_ideas_are_only_taken_while_the_campaign_is_open(resident, dates, message):
    campaign = make_campaign(**dates)

    with pytest.raises(services.IdeaError, match=message):
        submit(resident, campaign)
    assert not Idea.objects.exists()


def test_unverified_and_blocked_people_cannot_post(moderator):
    campaign = make_campaign()
    unverified = UserFactory(verified=False)
    with pytest.raises(services.IdeaError, match="confirm your e-mail"):
        submit(unverified, campaign)

    blocked = UserFactory()
    services.block_user(moderator, blocked, "Repeated spam")
    with pytest.raises(services.IdeaError, match="stopped this account"):
        submit(blocked, campaign)
    idea = IdeaFactory(campaign=campaign)
    with pytest.raises(services.IdeaError, match="stopped this account"):
        services.add_comment(idea, blocked, "<p>Hello</p>")

    services.unblock_user(moderator, blocked)
    assert submit(blocked, campaign).pk
    kinds = ModerationAction.objects.filter(target_user=blocked).values_list("kind", flat=True)
    assert sorted(kinds) == ["block", "unblock"]


def test_the_author_can_edit_until_the_first_vote(resident):
    idea = IdeaFactory(campaign=make_campaign(), author=resident)

    services.edit_idea(idea, resident, title="Shade trees and benches")
    services.cast_vote(idea, UserFactory())

    with pytest.raises(services.IdeaError, match="people have voted or commented"):
        services.edit_idea(idea, resident, title="Something else entirely")
    idea.refresh_from_db()
    assert idea.title == "Shade trees and benches"


def test_the_author_can_edit_until_the_first_comment_and_nobody_else_can(resident):
    idea = IdeaFactory(campaign=make_campaign(), author=resident)
    with pytest.raises(services.IdeaError, match="Only the author"):
        services.edit_idea(idea, UserFactory(), title="Hijacked")

    services.add_comment(idea, UserFactory(), "<p>Good idea</p>")

    with pytest.raises(services.IdeaError, match="voted or commented"):
        services.edit_idea(idea, resident, title="Changed")


def test_a_withdrawn_idea_stays_visible_marked_and_takes_no_votes(resident):
    idea = IdeaFactory(campaign=make_campaign(), author=resident)

    services.withdraw_idea(idea, resident)

    idea.refresh_from_db()
    assert idea.status == Status.WITHDRAWN
    assert idea in Idea.objects.visible()
    with pytest.raises(services.IdeaError, match="withdrawn"):
        services.cast_vote(idea, UserFactory())
    with pytest.raises(services.IdeaError, match="can no longer be withdrawn"):
        services.withdraw_idea(idea, resident)


def test_similar_ideas_share_title_words_and_skip_hidden_ones(moderator):
    campaign = make_campaign()
    benches = IdeaFactory(campaign=campaign, title="More benches in Norris Square")
    IdeaFactory(campaign=campaign, title="Repaint the basketball court")
    hidden = IdeaFactory(campaign=campaign, title="Benches for Norris Square park")
    services.hide(moderator, "Duplicate spam", idea=hidden)

    found = services.similar_ideas("Benches near Norris Square", campaign=campaign)

    assert found == [benches]
    assert services.similar_ideas("a b c") == []


# Voting -------------------------------------------------------------------------


def test_one_vote_per_person_and_it_can_be_taken_back(resident):
    idea = IdeaFactory(campaign=make_campaign())

    assert services.cast_vote(idea, resident).vote_count == 1
    with pytest.raises(services.IdeaError, match="already voted"):
        services.cast_vote(idea, resident)
    assert services.retract_vote(idea, resident).vote_count == 0
    with pytest.raises(services.IdeaError, match="not voted"):
        services.retract_vote(idea, resident)
    idea.refresh_from_db()
    assert idea.vote_count == 0 and idea.trending_score == pytest.approx(0.0)


def test_the_vote_budget_is_enforced_and_given_back(resident):
    campaign = make_campaign(vote_budget=2)
    first, second, third = (IdeaFactory(campaign=campaign) for _ in range(3))

    services.cast_vote(first, resident)
    services.cast_vote(second, resident)
    assert services.votes_left(resident, campaign) == 0
    with pytest.raises(services.IdeaError, match="used all 2 of your votes"):
        services.cast_vote(third, resident)
    third.refresh_from_db()
    assert third.vote_count == 0
    assert not Vote.objects.filter(idea=third).exists()  # nothing half-saved

    services.retract_vote(first, resident)
    services.cast_vote(third, resident)
    assert VoteBudget.objects.get(user=resident, campaign=campaign).used == 2


def test_voting_closes_with_the_campaign_and_can_be_switched_off(resident):
    campaign = make_campaign(closes_at=timezone.now() + timedelta(hours=1))
    idea = IdeaFactory(campaign=campaign)
    services.cast_vote(idea, resident)

    later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        with pytest.raises(services.IdeaError, match="closed with the campaign"):
            services.cast_vote(idea, UserFactory())
        with pytest.raises(services.IdeaError, match="closed with the campaign"):
            services.retract_vote(idea, resident)

    no_voting = make_campaign(voting_enabled=False)
    with pytest.raises(services.IdeaError, match="does not take votes"):
        services.cast_vote(IdeaFactory(campaign=no_voting), resident)


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.DECLINED, Status.IMPLEMENTED])
def test_decided_ideas_take_no_more_votes(resident, status):
    idea = IdeaFactory(campaign=make_campaign(), status=status)

    with pytest.raises(services.IdeaError, match="city has decided"):
        services.cast_vote(idea, resident)


def test_reaching_the_threshold_puts_the_idea_under_review_once(staff):
    campaign = make_campaign(support_threshold=2)
    idea = IdeaFactory(campaign=campaign)

    services.cast_vote(idea, UserFactory())
    assert Idea.objects.get(pk=idea.pk).status == Status.PUBLISHED
    services.cast_vote(idea, UserFactory())
    services.cast_vote(idea, UserFactory())

    idea.refresh_from_db()
    assert idea.status == Status.UNDER_REVIEW
    review = StatusChange.objects.filter(idea=idea, to_status=Status.UNDER_REVIEW)
    assert review.count() == 1
    assert "2 votes" in review.get().answer


def test_trending_weighs_recent_votes_more():
    campaign = make_campaign(opens_at=timezone.now() - timedelta(days=30))
    old, new = IdeaFactory(campaign=campaign), IdeaFactory(campaign=campaign)
    three_weeks_ago = timezone.now() - timedelta(days=21)
    with mock.patch("ideas.services.timezone.now", return_value=three_weeks_ago):
        for _ in range(5):
            services.cast_vote(old, UserFactory())
    for _ in range(2):
        services.cast_vote(new, UserFactory())

    # 5 votes three half-lives old weigh 5/8; 2 fresh votes weigh 2.
    assert list(Idea.objects.visible().sorted_by("trending")[:2]) == [new, old]
    assert list(Idea.objects.visible().sorted_by("votes")[:2]) == [old, new]
    old.refresh_from_db()
    new.refresh_from_db()
    assert new.trending_score / old.trending_score == pytest.approx(2 / (5 / 8), rel=1e-3)


# Comments and flags ---------------------------------------------------------------


def test_replies_stay_one_level_deep_and_count(resident):
    idea = IdeaFactory(campaign=make_campaign())
    comment = services.add_comment(idea, resident, "<p>Yes please</p>")
    reply = services.add_comment(idea, UserFactory(), "<p>Agreed</p>", parent=comment)

    reply_to_reply = services.add_comment(idea, resident, "<p>Thanks</p>", parent=reply)

    assert reply_to_reply.parent == comment
    idea.refresh_from_db()
    assert idea.comment_count == 3


def test_staff_comments_are_official(staff, resident):
    idea = IdeaFactory(campaign=make_campaign())

    assert services.add_comment(idea, staff, "<p>We are looking at it.</p>").is_official
    assert not services.add_comment(idea, resident, "<p>Thanks!</p>").is_official


def test_comments_can_be_edited_for_fifteen_minutes(resident):
    idea = IdeaFactory(campaign=make_campaign())
    comment = services.add_comment(idea, resident, "<p>Frist</p>")

    services.edit_comment(comment, resident, "<p>First</p>")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))

    with pytest.raises(services.IdeaError, match="15 minutes"):
        services.edit_comment(comment, resident, "<p>Too late</p>")
    with pytest.raises(services.IdeaError, match="Only the author"):
        services.edit_comment(comment, UserFactory(), "<p>Not mine</p>")
    comment.refresh_from_db()
    assert comment.body == "<p>First</p>" and comment.edited_at is not None


def test_flagging_twice_updates_the_one_flag(resident):
    idea = IdeaFactory(campaign=make_campaign())

    services.flag(resident, idea=idea, reason=Flag.Reason.SPAM)
    services.flag(resident, idea=idea, reason=Flag.Reason.OFFENSIVE, details="Insults")

    assert Flag.objects.get().reason == Flag.Reason.OFFENSIVE


def test_hiding_and_restoring_a_comment_keeps_the_count_right(resident, moderator):
    idea = IdeaFactory(campaign=make_campaign())
    comment = services.add_comment(idea, resident, "<p>Rude words</p>")
    services.flag(UserFactory(), comment=comment, reason=Flag.Reason.OFFENSIVE)

    with pytest.raises(services.IdeaError, match="give a reason"):
        services.hide(moderator, "  ", comment=comment)
    services.hide(moderator, "Personal attack", comment=comment)

    idea.refresh_from_db()
    assert idea.comment_count == 0
    assert Flag.objects.get().resolved_by == moderator
    services.restore(moderator, comment=comment)
    idea.refresh_from_db()
    assert idea.comment_count == 1
    with pytest.raises(services.IdeaError, match="Only moderators"):
        services.hide(resident, "I don't like it", comment=comment)


def test_a_hidden_idea_leaves_the_lists(moderator):
    idea = IdeaFactory(campaign=make_campaign())

    services.hide(moderator, "Advertising", idea=idea)

    assert idea not in Idea.objects.visible()
    services.restore(moderator, idea=idea)
    assert idea in Idea.objects.visible()


# Decisions and merging ------------------------------------------------------------


def test_a_decision_needs_an_answer_and_declining_a_public_reason(staff, moderator):
    idea = IdeaFactory(campaign=make_campaign())

    with pytest.raises(services.IdeaError, match="public reason for declining"):
        services.decide(idea, staff, Status.DECLINED, " ")
    with pytest.raises(services.IdeaError, match="official answer"):
        services.decide(idea, staff, Status.ACCEPTED, "")
    with pytest.raises(services.IdeaError, match="Only staff"):
        services.decide(idea, moderator, Status.ACCEPTED, "<p>Yes</p>")

    services.decide(idea, staff, Status.ACCEPTED, "<p>We will do it this spring.</p>")
    services.decide(idea, staff, Status.IN_PROGRESS, "<p>Work started.</p>")

    history = list(idea.status_changes.values_list("from_status", "to_status", "actor"))
    assert history == [
        ("", "published", idea.author_id),
        ("published", "accepted", staff.pk),
        ("accepted", "progress", staff.pk),
    ]


def test_merging_carries_votes_and_followers_without_double_counting(staff):
    campaign = make_campaign(vote_budget=5)
    source, target = IdeaFactory(campaign=campaign), IdeaFactory(campaign=campaign)
    both, only_source, only_target = UserFactory(), UserFactory(), UserFactory()
    for voter in (both, only_source):
        services.cast_vote(source, voter, follow=True)
    for voter in (both, only_target):
        services.cast_vote(target, voter, follow=True)

    merged = services.merge(source, target, staff, "<p>Same request.</p>")

    assert merged.vote_count == 3
    assert Vote.objects.filter(idea=target).count() == 3
    source.refresh_from_db()
    assert source.status == Status.MERGED and source.merged_into == target
    assert source.vote_count == 0
    followers = set(IdeaFollow.objects.filter(idea=target).values_list("user_id", flat=True))
    assert {both.pk, only_source.pk, only_target.pk, source.author_id} <= followers
    # The person who voted for both has one vote back in the budget.
    assert VoteBudget.objects.get(user=both, campaign=campaign).used == 1
    assert merged.trending_score == pytest.approx(
        sum(Vote.objects.filter(idea=target).values_list("weight", flat=True))
    )


def test_merging_is_refused_across_campaigns_and_into_itself(staff):
    first = IdeaFactory(campaign=make_campaign())
    other = IdeaFactory(campaign=make_campaign(title="Streets"))

    with pytest.raises(services.IdeaError, match="same campaign"):
        services.merge(first, other, staff)
    with pytest.raises(services.IdeaError, match="into itself"):
        services.merge(first, first, staff)
