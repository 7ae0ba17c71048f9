"""Ideas in the Wagtail admin: the lists, the queues, an idea's page and every action."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from engage.accounts.roles import MODERATOR, STAFF
from ideas import services
from ideas.models import (
    Comment,
    Flag,
    Idea,
    IdeaFollow,
    Moderation,
    ModerationAction,
    PostingBlock,
    StatusChange,
    Vote,
)
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, make_campaign

Status = Idea.Status
Kind = ModerationAction.Kind

IDEAS = "/admin/snippets/ideas/idea/"
COMMENTS = "/admin/snippets/ideas/comment/"
BLOCKS = "/admin/snippets/ideas/postingblock/"
LOG = "/admin/snippets/ideas/moderationaction/"
QUEUE = "/admin/ideas/moderation-queue/"
FLAGGED = "/admin/ideas/flagged/"


def idea_page(idea):
    return f"{IDEAS}edit/{idea.pk}/"


def idea_action(name, idea):
    return f"{IDEAS}{name}/{idea.pk}/"


def comment_action(name, comment):
    return f"{COMMENTS}{name}/{comment.pk}/"


@pytest.fixture
def staff(db):
    return UserFactory(roles=[STAFF], first_name="Sam", last_name="Staff")


@pytest.fixture
def moderator(db):
    return UserFactory(roles=[MODERATOR], first_name="Mo", last_name="Derator")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def premoderated(db):
    return make_campaign("Kensington parks", moderation=Moderation.PRE)


@pytest.fixture
def author(db):
    return UserFactory(email="author@example.org", display_name="Ada")


def refused(response):
    """The admin answers a forbidden request by sending the person to its dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


# == Lists and queues ==


@pytest.mark.django_db
def test_the_ideas_list_shows_its_columns_and_every_status(staff_client, campaign, author):
    shown = IdeaFactory(campaign=campaign, author=author, title="Shade trees on Main")
    hidden = IdeaFactory(campaign=campaign, title="Spam about loans")
    services.hide(UserFactory(roles=[MODERATOR]), "Advertising", idea=hidden)

    html = html_of(staff_client.get(IDEAS))

    assert "Shade trees on Main" in html and "Spam about loans" in html
    for heading in ("Campaign", "Status", "Votes", "Comments", "Open flags", "Published"):
        assert heading in html
    assert idea_page(shown) in html
    # Ideas come from the public form; counts and statuses are never typed in here.
    assert f"{IDEAS}add/" not in html
    assert f"{IDEAS}delete/" not in html


@pytest.mark.django_db
def test_the_ideas_list_filters_and_searches(staff_client, campaign, premoderated):
    in_campaign = IdeaFactory(campaign=campaign, title="Water fountains")
    awaiting = IdeaFactory(campaign=premoderated, title="Dog park")
    general = IdeaFactory(title="Bike lanes everywhere")
    flagged = IdeaFactory(campaign=campaign, title="Rude idea")
    services.flag(UserFactory(), reason="offensive", idea=flagged)
    hidden = IdeaFactory(campaign=campaign, title="Hidden thing")
    services.hide(UserFactory(roles=[MODERATOR]), "Off topic", idea=hidden)

    every = {idea.title for idea in (in_campaign, awaiting, general, flagged, hidden)}

    def titles(**params):
        html = html_of(staff_client.get(IDEAS, params))
        return {title for title in every if title in html}

    assert titles(status="awaiting") == {"Dog park"}
    assert titles(campaign=campaign.pk) == {"Water fountains", "Rude idea", "Hidden thing"}
    assert titles(campaign="null") == {"Bike lanes everywhere"}
    assert titles(flagged="true") == {"Rude idea"}
    assert titles(hidden="true") == {"Hidden thing"}
    assert titles(q="fountain") == {"Water fountains"}
    assert titles(q=f"#{general.pk}") == {"Bike lanes everywhere"}


