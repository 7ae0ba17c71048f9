"""The idea page: what residents, authors and moderators see on it."""

import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from engage.core.images import clean_image
from ideas import services
from ideas.models import Comment, Idea, IdeaFollow, Moderation, StatusChange
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, add_threads, make_campaign

Status = Idea.Status
pytestmark = pytest.mark.django_db


def url(idea):
    return f"/en/ideas/{idea.pk}/"


def page(response):
    return response.content.decode()


def squeezed(html):
    """``html`` with every run of white space as one space (markup wraps attributes)."""
    return " ".join(html.split())


def meta(html, prop):
    """The content of <meta property=…> (or name=…), or None."""
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def picture():
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (20, 120, 40)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("park.png", buffer.getvalue(), content_type="image/png")
    return clean_image(upload, max_bytes=1_000_000)


@pytest.fixture
def moderator():
    return UserFactory(roles=["Moderator"])


@pytest.fixture
def staff():
    return UserFactory(roles=["Staff"])


# What everyone sees ---------------------------------------------------------------


def test_a_published_idea_shows_everything_it_says(client, resident, neighborhood_factory):
    old_town = neighborhood_factory(name="Old Town")
    campaign = make_campaign(title="Parks in Kensington")
    idea = IdeaFactory(
        campaign=campaign,
        author=resident,
        title="Shade trees at the playground",
        summary="Plant trees so children can play in summer.",
        body="<p>It is <b>too hot</b> by noon.</p>",
        neighborhood=old_town,
        tags=["trees", "play"],
    )

    response = client.get(url(idea))

    html = page(response)
    assert response.status_code == 200
    assert "<h1>Shade trees at the playground</h1>" in html
    assert "Published</span>" in html  # the status badge
    assert "Rosa" in html  # the author's public name, never the e-mail address
    assert "resident@example.org" not in html
    assert f'href="{campaign.url}"' in html
    assert "Old Town" in html
    assert f'<a href="{campaign.url}?tag=play">play</a>' in html
    assert f'<a href="{campaign.url}?tag=trees">trees</a>' in html
    assert "<b>too hot</b>" in html
    assert '<span class="vote-count">0</span>' in html
    assert "Log in to vote" in html


def test_the_body_is_cleaned_again_when_shown(client):
    idea = IdeaFactory()
    Idea.objects.filter(pk=idea.pk).update(
        body='<p>Hi</p><script>alert(1)</script><a href="javascript:alert(2)">x</a>'
    )

    html = page(client.get(url(idea)))

    assert "<script>alert(1)" not in html
    assert "javascript:alert" not in html


def test_open_graph_and_twitter_tags_describe_the_idea_for_sharing(client):
    idea = IdeaFactory(title="Benches by the river", summary="Somewhere to rest.")

    html = page(client.get(url(idea)))

    assert meta(html, "og:title") == "Benches by the river"
    assert meta(html, "og:description") == "Somewhere to rest."
    assert meta(html, "og:url") == f"http://testserver/en/ideas/{idea.pk}/"
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:image") is None
    assert meta(html, "twitter:card") == "summary"


def test_open_graph_names_the_picture_with_an_absolute_address(client, resident):
    idea = IdeaFactory(author=resident, image=picture())

    html = page(client.get(url(idea)))

    assert meta(html, "og:image").startswith("http://testserver/media/ideas/")
    assert meta(html, "twitter:card") == "summary_large_image"
    assert f'src="{idea.image.url}"' in html


def test_the_map_point_is_given_in_text_and_to_the_map(client):
    idea = IdeaFactory(lat="39.952600", lng="-75.165200")

    html = page(client.get(url(idea)))

    assert "latitude 39.952600, longitude -75.165200" in html
    config = re.search(
        r'<script id="report-location-config" type="application/json">(.*?)</script>', html
    )
    assert json.loads(config.group(1))["point"] == [39.9526, -75.1652]


def test_an_unknown_idea_is_not_found(client, db):
    assert client.get("/en/ideas/999999/").status_code == 404


# Who may see an idea that is not public --------------------------------------------


