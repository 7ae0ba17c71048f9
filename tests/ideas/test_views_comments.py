"""Comments, replies, editing a comment for 15 minutes, and flagging ideas and comments."""

import html as html_module
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from ideas import services
from ideas.models import Comment, Flag, Idea, PostingBlock
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, add_threads, make_campaign

Status = Idea.Status
pytestmark = pytest.mark.django_db


def comment_url(idea):
    return f"/en/ideas/{idea.pk}/comment/"


def edit_url(comment):
    return f"/en/ideas/comments/{comment.pk}/edit/"


def page(response):
    return response.content.decode()


@pytest.fixture
def idea(db):
    return IdeaFactory(campaign=make_campaign())


@pytest.fixture
def member(client, resident):
    client.force_login(resident)
    return resident


# Posting -----------------------------------------------------------------------------


def test_a_comment_is_posted_and_shown(client, member, idea):
    response = client.post(comment_url(idea), {"body": "Yes, and add **water** fountains."})

    comment = Comment.objects.get()
    assert response["Location"] == f"/en/ideas/{idea.pk}/#comment-{comment.pk}"
    assert comment.author == member
    assert comment.body == "<p>Yes, and add <strong>water</strong> fountains.</p>"
    html = page(client.get(f"/en/ideas/{idea.pk}/"))
    assert "Your comment is posted." in html
    assert f'id="comment-{comment.pk}"' in html
    assert "add <strong>water</strong> fountains" in html
    idea.refresh_from_db()
    assert idea.comment_count == 1


def test_a_reply_is_shown_under_its_comment_and_replies_stay_one_level(client, member, idea):
    first = services.add_comment(idea, UserFactory(display_name="Ana"), "<p>Top</p>")
    reply = services.add_comment(idea, UserFactory(), "<p>Reply</p>", parent=first)

    client.post(comment_url(idea), {"body": "A reply to the reply", "parent": reply.pk})

    mine = Comment.objects.get(author=member)
    assert mine.parent == first  # joins the thread of the top-level comment
    html = page(client.get(f"/en/ideas/{idea.pk}/"))
    replies = html[html.index('class="idea-comments__replies"') :]
    assert "A reply to the reply" in replies
    assert "Your reply is posted." in html


def test_a_staff_members_comment_is_an_official_reply(client, idea):
    client.force_login(UserFactory(roles=["Staff"]))

    client.post(comment_url(idea), {"body": "We will look at it this spring."})

    assert Comment.objects.get().is_official
    html = page(client.get(f"/en/ideas/{idea.pk}/"))
    assert '<span class="official-badge">Official reply</span>' in html


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write your comment before posting it."),
        ("word " * 601, "This text can be at most 3000 characters long"),
        ("Look <script>steal()</script>", "Scripts and style sheets are not allowed."),
        ("<style>body{display:none}</style>Hi", "Please remove the &lt;style&gt; part."),
        ('<a href="javascript:steal()">prize</a>', "Links must start with http://, https://"),
        ('<b onclick="steal()">hi</b>', "Attributes that run code are not allowed."),
    ],
)
def test_bad_comments_are_refused_beside_the_field_and_the_text_is_kept(
    client, member, idea, body, message
):
    response = client.post(comment_url(idea), {"body": body})

    html = page(response)
    assert response.status_code == 200
    form = html[html.index('id="comment-form"') :]
    assert message in form
    assert 'id="id_body_error"' in form
    if body:
        kept = re.search(
            r'<textarea name="body"[^>]*id="id_body"[^>]*>(.*?)</textarea>', form, re.S
        )
        assert html_module.unescape(kept.group(1)).strip() == body.strip()
    assert Comment.objects.count() == 0
    idea.refresh_from_db()
    assert idea.comment_count == 0


def test_a_bad_reply_reopens_its_reply_form_with_the_text(client, member, idea):
    parent = services.add_comment(idea, UserFactory(), "<p>Top</p>")

    response = client.post(
        comment_url(idea),
        {"body": '<a href="javascript:x()">my reply text</a>', "parent": parent.pk},
    )

    html = page(response)
    assert re.search(rf'<details class="idea-reply"\s+id="reply-{parent.pk}"\s+open>', html)
    assert f'id="id_reply{parent.pk}_body_error"' in html
    assert "my reply text" in html
    assert Comment.objects.count() == 1


def test_a_reply_to_a_comment_of_another_idea_keeps_the_text(client, member, idea):
    elsewhere = services.add_comment(IdeaFactory(), UserFactory(), "<p>Other</p>")

    response = client.post(comment_url(idea), {"body": "My careful words", "parent": elsewhere.pk})

    html = page(response)
    assert "The comment you replied to is no longer there." in html
    assert "My careful words</textarea>" in html
    assert not Comment.objects.filter(author=member).exists()