@pytest.mark.django_db
def test_the_ideas_list_links_to_a_csv_of_what_it_shows(staff_client, campaign):
    IdeaFactory(campaign=campaign)

    html = html_of(staff_client.get(IDEAS, {"status": "published", "p": "1"}))

    assert "Download CSV" in html
    assert f"{IDEAS}export/?status=published" in html


@pytest.mark.django_db
def test_the_moderation_queue_lists_ideas_awaiting_moderation_oldest_first(
    moderator_client, premoderated, campaign
):
    first = IdeaFactory(campaign=premoderated, title="First in line")
    second = IdeaFactory(campaign=premoderated, title="Second in line")
    IdeaFactory(campaign=campaign, title="Already public")

    html = html_of(moderator_client.get(QUEUE))

    assert "2 ideas await moderation" in html
    assert html.index("First in line") < html.index("Second in line")
    assert "Already public" not in html
    assert idea_action("publish", first) in html and idea_action("hide", second) in html


@pytest.mark.django_db
def test_the_flagged_queue_shows_reasons_details_and_counts(moderator_client, campaign):
    idea = IdeaFactory(campaign=campaign, title="Buy cheap watches")
    services.flag(UserFactory(), reason="spam", details="An advert", idea=idea)
    services.flag(UserFactory(), reason="spam", idea=idea)
    services.flag(UserFactory(), reason="offensive", details="Insults", idea=idea)
    comment = services.add_comment(idea, UserFactory(), "<p>You are all idiots</p>")
    services.flag(UserFactory(), reason="offensive", details="Name-calling", comment=comment)
    calm = IdeaFactory(campaign=campaign, title="Calm idea")
    old = services.flag(UserFactory(), reason="spam", idea=calm)
    services.dismiss_flags(UserFactory(roles=[MODERATOR]), idea=calm)

    html = html_of(moderator_client.get(FLAGGED))

    assert "1 flagged idea" in html and "1 flagged comment" in html
    assert "Buy cheap watches" in html and "Calm idea" not in html
    assert "Spam or advertising (2)" in html and "Offensive or hateful (1)" in html
    assert "An advert" in html and "Insults" in html and "Name-calling" in html
    assert "You are all idiots" in html
    assert comment_action("hide", comment) in html and idea_action("dismiss", idea) in html
    old.refresh_from_db()
    assert old.resolved_at is not None


@pytest.mark.django_db
def test_comments_list_filters_hidden_and_official(staff_client, staff, campaign):
    idea = IdeaFactory(campaign=campaign)
    services.add_comment(idea, UserFactory(), "<p>Plain resident comment</p>")
    services.add_comment(idea, staff, "<p>The city answers here</p>")
    rude = services.add_comment(idea, UserFactory(), "<p>Rude remark</p>")
    services.hide(staff, "Insulting", comment=rude)

    everything = html_of(staff_client.get(COMMENTS))
    assert all(
        text in everything
        for text in ("Plain resident comment", "The city answers here", "Rude remark")
    )
    official = html_of(staff_client.get(COMMENTS, {"official": "true"}))
    assert "The city answers here" in official and "Plain resident comment" not in official
    hidden = html_of(staff_client.get(COMMENTS, {"hidden": "true"}))
    assert "Rude remark" in hidden and "Plain resident comment" not in hidden
    searched = html_of(staff_client.get(COMMENTS, {"q": "plain resident"}))
    assert "Plain resident comment" in searched and "Rude remark" not in searched
    by_idea = html_of(staff_client.get(COMMENTS, {"idea": idea.pk + 1000}))
    assert "Plain resident comment" not in by_idea


# == The idea's page ==