@pytest.fixture
def awaiting(resident):
    campaign = make_campaign(moderation=Moderation.PRE)
    return IdeaFactory(campaign=campaign, author=resident, title="Awaiting the moderator")


@pytest.mark.parametrize("who", ["anonymous", "other resident"])
def test_an_idea_awaiting_moderation_is_hidden_from_the_public(client, awaiting, who):
    if who == "other resident":
        client.force_login(UserFactory())

    assert client.get(url(awaiting)).status_code == 404


def test_its_author_sees_an_idea_awaiting_moderation_with_a_notice(client, awaiting, resident):
    client.force_login(resident)

    response = client.get(url(awaiting))

    assert response.status_code == 200
    assert "Your idea is waiting for a moderator" in page(response)
    assert meta(page(response), "robots") == "noindex"


def test_a_moderator_sees_an_idea_awaiting_moderation(client, awaiting, moderator):
    client.force_login(moderator)

    response = client.get(url(awaiting))

    assert response.status_code == 200
    assert "This idea is waiting for moderation" in page(response)


def test_a_hidden_idea_is_seen_only_by_its_author_and_moderators(client, resident, moderator):
    idea = IdeaFactory(author=resident)
    services.hide(moderator, "Personal details of a neighbour.", idea=idea)

    assert client.get(url(idea)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url(idea)).status_code == 404

    client.force_login(resident)
    response = client.get(url(idea))
    assert response.status_code == 200
    assert "A moderator has hidden your idea" in page(response)
    assert "Personal details of a neighbour." in page(response)

    client.force_login(moderator)
    assert client.get(url(idea)).status_code == 200


# Status, answers, withdrawn and merged -----------------------------------------------


def test_the_status_history_and_the_official_answer_are_public(client, staff):
    idea = IdeaFactory()
    services.decide(idea, staff, Status.ACCEPTED, "<p>We will plant <b>twelve</b> trees.</p>")
    StatusChange.objects.filter(idea=idea, to_status=Status.PUBLISHED).update(
        created_at=datetime(2026, 2, 1, 15, 0, tzinfo=UTC)
    )
    # 15:00 UTC is 10 a.m. in the site's time zone (America/New_York, winter).
    StatusChange.objects.filter(idea=idea, to_status=Status.ACCEPTED).update(
        created_at=datetime(2026, 3, 1, 15, 0, tzinfo=UTC)
    )

    html = page(client.get(url(idea)))

    assert "Official answer" in html
    assert "We will plant <b>twelve</b> trees." in html
    assert "Status history" in html
    history = html[html.index("Status history") :]
    assert history.index("Published") < history.index("Accepted")
    assert "March 1, 2026, 10 a.m." in history
    assert staff.public_name not in history  # never who on the staff did it


def test_a_withdrawn_idea_stays_visible_marked_and_takes_no_votes(client, resident):
    idea = IdeaFactory(author=resident, status=Status.WITHDRAWN)
    client.force_login(UserFactory())

    html = page(client.get(url(idea)))

    assert "The author withdrew this idea" in html
    assert "no longer takes votes" in html
    assert re.search(r"<form[^>]*data-idea-vote[^>]*hidden", html, re.S)


def test_a_merged_idea_links_to_the_idea_it_was_merged_into(client, staff):
    campaign = make_campaign()
    source = IdeaFactory(campaign=campaign, title="Benches on Main")
    target = IdeaFactory(campaign=campaign, title="More benches downtown")
    services.merge(source, target, staff, "<p>Same proposal.</p>")

    source_html = page(client.get(url(source)))
    target_html = page(client.get(url(target)))

    assert "This idea was merged into" in source_html
    assert f'href="/en/ideas/{target.pk}/"' in source_html
    assert "Ideas merged into this one" in target_html
    assert f'href="/en/ideas/{source.pk}/"' in target_html


# Voting box -------------------------------------------------------------------------