def test_anonymous_commenters_are_sent_to_log_in(client, idea):
    response = client.post(comment_url(idea), {"body": "Hello"})

    assert response["Location"] == f"/en/accounts/login/?next=/en/ideas/{idea.pk}/"
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        ("unverified", "Please confirm your e-mail address first"),
        ("blocked", "A moderator has stopped this account from posting."),
    ],
)
def test_people_who_may_not_post_are_told_why(client, idea, situation, message):
    person = UserFactory(verified=situation != "unverified")
    if situation == "blocked":
        PostingBlock.objects.create(user=person, reason="Spam")
    client.force_login(person)

    response = client.post(comment_url(idea), {"body": "Hello"}, follow=True)

    assert message in page(response)
    assert not Comment.objects.exists()


def test_a_merged_idea_takes_no_comments(client, member):
    campaign = make_campaign()
    source, target = IdeaFactory(campaign=campaign), IdeaFactory(campaign=campaign)
    services.merge(source, target, UserFactory(roles=["Staff"]))

    response = client.post(comment_url(source), {"body": "Hello"}, follow=True)

    assert "please comment there" in page(response)
    assert not Comment.objects.exists()


# Editing within 15 minutes -------------------------------------------------------------------


def test_the_author_edits_a_comment_within_fifteen_minutes(client, member, idea):
    comment = services.add_comment(idea, member, "<p>Frist thought.</p>")

    form = page(client.get(edit_url(comment)))
    assert "Frist thought.</textarea>" in form

    response = client.post(edit_url(comment), {"body": "First thought."}, follow=True)

    comment.refresh_from_db()
    assert comment.body == "<p>First thought.</p>"
    assert comment.edited_at is not None
    assert "Your comment is updated." in page(response)
    assert "(edited)" in page(response)


def test_after_fifteen_minutes_the_comment_is_locked(client, member, idea):
    comment = services.add_comment(idea, member, "<p>Original.</p>")
    later = timezone.now() + timedelta(minutes=15, seconds=1)

    with mock.patch("django.utils.timezone.now", return_value=later):
        shown = client.get(edit_url(comment), follow=True)
        client.post(edit_url(comment), {"body": "Rewritten history."})

    assert "Comments can only be edited for 15 minutes after posting." in page(shown)
    comment.refresh_from_db()
    assert comment.body == "<p>Original.</p>"
    assert comment.edited_at is None


def test_fourteen_minutes_later_it_can_still_be_edited(client, member, idea):
    comment = services.add_comment(idea, member, "<p>Original.</p>")
    later = timezone.now() + timedelta(minutes=14)

    with mock.patch("django.utils.timezone.now", return_value=later):
        client.post(edit_url(comment), {"body": "Improved."})

    comment.refresh_from_db()
    assert comment.body == "<p>Improved.</p>"


def test_nobody_else_may_edit_a_comment(client, idea):
    comment = services.add_comment(idea, UserFactory(), "<p>Mine.</p>")
    client.force_login(UserFactory())

    response = client.post(edit_url(comment), {"body": "Yours now."}, follow=True)

    assert "Only the author can edit this comment." in page(response)
    comment.refresh_from_db()
    assert comment.body == "<p>Mine.</p>"


def test_a_bad_edit_shows_the_error_and_changes_nothing(client, member, idea):
    comment = services.add_comment(idea, member, "<p>Fine.</p>")

    response = client.post(edit_url(comment), {"body": "Now <script>evil()</script>"})

    assert response.status_code == 200
    assert "Scripts and style sheets are not allowed." in page(response)
    assert "Now &lt;script&gt;evil()&lt;/script&gt;</textarea>" in page(response)
    comment.refresh_from_db()
    assert comment.body == "<p>Fine.</p>"


def test_anonymous_edit_goes_to_log_in_and_back(client, idea):
    comment = services.add_comment(idea, UserFactory(), "<p>Mine.</p>")

    response = client.get(edit_url(comment))

    assert response["Location"] == (
        f"/en/accounts/login/?next=/en/ideas/comments/{comment.pk}/edit/"
    )


# Flagging -------------------------------------------------------------------------------------


def test_flagging_an_idea_thanks_the_person(client, member, idea):
    response = client.post(
        f"/en/ideas/{idea.pk}/flag/",
        {"reason": "spam", "details": " Advert for a shop "},
        follow=True,
    )

    flag = Flag.objects.get()
    assert (flag.idea, flag.reporter, flag.reason, flag.details) == (
        idea,
        member,
        "spam",
        "Advert for a shop",
    )
    assert "Thank you for telling us. A moderator will look at it." in page(response)