@pytest.mark.django_db
def test_the_idea_page_shows_history_flags_log_and_who_did_what(
    staff_client, staff, moderator, premoderated, author
):
    idea = IdeaFactory(campaign=premoderated, author=author, title="Benches on the trail")
    services.publish(idea, moderator)
    services.flag(
        UserFactory(display_name="Fiona"), reason="off_topic", details="Not parks", idea=idea
    )
    services.decide(idea, staff, Status.ACCEPTED, "<p>We will add six benches.</p>")

    html = html_of(staff_client.get(idea_page(idea)))

    assert "Benches on the trail" in html
    # The public status history, with who moved it and the official answer.
    assert 'data-status-change="published"' in html and 'data-status-change="accepted"' in html
    assert "We will add six benches." in html
    assert "Sam Staff" in html and "Mo Derator" in html and "Ada" in html
    # The flag with its reason and details, and the moderation log.
    assert "Off topic" in html and "Not parks" in html and "Fiona" in html
    assert 'data-moderation-action="publish"' in html
    # Residents are named by their public name, never their e-mail address.
    assert "author@example.org" not in html
    # Staff see every action.
    for name in ("hide", "dismiss", "block", "decide", "merge"):
        assert idea_action(name, idea) in html


@pytest.mark.django_db
def test_moderators_do_not_see_staff_actions_on_the_idea_page(moderator_client, campaign):
    idea = IdeaFactory(campaign=campaign)

    html = html_of(moderator_client.get(idea_page(idea)))

    assert idea_action("hide", idea) in html and idea_action("block", idea) in html
    assert idea_action("decide", idea) not in html and idea_action("merge", idea) not in html


@pytest.mark.django_db
def test_there_is_no_form_to_edit_an_idea_or_its_counts(staff_client, campaign):
    idea = IdeaFactory(campaign=campaign)
    before = Idea.objects.values("title", "status", "vote_count", "comment_count").get(pk=idea.pk)

    html = html_of(staff_client.get(idea_page(idea)))
    response = staff_client.post(
        idea_page(idea), {"title": "Changed", "vote_count": 999, "status": "implemented"}
    )

    for name in ('name="vote_count"', 'name="comment_count"', 'name="status"', 'name="title"'):
        assert name not in html
    assert response.status_code in (403, 405)
    assert (
        Idea.objects.values("title", "status", "vote_count", "comment_count").get(pk=idea.pk)
        == before
    )
    assert refused(staff_client.post(f"{IDEAS}delete/{idea.pk}/"))
    assert Idea.objects.filter(pk=idea.pk).exists()


@pytest.mark.django_db
def test_the_threshold_email_links_to_the_idea_page(campaign):
    idea = IdeaFactory(campaign=campaign)
    assert reverse("wagtailsnippets_ideas_idea:edit", args=[idea.pk]) == idea_page(idea)


# == Moderation actions ==


@pytest.mark.django_db
def test_publishing_from_the_queue(moderator_client, moderator, premoderated, author):
    idea = IdeaFactory(campaign=premoderated, author=author)
    assert idea.status == Status.AWAITING

    assert moderator_client.get(idea_action("publish", idea)).status_code == 200
    response = moderator_client.post(idea_action("publish", idea), {"next": QUEUE})

    assert response.status_code == 302 and response.url == QUEUE
    idea.refresh_from_db()
    assert idea.status == Status.PUBLISHED and idea.published_at is not None
    action = ModerationAction.objects.get(idea=idea)
    assert action.kind == Kind.PUBLISH and action.moderator == moderator
    assert action.created_at is not None
    assert StatusChange.objects.filter(idea=idea, to_status=Status.PUBLISHED, actor=moderator)
    assert "Nothing to moderate" in html_of(moderator_client.get(QUEUE))


@pytest.mark.django_db
def test_publishing_twice_shows_the_services_message(moderator_client, campaign):
    idea = IdeaFactory(campaign=campaign)

    response = moderator_client.post(idea_action("publish", idea))

    assert "This idea is not awaiting moderation." in html_of(response)
    assert not ModerationAction.objects.exists()