def test_a_resident_sees_the_vote_button_and_votes_left_in_a_budget_campaign(client, resident):
    campaign = make_campaign(vote_budget=3)
    idea = IdeaFactory(campaign=campaign)
    services.cast_vote(IdeaFactory(campaign=campaign), resident)
    client.force_login(resident)

    html = page(client.get(url(idea)))

    assert re.search(r"<button[^>]*data-vote-button>\s*Vote\s*</button>", html)
    assert "Keep me posted about this idea" in html
    assert re.search(r"Votes left in this campaign:\s*<strong data-votes-left>2</strong>", html)


def test_a_voter_sees_remove_my_vote(client, resident):
    idea = IdeaFactory()
    services.cast_vote(idea, resident)
    client.force_login(resident)

    html = page(client.get(url(idea)))

    assert re.search(r"<button[^>]*data-vote-button>\s*Remove my vote\s*</button>", html)
    assert '<span class="vote-count">1</span>' in html
    assert "Votes left" not in html  # no budget in this campaign


def test_the_page_says_why_voting_is_closed(client, resident):
    campaign = make_campaign()
    idea = IdeaFactory(campaign=campaign)
    campaign.closes_at = timezone.now() - timedelta(minutes=1)
    campaign.save()
    client.force_login(resident)

    html = page(client.get(url(idea)))

    assert "Voting has closed with the campaign." in html
    assert re.search(r"<form[^>]*data-idea-vote[^>]*hidden", html, re.S)


def test_following_shows_stop_following(client, resident):
    idea = IdeaFactory()
    client.force_login(resident)
    assert re.search(r"data-follow-button>\s*Follow\s*<", page(client.get(url(idea))))

    IdeaFollow.objects.create(idea=idea, user=resident)

    assert re.search(r"data-follow-button>\s*Stop following\s*<", page(client.get(url(idea))))


# The author's links -------------------------------------------------------------------


def test_the_author_may_edit_until_the_first_vote_and_withdraw_any_time(client, resident):
    idea = IdeaFactory(author=resident)
    client.force_login(resident)
    html = page(client.get(url(idea)))
    assert f'href="/en/ideas/{idea.pk}/edit/"' in html
    assert f'href="/en/ideas/{idea.pk}/withdraw/"' in html

    services.cast_vote(idea, UserFactory())

    html = page(client.get(url(idea)))
    assert f'href="/en/ideas/{idea.pk}/edit/"' not in html
    assert f'href="/en/ideas/{idea.pk}/withdraw/"' in html


def test_others_get_no_edit_link(client):
    idea = IdeaFactory()
    client.force_login(UserFactory())

    html = page(client.get(url(idea)))

    assert "/edit/" not in html
    assert "Report this idea to moderators" in html


# Comments ---------------------------------------------------------------------------


def test_comments_show_one_level_of_replies_and_mark_official_ones(client, staff):
    idea = IdeaFactory()
    first = services.add_comment(idea, UserFactory(display_name="Ana"), "<p>Yes please.</p>")
    services.add_comment(idea, staff, "<p>We are looking at sites.</p>", parent=first)

    html = page(client.get(url(idea)))

    assert "2 comments" in html
    assert "Yes please." in html
    replies = html[html.index('class="idea-comments__replies"') :]
    assert "We are looking at sites." in replies
    assert '<span class="official-badge">Official reply</span>' in replies


def test_hidden_comments_are_not_shown(client, moderator):
    idea = IdeaFactory()
    comment = services.add_comment(idea, UserFactory(), "<p>Buy cheap watches</p>")
    services.hide(moderator, "Spam", comment=comment)

    html = page(client.get(url(idea)))

    assert "cheap watches" not in html
    assert "0 comments" in html


def test_the_comment_edit_link_shows_for_fifteen_minutes(client, resident):
    idea = IdeaFactory()
    comment = services.add_comment(idea, resident, "<p>First thought.</p>")
    edit_url = f"/en/ideas/comments/{comment.pk}/edit/"
    client.force_login(resident)
    assert edit_url in page(client.get(url(idea)))

    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))

    assert edit_url not in page(client.get(url(idea)))


def shown_comments(html):
    """The pks of the comments and replies on a page, in page order."""
    return [int(pk) for pk in re.findall(r'<article id="comment-(\d+)"', html)]


