"""The e-mails ideas send (ideas/emails.py + templates/ideas/emails/), through the services.

Each e-mail is sent by the notification task after the transaction commits, in the
recipient's language: `django_capture_on_commit_callbacks(execute=True)` runs that step.
The Spanish wording of the new strings arrives when the lead translates the .po file, so
the Spanish e-mails are recognised by what does not depend on it: every link points to
/es/…, the HTML part says lang="es", and the greeting (an existing msgid) is Spanish.
"""

import re

import pytest
from django.core import mail

from engage.notifications.models import EmailOptOut
from ideas import services
from ideas.models import Flag, Idea, IdeaFollow
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, add_threads, make_campaign

Status = Idea.Status
ANSWER = "<p>We will <b>build</b> it next spring.</p>"


@pytest.fixture
def staff(db):
    return UserFactory(roles=["Staff"], display_name="Parks team", email="parks@example.org")


@pytest.fixture
def moderator(db):
    return UserFactory(roles=["Moderator"], display_name="Mod")


@pytest.fixture
def author(db):
    return UserFactory(display_name="Ana", email="ana@example.org")


@pytest.fixture
def idea(author, campaign):
    return IdeaFactory(campaign=campaign, author=author, title="Shade trees & benches <now>")


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run ``action()`` and send what it queued; returns the messages, by recipient."""

    def run(action):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return {message.to[0]: message for message in mail.outbox}

    return run


def html_of(message):
    (html, mimetype), *_rest = message.alternatives
    assert mimetype == "text/html"
    return html


def links(message):
    return set(re.findall(r"https?://\S+", message.body))


def assert_in_language(message, language, idea):
    """Every link and the HTML part are in ``language``; the idea is linked."""
    html = html_of(message)
    assert f'lang="{language}"' in html
    assert f"/{language}/ideas/{idea.pk}/" in message.body
    assert f"/{language}/ideas/{idea.pk}/" in html
    assert f"/{language}/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    site_links = [url for url in links(message) if "/admin/" not in url]
    assert site_links
    assert all(f"/{language}/" in url for url in site_links), site_links
    greeting = message.body.splitlines()[0]
    assert greeting.startswith("Hola" if language == "es" else "Hello"), greeting


# Status changes ---------------------------------------------------------------------


def test_a_decision_mails_the_author_and_followers_but_not_the_staff_member(
    idea, author, staff, send
):
    follower = UserFactory(preferred_language="es", display_name="Luis")
    services.follow(idea, follower)
    services.follow(idea, staff)

    sent = send(lambda: services.decide(idea, staff, Status.ACCEPTED, ANSWER))

    assert set(sent) == {author.email, follower.email}
    to_author, to_follower = sent[author.email], sent[follower.email]
    # The author hears about "your idea"; a follower about "an idea you follow".
    assert to_author.subject == "Your idea “Shade trees & benches <now>”: Accepted"
    assert "There is news about your idea" in to_author.body
    assert "The city has accepted it." in to_author.body
    assert "your idea" not in to_follower.body.lower()
    assert to_follower.subject != to_author.subject
    # The official answer: as text in the text part, as (clean) HTML in the HTML part.
    assert "We will build it next spring." in to_author.body
    assert "<b>" not in to_author.body
    assert "<b>build</b>" in html_of(to_author)
    # The title is the resident's text: escaped in HTML, as typed in the text part.
    assert "Shade trees & benches <now>" in to_author.body
    assert "Shade trees &amp; benches &lt;now&gt;" in html_of(to_author)
    assert "<now>" not in html_of(to_author)
    assert_in_language(to_author, "en", idea)
    assert_in_language(to_follower, "es", idea)


def test_a_declined_idea_tells_the_reason(idea, author, staff, send):
    reason = "<p>The path is too narrow for a bench.</p>"

    sent = send(lambda: services.decide(idea, staff, Status.DECLINED, reason))

    message = sent[author.email]
    assert message.subject.endswith(": Declined")
    assert "The city has decided not to take it forward." in message.body
    assert "The path is too narrow for a bench." in message.body
    assert "The path is too narrow for a bench." in html_of(message)


def test_a_merged_idea_links_to_the_idea_it_was_merged_into(campaign, author, staff, send):
    source = IdeaFactory(campaign=campaign, author=author, title="Benches by the creek")
    target = IdeaFactory(campaign=campaign, title="More benches along the trail")
    follower = UserFactory(preferred_language="es")
    services.follow(source, follower)

    sent = send(lambda: services.merge(source, target, staff, "<p>Same idea.</p>"))

    assert set(sent) == {author.email, follower.email}
    message = sent[author.email]
    assert "Merged" in message.subject
    assert "“More benches along the trail”" in message.body
    assert f"/en/ideas/{target.pk}/" in message.body
    assert f'/en/ideas/{target.pk}/">' in html_of(message)
    assert f"/es/ideas/{target.pk}/" in sent[follower.email].body


def test_withdrawing_tells_followers_not_the_author(idea, author, send):
    follower = UserFactory()
    services.follow(idea, follower)

    sent = send(lambda: services.withdraw_idea(idea, author))

    assert set(sent) == {follower.email}
    assert "withdrew" in sent[follower.email].body


def test_publishing_tells_the_author_their_idea_is_public(author, moderator, send):
    campaign = make_campaign(moderation="pre", slug="pre-moderated")
    idea = IdeaFactory(campaign=campaign, author=author)
    assert idea.status == Status.AWAITING

    sent = send(lambda: services.publish(idea, moderator))

    assert set(sent) == {author.email}
    assert "A moderator approved it" in sent[author.email].body


# The support threshold ------------------------------------------------------------------


def test_reaching_the_threshold_mails_staff_and_the_author(author, staff, send):
    campaign = make_campaign(support_threshold=2, slug="threshold")
    idea = IdeaFactory(campaign=campaign, author=author)
    first, second = UserFactory(), UserFactory()
    superuser = UserFactory(is_superuser=True, is_staff=True, preferred_language="es")
    resident = UserFactory()
    assert send(lambda: services.cast_vote(idea, first)) == {}

    sent = send(lambda: services.cast_vote(idea, second))

    # Staff (the group and superusers) are told; voters who do not follow are not.
    assert set(sent) == {staff.email, superuser.email, author.email}
    assert resident.email not in sent
    to_staff = sent[staff.email]
    assert to_staff.subject == f"To review: “{idea.title}” reached 2 votes"
    assert "Parks in Kensington" in to_staff.body  # the campaign
    assert "support threshold of 2 votes" in to_staff.body
    assert f"/admin/snippets/ideas/idea/edit/{idea.pk}/" in to_staff.body
    assert f"/admin/snippets/ideas/idea/edit/{idea.pk}/" in html_of(to_staff)
    assert_in_language(to_staff, "en", idea)
    assert_in_language(sent[superuser.email], "es", idea)
    # The author hears the idea is under review, with the reason.
    to_author = sent[author.email]
    assert to_author.subject.endswith(": Under review")
    assert "reached 2 votes, the campaign's threshold" in to_author.body


# Comments ---------------------------------------------------------------------------------


def test_an_official_reply_mails_the_followers(idea, author, staff, send):
    follower = UserFactory(preferred_language="es")
    services.follow(idea, follower)

    sent = send(lambda: services.add_comment(idea, staff, "<p>We are pricing <i>it</i>.</p>"))

    assert set(sent) == {author.email, follower.email}  # not the staff member
    comment = idea.comments.get()
    message = sent[author.email]
    assert message.subject == f"The city answered on “{idea.title}”"
    assert "We are pricing it." in message.body
    assert "<i>it</i>" in html_of(message)
    assert f"/en/ideas/{idea.pk}/#comment-{comment.pk}" in message.body
    assert f"/es/ideas/{idea.pk}/#comment-{comment.pk}" in sent[follower.email].body
    assert_in_language(sent[follower.email], "es", idea)


def test_the_e_mails_link_to_the_page_of_comments_that_shows_the_comment(idea, staff, send):
    threads = add_threads(idea, 20, replies=0)
    commenter = UserFactory()
    services.add_comment(idea, commenter, "<p>The twenty-first thread.</p>")
    late = idea.comments.get(author=commenter)

    official = send(lambda: services.add_comment(idea, staff, "<p>We are on it.</p>"))
    reply = send(lambda: services.add_comment(idea, staff, "<p>Noted.</p>", parent=late))
    early = send(lambda: services.add_comment(idea, staff, "<p>Yes.</p>", parent=threads[0]))

    answer = idea.comments.get(author=staff, parent=None)
    page_two = f"/en/ideas/{idea.pk}/?comments=2#comment-"
    assert f"{page_two}{answer.pk}" in official[idea.author.email].body
    assert f"{page_two}{answer.pk}" in html_of(official[idea.author.email])
    assert f"{page_two}{late.replies.get().pk}" in reply[commenter.email].body
    first_page = f"/en/ideas/{idea.pk}/#comment-{threads[0].replies.get().pk}"
    assert first_page in early[idea.author.email].body


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reply_mails_the_author_of_the_comment(idea, author, send, language):
    commenter = UserFactory(display_name="Rosa", preferred_language=language)
    replier = UserFactory(display_name="Marcus <b>")
    comment = services.add_comment(idea, commenter, "<p>Yes, by the bridge.</p>")

    sent = send(
        lambda: services.add_comment(
            idea, replier, "<p>And near the <b>dogs</b>.</p>", parent=comment
        )
    )

    assert set(sent) == {commenter.email}  # not the idea's author: not an official reply
    message = sent[commenter.email]
    reply = comment.replies.get()
    assert "Marcus <b>" in message.subject and idea.title in message.subject
    assert "And near the dogs." in message.body
    assert "<b>dogs</b>" in html_of(message)
    assert "Marcus &lt;b&gt;" in html_of(message)
    assert f"/{language}/ideas/{idea.pk}/#comment-{reply.pk}" in message.body
    assert_in_language(message, language, idea)


def test_replying_to_your_own_comment_mails_nobody(idea, send):
    commenter = UserFactory()
    comment = services.add_comment(idea, commenter, "<p>First.</p>")

    sent = send(lambda: services.add_comment(idea, commenter, "<p>Also.</p>", parent=comment))

    assert sent == {}


# Moderation ----------------------------------------------------------------------------------


def test_hiding_a_comment_tells_its_author_why(idea, moderator, send):
    commenter = UserFactory(preferred_language="es", display_name="Pat")
    comment = services.add_comment(idea, commenter, "<p>Buy cheap sneakers!</p>")
    services.flag(UserFactory(), reason=Flag.Reason.SPAM, comment=comment)

    sent = send(lambda: services.hide(moderator, "Advertising is not allowed.", comment=comment))

    assert set(sent) == {commenter.email}
    message = sent[commenter.email]
    assert idea.title in message.subject
    assert "Advertising is not allowed." in message.body
    assert "Advertising is not allowed." in html_of(message)
    assert "Buy cheap sneakers!" in message.body  # which comment
    assert_in_language(message, "es", idea)


def test_hiding_an_idea_tells_its_author_why(idea, author, moderator, send):
    sent = send(lambda: services.hide(moderator, "Shares a neighbour's phone number.", idea=idea))

    assert set(sent) == {author.email}
    message = sent[author.email]
    assert message.subject == f"Your idea “{idea.title}” was hidden"
    assert "A moderator hid your idea" in message.body
    assert "Shares a neighbour's phone number." in message.body
    assert "contact the city's Engage team" in message.body
    assert_in_language(message, "en", idea)


# Preferences ----------------------------------------------------------------------------------


def test_people_who_opted_out_get_nothing(idea, author, staff, send):
    quiet = UserFactory(email_notifications=False)
    no_ideas = UserFactory()
    EmailOptOut.objects.create(user=no_ideas, topic="ideas")
    EmailOptOut.objects.create(user=author, topic="reports")  # another topic: still mailed
    for person in (quiet, no_ideas):
        services.follow(idea, person)

    sent = send(lambda: services.decide(idea, staff, Status.UNDER_REVIEW, ANSWER))

    assert set(sent) == {author.email}
    assert IdeaFollow.objects.filter(idea=idea).count() == 3