@pytest.mark.django_db
def test_hiding_an_idea_emails_the_author_the_reason(
    moderator_client, moderator, campaign, author, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(campaign=campaign, author=author, title="Cheap loans")
    services.flag(UserFactory(), reason="spam", idea=idea)
    mail.outbox.clear()

    form = html_of(moderator_client.get(idea_action("hide", idea)))
    assert '<label class="w-field__label" for="id_reason"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            idea_action("hide", idea), {"reason": "Advertising is not allowed."}
        )

    assert response.status_code == 302 and response.url == idea_page(idea)
    idea.refresh_from_db()
    assert idea.is_hidden and idea.hidden_reason == "Advertising is not allowed."
    action = ModerationAction.objects.get(idea=idea, kind=Kind.HIDE)
    assert action.moderator == moderator and action.target_user == author
    assert action.reason == "Advertising is not allowed."
    assert not Flag.objects.filter(idea=idea, resolved_at=None).exists()
    sent = [message for message in mail.outbox if message.to == ["author@example.org"]]
    assert len(sent) == 1
    assert "Advertising is not allowed." in sent[0].body
    # The idea's page shows who hid it and when.
    html = html_of(moderator_client.get(idea_page(idea)))
    assert 'data-moderation-action="hide"' in html and "Mo Derator" in html


@pytest.mark.django_db
def test_hiding_needs_a_reason_and_changes_nothing_without_one(moderator_client, campaign):
    idea = IdeaFactory(campaign=campaign)

    response = moderator_client.post(idea_action("hide", idea), {"reason": "  "})

    html = html_of(response)
    assert "Please give a reason; it is sent to the author." in html
    idea.refresh_from_db()
    assert not idea.is_hidden
    assert not ModerationAction.objects.exists()


@pytest.mark.django_db
def test_hiding_a_comment_emails_its_author_and_updates_the_count(
    moderator_client, moderator, campaign, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(campaign=campaign)
    writer = UserFactory(email="commenter@example.org")
    comment = services.add_comment(idea, writer, "<p>Something rude</p>")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            comment_action("hide", comment), {"reason": "Please stay civil.", "next": FLAGGED}
        )

    assert response.status_code == 302 and response.url == FLAGGED
    comment.refresh_from_db()
    idea.refresh_from_db()
    assert comment.is_hidden and idea.comment_count == 0
    assert ModerationAction.objects.get(comment=comment, kind=Kind.HIDE).moderator == moderator
    sent = [message for message in mail.outbox if message.to == ["commenter@example.org"]]
    assert len(sent) == 1 and "Please stay civil." in sent[0].body


@pytest.mark.django_db
def test_restoring_an_idea_and_a_comment(moderator_client, moderator, campaign):
    idea = IdeaFactory(campaign=campaign)
    comment = services.add_comment(idea, UserFactory(), "<p>Fine after all</p>")
    services.hide(moderator, "Looked like spam", idea=idea)
    services.hide(moderator, "Looked rude", comment=comment)

    html = html_of(moderator_client.get(idea_page(idea)))
    assert idea_action("restore", idea) in html
    moderator_client.post(idea_action("restore", idea), {"reason": "Checked again"})
    moderator_client.post(comment_action("restore", comment), {"reason": ""})

    idea.refresh_from_db()
    comment.refresh_from_db()
    assert not idea.is_hidden and not comment.is_hidden
    assert idea.comment_count == 1
    restored = ModerationAction.objects.filter(kind=Kind.RESTORE)
    assert {(a.idea_id, a.comment_id) for a in restored} == {(idea.pk, None), (None, comment.pk)}
    assert restored.get(idea=idea).reason == "Checked again"
    assert all(a.moderator == moderator for a in restored)


@pytest.mark.django_db
def test_restoring_a_pre_moderated_idea_says_it_goes_back_to_the_queue(
    moderator_client, moderator, premoderated
):
    idea = IdeaFactory(campaign=premoderated)
    assert idea.status == Idea.Status.AWAITING
    services.hide(moderator, "Looked like spam", idea=idea)

    page = html_of(moderator_client.get(idea_action("restore", idea)))
    assert "puts it back in the moderation queue" in page
    assert "appears on the site again" not in page
    response = moderator_client.post(
        idea_action("restore", idea), {"reason": "Not spam"}, follow=True
    )

    html = html_of(response)
    assert "restored to the moderation queue. It is not on the site until it is published." in (
        " ".join(html.split())
    )
    assert "on the site again" not in html
    idea.refresh_from_db()
    assert not idea.is_public and idea in Idea.objects.awaiting_moderation()