def test_comments_come_twenty_threads_a_page_oldest_first_with_their_replies(client):
    idea = IdeaFactory()
    threads = add_threads(idea, 21)
    with_replies = [pk for thread in threads for pk in (thread.pk, thread.replies.get().pk)]

    first = page(client.get(url(idea)))

    assert "42 comments" in first
    assert shown_comments(first) == with_replies[:40]
    nav = first[first.index('<nav class="pagination') :]
    assert 'aria-label="Pages of comments"' in nav
    assert "Page 1 of 2" in nav
    next_link = f'<a href="/en/ideas/{idea.pk}/?comments=2#comments" rel="next"'
    assert next_link in squeezed(nav) and ">Next</span></a>" in squeezed(nav)
    assert 'rel="prev"' not in nav

    second = page(client.get(f"{url(idea)}?comments=2"))

    assert "42 comments" in second
    assert shown_comments(second) == with_replies[40:]  # the 21st thread with its reply
    assert '<ol class="idea-comments__list" start="21">' in second
    assert f'<a href="/en/ideas/{idea.pk}/#comments" rel="prev"' in squeezed(second)
    assert ">Previous</span></a>" in squeezed(second)
    assert "Page 2 of 2" in second and 'rel="next"' not in second


@pytest.mark.parametrize(("asked", "shown"), [("99", 2), ("0", 2), ("two", 1), ("", 1)])
def test_a_page_of_comments_that_does_not_exist_shows_the_nearest(client, asked, shown):
    idea = IdeaFactory()
    add_threads(idea, 21, replies=0)

    html = page(client.get(f"{url(idea)}?comments={asked}"))

    assert f"Page {shown} of 2" in html


def test_the_comment_pages_keep_the_other_parameters(client):
    idea = IdeaFactory()
    add_threads(idea, 41, replies=0)

    html = page(client.get(f"{url(idea)}?utm_source=mail&comments=2"))

    assert f'href="/en/ideas/{idea.pk}/?utm_source=mail#comments" rel="prev"' in squeezed(html)
    assert f'href="/en/ideas/{idea.pk}/?utm_source=mail&amp;comments=3#comments"' in html


def test_one_page_of_comments_needs_no_page_links(client):
    idea = IdeaFactory()
    add_threads(idea, 20)

    html = page(client.get(url(idea)))

    assert len(shown_comments(html)) == 40
    assert "Pages of comments" not in html


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_page_costs_the_same_queries_with_more_comments(client, resident, logged_in):
    idea = IdeaFactory()
    if logged_in:
        client.force_login(resident)

    def count(query=""):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(idea) + query).status_code == 200
        return len(queries)

    add_threads(idea, 3)
    count()  # the first request also fills caches (site, locales)
    few = count()
    add_threads(idea, 27, replies=2)  # 30 threads: two pages

    assert count() == few
    assert count("?comments=2") == few


def test_anonymous_visitors_get_the_comments_without_building_their_forms(client, resident):
    """The reply and flag forms are for people logged in: none is built for a visitor."""
    from unittest import mock

    from ideas.views import detail as views

    idea = IdeaFactory()
    for number in range(3):
        parent = services.add_comment(idea, UserFactory(), f"<p>Comment {number}</p>")
        services.add_comment(idea, UserFactory(), f"<p>Reply {number}</p>", parent=parent)

    def built(form_class):
        return mock.patch.object(views, form_class.__name__, wraps=form_class)

    with built(views.CommentForm) as comment_forms, built(views.FlagForm) as flag_forms:
        html = page(client.get(url(idea)))
    assert "Comment 2" in html and "Reply 2" in html
    assert "Post reply" not in html and "Report this comment" not in html
    # Only the page's own: the comment form and the idea's flag form.
    assert (comment_forms.call_count, flag_forms.call_count) == (1, 1)

    client.force_login(resident)
    with built(views.CommentForm) as comment_forms, built(views.FlagForm) as flag_forms:
        html = page(client.get(url(idea)))
    assert html.count("Post reply") == 3 and html.count("Report this comment") == 6
    assert (comment_forms.call_count, flag_forms.call_count) == (1 + 3, 1 + 6)