def test_flagging_needs_a_reason_and_keeps_the_details_typed(client, member, idea):
    response = client.post(f"/en/ideas/{idea.pk}/flag/", {"reason": "", "details": "It is rude"})

    html = page(response)
    assert response.status_code == 200
    assert "Choose why you are reporting this." in html
    assert re.search(r'<details class="idea-flag"\s+id="flag-idea"\s+open>', html)
    assert "It is rude</textarea>" in html
    assert not Flag.objects.exists()


def test_an_unknown_reason_is_refused(client, member, idea):
    response = client.post(f"/en/ideas/{idea.pk}/flag/", {"reason": "boring"})

    assert "Choose one of the reasons in the list." in page(response)
    assert not Flag.objects.exists()


def test_flagging_a_comment(client, member, idea):
    comment = services.add_comment(idea, UserFactory(), "<p>Rude words</p>")

    response = client.post(
        f"/en/ideas/comments/{comment.pk}/flag/", {"reason": "offensive"}, follow=True
    )

    assert Flag.objects.get().comment == comment
    assert "Thank you for telling us about this comment." in page(response)
    assert response.redirect_chain[-1][0] == f"/en/ideas/{idea.pk}/#comment-{comment.pk}"


def test_a_bad_comment_flag_opens_that_comments_form(client, member, idea):
    comment = services.add_comment(idea, UserFactory(), "<p>Rude words</p>")

    response = client.post(f"/en/ideas/comments/{comment.pk}/flag/", {"details": "Why"})

    html = page(response)
    assert f'id="id_comment-{comment.pk}_reason_error"' in html
    assert not Flag.objects.exists()
    # Shown where the person is: the form's own anchor, its details open, the focus on
    # the field to correct.
    assert f'action="/en/ideas/comments/{comment.pk}/flag/#flag-comment-{comment.pk}"' in html
    assert re.search(rf'<details class="idea-flag"\s+id="flag-comment-{comment.pk}"\s+open>', html)
    assert re.search(r'<select name="reason"[^>]*autofocus', html)
    flag_form = html[html.index(f'id="flag-comment-{comment.pk}"') :]
    assert "Please correct the errors below." in flag_form[:1500]


def test_a_refused_comment_flag_is_explained_at_the_comment(client, member, idea, monkeypatch):
    comment = services.add_comment(idea, UserFactory(), "<p>Rude words</p>")

    def refuse(*args, **kwargs):
        raise services.IdeaError("You may not report content at the moment.")

    monkeypatch.setattr(services, "flag", refuse)
    response = client.post(f"/en/ideas/comments/{comment.pk}/flag/", {"reason": "spam"})

    html = page(response)
    assert response.status_code == 200
    form_html = html[html.index(f'id="flag-comment-{comment.pk}"') :]
    assert "You may not report content at the moment." in form_html[:3000]


def test_flagging_twice_updates_the_one_flag(client, member, idea):
    client.post(f"/en/ideas/{idea.pk}/flag/", {"reason": "spam"})
    client.post(f"/en/ideas/{idea.pk}/flag/", {"reason": "off_topic"})

    assert Flag.objects.get().reason == "off_topic"


def test_anonymous_flaggers_are_sent_to_log_in(client, idea):
    response = client.post(f"/en/ideas/{idea.pk}/flag/", {"reason": "spam"})

    assert response["Location"] == f"/en/accounts/login/?next=/en/ideas/{idea.pk}/"
    assert not Flag.objects.exists()


# Pages of comments ---------------------------------------------------------------------------


def test_a_comments_address_names_the_page_of_its_thread(idea, django_assert_num_queries):
    threads = add_threads(idea, 21)
    first, last = threads[0], threads[-1]
    base = f"/en/ideas/{idea.pk}/"

    assert first.get_absolute_url() == f"{base}#comment-{first.pk}"
    assert threads[19].get_absolute_url() == f"{base}#comment-{threads[19].pk}"
    assert last.get_absolute_url() == f"{base}?comments=2#comment-{last.pk}"
    # A reply is on its thread's page, found with one COUNT (its thread is not loaded).
    reply = Comment.objects.select_related("idea").get(parent=last)
    with django_assert_num_queries(1):
        assert reply.get_absolute_url() == f"{base}?comments=2#comment-{reply.pk}"
    assert first.replies.get().get_absolute_url() == f"{base}#comment-{first.replies.get().pk}"

    # Hidden threads are not listed: hiding an earlier one moves the later ones up.
    services.hide(UserFactory(roles=["Moderator"]), "Spam", comment=first)
    assert last.get_absolute_url() == f"{base}#comment-{last.pk}"