@pytest.mark.django_db
def test_restoring_a_published_idea_says_it_is_on_the_site_again(moderator_client, moderator):
    idea = IdeaFactory()
    services.hide(moderator, "Looked like spam", idea=idea)

    page = html_of(moderator_client.get(idea_action("restore", idea)))
    assert "appears on the site again" in page
    response = moderator_client.post(idea_action("restore", idea), {"reason": ""}, follow=True)

    assert "is restored: it is on the site again." in html_of(response)
    idea.refresh_from_db()
    assert idea.is_public


@pytest.mark.django_db
def test_dismissing_flags_keeps_the_item_and_resolves_its_flags(
    moderator_client, moderator, campaign
):
    idea = IdeaFactory(campaign=campaign)
    services.flag(UserFactory(), reason="spam", idea=idea)
    comment = services.add_comment(idea, UserFactory(), "<p>Honest opinion</p>")
    services.flag(UserFactory(), reason="offensive", comment=comment)

    moderator_client.post(idea_action("dismiss", idea), {"next": FLAGGED})
    moderator_client.post(comment_action("dismiss", comment), {"reason": "Just an opinion"})

    assert not Flag.objects.filter(resolved_at=None).exists()
    assert set(Flag.objects.values_list("resolved_by", flat=True)) == {moderator.pk}
    idea.refresh_from_db()
    assert not idea.is_hidden
    assert ModerationAction.objects.filter(kind=Kind.DISMISS).count() == 2
    assert "No idea has open flags." in html_of(moderator_client.get(FLAGGED))


@pytest.mark.django_db
def test_blocking_and_unblocking_the_author(moderator_client, moderator, campaign, author):
    idea = IdeaFactory(campaign=campaign, author=author)

    missing = moderator_client.post(idea_action("block", idea), {"reason": ""})
    assert "Please give a reason for blocking this person." in html_of(missing)
    assert not PostingBlock.objects.exists()

    response = moderator_client.post(idea_action("block", idea), {"reason": "Repeated spam"})

    assert response.status_code == 302
    block = PostingBlock.objects.get(user=author)
    assert block.reason == "Repeated spam" and block.blocked_by == moderator
    assert ModerationAction.objects.get(kind=Kind.BLOCK).target_user == author
    with pytest.raises(services.IdeaError):
        services.submit_idea(author=author, campaign=campaign, title="x", summary="y", body="z")
    listing = html_of(moderator_client.get(BLOCKS))
    assert "Ada" in listing and "Repeated spam" in listing
    assert "Person" in listing and "Blocked by" in listing
    assert f"{BLOCKS}delete/{block.pk}/" in listing
    assert f"{BLOCKS}delete/{block.pk}/" in html_of(moderator_client.get(idea_page(idea)))

    response = moderator_client.post(f"{BLOCKS}delete/{block.pk}/", {"reason": "Apologised"})

    assert response.status_code == 302 and response.url == BLOCKS
    assert not PostingBlock.objects.exists()
    unblock = ModerationAction.objects.get(kind=Kind.UNBLOCK)
    assert unblock.target_user == author and unblock.moderator == moderator
    assert unblock.reason == "Apologised"


@pytest.mark.django_db
def test_blocking_the_author_of_a_comment(moderator_client, campaign):
    idea = IdeaFactory(campaign=campaign)
    writer = UserFactory()
    comment = services.add_comment(idea, writer, "<p>Spam spam</p>")

    moderator_client.post(comment_action("block", comment), {"reason": "Spammer"})

    assert PostingBlock.objects.get(user=writer).reason == "Spammer"


@pytest.mark.django_db
def test_blocking_someone_by_e_mail_address(moderator_client, moderator):
    person = UserFactory(email="troll@example.org")

    unknown = moderator_client.post(
        f"{BLOCKS}add/", {"email": "nobody@example.org", "reason": "Trolling"}
    )
    assert "There is no account with this e-mail address." in html_of(unknown)
    response = moderator_client.post(
        f"{BLOCKS}add/", {"email": "TROLL@example.org", "reason": "Trolling"}
    )

    assert response.status_code == 302 and response.url == BLOCKS
    assert PostingBlock.objects.get(user=person).blocked_by == moderator


@pytest.mark.django_db
def test_a_moderator_cannot_block_themselves(moderator_client, moderator):
    response = moderator_client.post(
        f"{BLOCKS}add/", {"email": moderator.email, "reason": "Testing"}
    )
    assert "You cannot block yourself." in html_of(response)
    assert not PostingBlock.objects.exists()


# == Decisions ==


@pytest.mark.django_db
def test_deciding_records_the_answer_and_tells_followers(
    staff_client, staff, campaign, author, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(campaign=campaign, author=author, title="Library hours")
    mail.outbox.clear()

    form = html_of(staff_client.get(idea_action("decide", idea)))
    assert "Under review" in form and "Declined" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            idea_action("decide", idea),
            {"status": Status.IN_PROGRESS, "answer": "Opening until 9pm from March."},
        )

    assert response.status_code == 302 and response.url == idea_page(idea)
    idea.refresh_from_db()
    assert idea.status == Status.IN_PROGRESS
    change = idea.status_changes.last()
    assert change.actor == staff and change.from_status == Status.PUBLISHED
    assert "Opening until 9pm from March." in change.answer
    assert [message.to for message in mail.outbox] == [["author@example.org"]]


@pytest.mark.django_db
def test_deciding_without_an_answer_shows_the_error_and_keeps_the_choice(staff_client, campaign):
    idea = IdeaFactory(campaign=campaign)

    response = staff_client.post(
        idea_action("decide", idea), {"status": Status.ACCEPTED, "answer": ""}
    )

    html = html_of(response)
    assert "Please write the official answer that goes with this decision." in html
    assert re.search(r'value="accepted"[^>]*checked', html)
    idea.refresh_from_db()
    assert idea.status == Status.PUBLISHED
    assert idea.status_changes.count() == 1


@pytest.mark.django_db
def test_declining_needs_a_public_reason_and_keeps_what_was_typed(staff_client, campaign):
    idea = IdeaFactory(campaign=campaign)

    response = staff_client.post(
        idea_action("decide", idea), {"status": Status.DECLINED, "answer": "   "}
    )
    html = html_of(response)
    assert "Please write the public reason for declining." in html

    typed = "<script>alert(1)</script>Too expensive"
    response = staff_client.post(
        idea_action("decide", idea), {"status": Status.DECLINED, "answer": typed}
    )
    html = html_of(response)
    assert "Too expensive" in html  # kept in the text area (escaped), for correcting
    assert "<script>alert(1)</script>" not in html
    idea.refresh_from_db()
    assert idea.status == Status.PUBLISHED


@pytest.mark.django_db
def test_the_current_status_is_not_offered_again(staff_client, staff, campaign):
    idea = IdeaFactory(campaign=campaign, status=Status.ACCEPTED)

    html = html_of(staff_client.get(idea_action("decide", idea)))

    assert 'value="accepted"' not in html and 'value="progress"' in html


@pytest.mark.django_db
def test_an_awaiting_idea_cannot_be_decided(staff_client, premoderated):
    idea = IdeaFactory(campaign=premoderated)

    response = staff_client.post(
        idea_action("decide", idea), {"status": Status.ACCEPTED, "answer": "Yes"}
    )

    assert "cannot be given a decision" in html_of(response)
    idea.refresh_from_db()
    assert idea.status == Status.AWAITING


# == Merging ==