def test_after_posting_the_person_lands_on_the_page_that_shows_the_comment(client, member, idea):
    threads = add_threads(idea, 20, replies=0)

    response = client.post(comment_url(idea), {"body": "The twenty-first thread."})

    posted = Comment.objects.get(author=member)
    assert response["Location"] == f"/en/ideas/{idea.pk}/?comments=2#comment-{posted.pk}"
    html = page(client.get(response["Location"]))
    assert f'id="comment-{posted.pk}"' in html
    assert "Your comment is posted." in html

    response = client.post(comment_url(idea), {"body": "Back to it.", "parent": threads[0].pk})

    reply = Comment.objects.get(author=member, parent=threads[0])
    assert response["Location"] == f"/en/ideas/{idea.pk}/#comment-{reply.pk}"
    html = page(client.get(response["Location"]))
    assert f'id="comment-{reply.pk}"' in html
    assert "Your reply is posted." in html


def test_a_bad_reply_on_a_later_page_comes_back_on_that_page(client, member, idea):
    threads = add_threads(idea, 21, replies=0)

    response = client.post(
        comment_url(idea),
        {"body": '<a href="javascript:x()">my reply text</a>', "parent": threads[-1].pk},
    )

    html = page(response)
    assert f'id="id_reply{threads[-1].pk}_body_error"' in html
    assert "my reply text" in html
    assert "Page 2 of 2" in html
    # The page links go to the idea page, not to the address the form was posted to.
    assert f'href="/en/ideas/{idea.pk}/#comments" rel="prev"' in " ".join(html.split())


def test_flagging_a_comment_on_a_later_page_comes_back_to_that_page(client, member, idea):
    last = add_threads(idea, 21)[-1]
    reply = last.replies.get()
    flag_url = f"/en/ideas/comments/{reply.pk}/flag/"

    response = client.post(flag_url, {"reason": "spam"})

    assert response["Location"] == f"/en/ideas/{idea.pk}/?comments=2#comment-{reply.pk}"

    html = page(client.post(flag_url, {"details": "No reason chosen"}))
    assert f'id="id_comment-{reply.pk}_reason_error"' in html
    assert "Page 2 of 2" in html


def test_the_edit_page_goes_back_to_the_comments_page(client, member, idea):
    add_threads(idea, 20, replies=0)
    mine = services.add_comment(idea, member, "<p>Late thought.</p>")
    back = f"/en/ideas/{idea.pk}/?comments=2#comment-{mine.pk}"

    assert f'href="{back}"' in page(client.get(edit_url(mine)))
    assert client.post(edit_url(mine), {"body": "Later thought."})["Location"] == back


# Formatting and the preview ----------------------------------------------------------


def test_preview_shows_the_formatted_comment_and_keeps_the_text(client, member, idea):
    typed = "Yes:\n\n- **more** trees\n- *shade*"

    response = client.post(comment_url(idea), {"body": typed, "action": "preview"})

    html = page(response)
    assert response.status_code == 200
    assert not Comment.objects.exists()
    preview = html[html.index('id="comment-preview"') :]
    assert "<li><strong>more</strong> trees</li>" in preview
    assert "<li><em>shade</em></li>" in preview
    assert "Yes:\n\n- **more** trees\n- *shade*</textarea>" in html
    assert f'action="/en/ideas/{idea.pk}/comment/#comment-form"' in html

    client.post(comment_url(idea), {"body": typed, "action": "post"})
    assert "<strong>more</strong>" in Comment.objects.get().body


def test_preview_of_a_reply_opens_its_form(client, member, idea):
    parent = services.add_comment(idea, UserFactory(), "<p>Top</p>")

    response = client.post(
        comment_url(idea), {"body": "*me too*", "parent": parent.pk, "action": "preview"}
    )

    html = page(response)
    assert re.search(rf'<details class="idea-reply"\s+id="reply-{parent.pk}"\s+open>', html)
    assert "<em>me too</em>" in html[html.index('id="reply-preview"') :]
    assert not Comment.objects.filter(parent=parent).exists()


def test_editing_an_old_comment_offers_markdown_that_keeps_its_formatting(client, member, idea):
    comment = services.add_comment(idea, member, "<p>Add <b>water</b> 1. fountains</p>")

    html = page(client.get(edit_url(comment)))
    assert "Add **water** 1. fountains</textarea>" in html

    response = client.post(
        edit_url(comment), {"body": "Add **water** 1. fountains", "action": "preview"}
    )
    assert "Add <strong>water</strong> 1. fountains" in page(response)
    client.post(edit_url(comment), {"body": "Add **water** 1. fountains", "action": "save"})
    comment.refresh_from_db()
    assert comment.body == "<p>Add <strong>water</strong> 1. fountains</p>"