@pytest.mark.django_db
def test_merging_carries_votes_and_followers_without_double_counting(staff_client, staff, campaign):
    source = IdeaFactory(campaign=campaign, title="Benches by the lake")
    target = IdeaFactory(campaign=campaign, title="More benches in the park")
    both, only_source, only_target = UserFactory(), UserFactory(), UserFactory()
    for voter in (both, only_source):
        services.cast_vote(source, voter, follow=True)
    for voter in (both, only_target):
        services.cast_vote(target, voter, follow=True)
    source.refresh_from_db()
    target.refresh_from_db()
    assert (source.vote_count, target.vote_count) == (2, 2)

    page = html_of(staff_client.get(idea_action("merge", source), {"q": "park"}))
    assert "More benches in the park" in page
    response = staff_client.post(
        idea_action("merge", source),
        {"target": target.pk, "answer": "The same benches, one plan."},
    )

    assert response.status_code == 302 and response.url == idea_page(target)
    source.refresh_from_db()
    target.refresh_from_db()
    assert source.status == Status.MERGED and source.merged_into == target
    assert source.vote_count == 0
    assert target.vote_count == 3
    assert Vote.objects.filter(idea=target).count() == 3
    assert set(Vote.objects.filter(idea=target).values_list("user", flat=True)) == {
        both.pk,
        only_source.pk,
        only_target.pk,
    }
    followers = set(IdeaFollow.objects.filter(idea=target).values_list("user", flat=True))
    assert {both.pk, only_source.pk, only_target.pk, source.author_id} <= followers
    assert IdeaFollow.objects.filter(idea=target, user=both).count() == 1
    change = source.status_changes.last()
    assert change.to_status == Status.MERGED and change.actor == staff
    assert "one plan" in change.answer


@pytest.mark.django_db
def test_merge_offers_only_ideas_of_the_same_campaign(staff_client, campaign):
    source = IdeaFactory(campaign=campaign, title="Source idea")
    elsewhere = IdeaFactory(campaign=make_campaign("Libraries"), title="Idea elsewhere")
    sibling = IdeaFactory(campaign=campaign, title="Sibling idea")

    page = html_of(staff_client.get(idea_action("merge", source)))
    assert "Sibling idea" in page and "Idea elsewhere" not in page
    by_number = html_of(staff_client.get(idea_action("merge", source), {"q": str(sibling.pk)}))
    assert "Sibling idea" in by_number

    response = staff_client.post(idea_action("merge", source), {"target": elsewhere.pk})
    assert "choose a public idea of the same campaign" in html_of(response)
    source.refresh_from_db()
    assert source.status == Status.PUBLISHED


@pytest.mark.django_db
def test_merge_needs_a_target(staff_client, campaign):
    source = IdeaFactory(campaign=campaign)
    response = staff_client.post(idea_action("merge", source), {"answer": "Same"})
    assert "Choose the idea to merge this one into." in html_of(response)


# == Read-only records ==


@pytest.mark.django_db
def test_the_moderation_log_lists_and_filters_actions(moderator_client, moderator, staff, campaign):
    idea = IdeaFactory(campaign=campaign, title="Logged idea")
    services.hide(moderator, "First reason", idea=idea)
    services.restore(staff, idea=idea, reason="Second reason")

    everything = html_of(moderator_client.get(LOG))
    assert "First reason" in everything and "Second reason" in everything
    assert "Mo Derator" in everything and "Sam Staff" in everything
    assert "Logged idea" in everything
    assert re.search(r"<th[^>]*>\s*(<a[^>]*>)?\s*Action\s*<", everything)

    hides = html_of(moderator_client.get(LOG, {"kind": "hide"}))
    assert "First reason" in hides and "Second reason" not in hides
    by_staff = html_of(moderator_client.get(LOG, {"moderator": staff.pk}))
    assert "Second reason" in by_staff and "First reason" not in by_staff
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    later = html_of(moderator_client.get(LOG, {"created_from": tomorrow}))
    assert "First reason" not in later and "Second reason" not in later
    today = html_of(moderator_client.get(LOG, {"created_to": tomorrow}))
    assert "First reason" in today and "Second reason" in today

    entry = ModerationAction.objects.get(kind=Kind.HIDE)
    assert moderator_client.get(f"{LOG}inspect/{entry.pk}/").status_code == 200
    # Nobody writes the log by hand, not even a superuser.
    root = UserFactory(is_superuser=True, is_staff=True)
    moderator_client.force_login(root)
    assert refused(moderator_client.get(f"{LOG}add/"))
    assert refused(moderator_client.post(f"{LOG}delete/{entry.pk}/"))
    assert moderator_client.get(f"{LOG}edit/{entry.pk}/").status_code == 302
    assert ModerationAction.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_comments_cannot_be_deleted_so_counts_stay_right(staff_client, campaign):
    idea = IdeaFactory(campaign=campaign)
    comment = services.add_comment(idea, UserFactory(), "<p>Keep me</p>")

    assert refused(staff_client.post(f"{COMMENTS}delete/{comment.pk}/"))
    response = staff_client.post(
        f"/admin/bulk/ideas/comment/delete/?id={comment.pk}&next={COMMENTS}"
    )

    assert response.status_code == 302
    assert "These records cannot be deleted" in html_of(staff_client.get(response.url))
    assert Comment.objects.filter(pk=comment.pk).exists()
    idea.refresh_from_db()
    assert idea.comment_count == 1


@pytest.mark.django_db
def test_the_ideas_menu_holds_every_screen(moderator_client):
    html = html_of(moderator_client.get("/admin/"))
    for label in (
        "Ideas",
        "Moderation queue",
        "Flagged",
        "Comments",
        "Posting blocks",
        "Moderation log",
    ):
        assert label in html


@pytest.mark.django_db
def test_the_decision_choices_are_a_fieldset_with_a_legend(staff_client, campaign):
    idea = IdeaFactory(campaign=campaign)

    html = html_of(staff_client.get(idea_action("decide", idea)))

    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>\s*Decision", html)
    assert '<label class="w-field__label" for="id_answer"' in html
    assert 'aria-describedby="id_answer-helptext"' in html


@pytest.mark.django_db
def test_a_hidden_or_merged_idea_says_so_on_its_page(staff_client, staff, campaign):
    hidden = IdeaFactory(campaign=campaign)
    services.hide(staff, "Personal details of a neighbour", idea=hidden)
    source, target = IdeaFactory(campaign=campaign), IdeaFactory(campaign=campaign, title="Kept")
    services.merge(source, target, staff)

    html = html_of(staff_client.get(idea_page(hidden)))
    assert "data-idea-hidden" in html and "Personal details of a neighbour" in html
    assert idea_action("restore", hidden) in html and idea_action("hide", hidden) not in html

    html = html_of(staff_client.get(idea_page(source)))
    assert 'data-idea-status="merged"' in html and idea_page(target) in html
    assert idea_action("merge", source) not in html and idea_action("decide", source) not in html
    assert idea_page(source) in html_of(staff_client.get(idea_page(target)))


@pytest.mark.django_db
def test_a_posting_block_can_be_inspected_but_not_edited(moderator_client, moderator):
    services.block_user(moderator, UserFactory(display_name="Troll"), "Insults")
    block = PostingBlock.objects.get()

    html = html_of(moderator_client.get(f"{BLOCKS}inspect/{block.pk}/"))
    assert "Insults" in html
    response = moderator_client.get(f"{BLOCKS}edit/{block.pk}/")
    assert response.status_code == 302 and response.url == f"{BLOCKS}inspect/{block.pk}/"


@pytest.mark.django_db
def test_the_add_url_sends_staff_to_the_public_form(staff_client):
    response = staff_client.get(f"{IDEAS}add/")

    assert response.status_code == 302
    assert response["Location"] == reverse("ideas:submit")
    assert [str(m).strip() for m in response.wsgi_request._messages] == [
        "Ideas are submitted through the public form."
    ]
