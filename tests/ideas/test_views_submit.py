"""Submitting an idea (form, preview, similar ideas, publishing), editing and withdrawing it."""

import io
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from ideas import services
from ideas.models import Idea, Moderation, PostingBlock, StatusChange
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, ideas_index, make_campaign

Status = Idea.Status
pytestmark = pytest.mark.django_db


def submit_url(campaign=None):
    return "/en/ideas/new/" + (f"?campaign={campaign.pk}" if campaign else "")


def page(response):
    return response.content.decode()


def image_file(name="park.jpg", *, size=(80, 60), exif=None):
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (30, 140, 60)).save(buffer, format="JPEG", **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"
    exif[0x8825] = {1: "N", 2: (39.0, 57.0, 0.0), 3: "W", 4: (75.0, 9.0, 0.0)}
    return exif


def data(**overrides):
    values = {
        "title": "Shade trees at the playground",
        "summary": "Plant trees so children can play outside in summer.",
        "body": "It is too hot by noon.\n\nTrees would help.",
        "tags": "",
        "lat": "",
        "lng": "",
        "action": "publish",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


@pytest.fixture
def campaign(db):
    return make_campaign(title="Parks in Kensington")


@pytest.fixture
def member(client, resident):
    client.force_login(resident)
    return resident


# Who may submit --------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in_and_back(client, campaign):
    response = client.get(submit_url(campaign))

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert f"campaign%3D{campaign.pk}" in response["Location"]


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        ("unverified", "Please confirm your e-mail address first"),
        ("blocked", "A moderator has stopped this account from posting."),
        ("closed", "This campaign has closed; it no longer takes ideas."),
        ("not open yet", "This campaign is not open yet."),
    ],
)
def test_refusals_are_shown_as_a_message_and_nothing_is_saved(client, situation, message):
    campaign = make_campaign()
    person = UserFactory(verified=situation != "unverified")
    if situation == "blocked":
        PostingBlock.objects.create(user=person, reason="Spam")
    elif situation == "closed":
        campaign.closes_at = timezone.now() - timedelta(minutes=1)
        campaign.save()
    elif situation == "not open yet":
        campaign.opens_at = timezone.now() + timedelta(days=2)
        campaign.save()
    client.force_login(person)

    shown = client.get(submit_url(campaign))
    posted = client.post(submit_url(campaign), data())

    for response in (shown, posted):
        assert response.status_code == 403
        assert message in page(response)
        assert 'name="title"' not in page(response)
    assert Idea.objects.count() == 0


def test_the_general_box_may_be_closed(client, member):
    ideas_index(general_box_open=False)

    response = client.get(submit_url())

    assert response.status_code == 403
    assert "The general idea box is closed." in page(response)


def test_an_unknown_campaign_is_not_found(client, member):
    assert client.get("/en/ideas/new/?campaign=987654").status_code == 404


# The form ----------------------------------------------------------------------------


def test_the_form_offers_the_campaigns_suggested_topics_first(client, member, campaign):
    campaign.suggested_tags.add("playgrounds", "trees")
    campaign.save_revision().publish()

    html = page(client.get(submit_url(campaign)))

    assert "How should we improve parks in Kensington?" in html
    suggested = html.index('name="suggested_tags" value="playgrounds"')
    assert suggested < html.index('name="tags"')
    assert 'name="suggested_tags" value="trees"' in html
    assert 'id="similar-ideas"' in html
    assert re.search(r"<button[^>]*value=\"preview\"[^>]*>\s*Preview\s*</button>", html)
    assert "Publish idea" not in html  # only after the preview


def test_neighborhoods_are_limited_to_the_campaigns(client, member, neighborhood_factory):
    inside = neighborhood_factory(name="Kensington")
    outside = neighborhood_factory(name="Fishtown")
    campaign = make_campaign()
    campaign.neighborhoods.add(inside)
    campaign.save_revision().publish()

    html = page(client.get(submit_url(campaign)))
    assert "Kensington</option>" in html
    assert "Fishtown</option>" not in html

    response = client.post(submit_url(campaign), data(neighborhood=outside.pk))

    assert "That neighborhood is not part of this campaign" in page(response)
    assert Idea.objects.count() == 0


# Preview and publish ------------------------------------------------------------------


def test_preview_shows_the_idea_and_similar_ideas_without_saving(client, member, campaign):
    existing = IdeaFactory(campaign=campaign, title="More shade trees in the park")

    response = client.post(
        submit_url(campaign),
        data(action="preview", body="It is **too hot** by noon.", tags="shade, trees"),
    )

    html = page(response)
    assert response.status_code == 200
    assert "Preview: this is how your idea will look" in html
    assert "<strong>too hot</strong>" in html
    assert re.search(r"<li>\s*shade\s*</li>", html)
    similar = html[html.index('id="similar-ideas"') :]
    assert "may already exist" in similar
    assert f'href="/en/ideas/{existing.pk}/"' in similar
    assert re.search(r"<button[^>]*value=\"publish\"[^>]*>\s*Publish idea\s*</button>", html)
    # What was typed is still in the form, ready to publish.
    assert 'value="Shade trees at the playground"' in html
    assert Idea.objects.count() == 1


def test_publishing_creates_the_idea_and_opens_its_page(
    client, member, campaign, neighborhood_factory
):
    park = neighborhood_factory(name="Kensington")
    campaign.suggested_tags.add("Trees")
    campaign.save_revision().publish()

    response = client.post(
        submit_url(campaign),
        data(
            suggested_tags=["Trees"],
            tags="trees, shade,  summer heat , shade",
            neighborhood=park.pk,
            lat="39.9526123",
            lng="-75.1652",
        ),
    )

    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/ideas/{idea.pk}/"
    assert idea.author == member
    assert idea.campaign == campaign
    assert idea.status == Status.PUBLISHED
    assert idea.body == "<p>It is too hot by noon.</p>\n<p>Trees would help.</p>"
    assert sorted(idea.tags.names()) == ["Trees", "shade", "summer heat"]
    assert idea.neighborhood == park
    assert str(idea.lat) == "39.952612" and str(idea.lng) == "-75.165200"
    followed = client.get(response["Location"])
    assert "Thank you. Your idea is published." in page(followed)


def test_in_a_pre_moderated_campaign_the_message_says_it_awaits_a_moderator(client, member):
    campaign = make_campaign(moderation=Moderation.PRE)

    response = client.post(submit_url(campaign), data(), follow=True)

    assert Idea.objects.get().status == Status.AWAITING
    assert "Your idea is waiting for a moderator" in page(response)


def test_an_idea_can_go_into_the_general_box(client, member):
    ideas_index(general_box_moderation=Moderation.POST)

    response = client.post(submit_url(), data())

    idea = Idea.objects.get()
    assert response["Location"] == f"/en/ideas/{idea.pk}/"
    assert idea.campaign is None


def test_a_campaign_closing_while_the_person_writes_saves_nothing(client, member, campaign):
    closed = "This campaign has closed; it no longer takes ideas."
    preview = client.post(submit_url(campaign), data(action="preview", image=image_file()))
    token = re.search(r'name="image_token" value="([^"]+)"', page(preview)).group(1)

    # The page was allowed; the service, checking again in its transaction, refuses.
    with mock.patch("ideas.rules.submit_refusal", side_effect=[None, closed]):
        response = client.post(submit_url(campaign), data(image_token=token))

    html = page(response)
    assert closed in html
    assert 'value="Shade trees at the playground"' in html
    assert f'name="image_token" value="{token}"' in html  # the picture is still kept
    assert Idea.objects.count() == 0
    assert StatusChange.objects.count() == 0


def test_links_in_the_description_are_marked_as_user_content(client, member, campaign):
    client.post(submit_url(campaign), data(body="See [this](https://example.org)."))

    assert 'rel="nofollow ugc noopener"' in Idea.objects.get().body


# Pictures ------------------------------------------------------------------------------


def test_the_picture_survives_the_preview_and_is_stored_without_metadata(client, member, campaign):
    preview = client.post(
        submit_url(campaign), data(action="preview", image=image_file(exif=gps_exif()))
    )
    html = page(preview)
    token = re.search(r'name="image_token" value="([^"]+)"', html).group(1)
    assert "The picture you chose is kept" in html
    # Shown from the session through the site's own address (CSP allows no data: images).
    assert f'src="/en/ideas/new/picture/{token}/"' in html
    picture = client.get(f"/en/ideas/new/picture/{token}/")
    assert picture.status_code == 200 and picture["Content-Type"] == "image/jpeg"
    assert Idea.objects.count() == 0

    client.post(submit_url(campaign), data(image_token=token))

    idea = Idea.objects.get()
    assert idea.image.name.startswith("ideas/")
    assert (idea.image_width, idea.image_height) == (80, 60)
    with idea.image.open() as stored, Image.open(stored) as picture:
        assert picture.format == "JPEG"
        assert not picture.getexif()
    assert not client.session.get("ideas_draft_images")


def test_the_picture_is_kept_when_another_field_must_be_corrected(client, member, campaign):
    response = client.post(submit_url(campaign), data(title="", image=image_file()))
    token = re.search(r'name="image_token" value="([^"]+)"', page(response)).group(1)

    client.post(submit_url(campaign), data(image_token=token))

    assert Idea.objects.get().image


def test_an_unknown_picture_token_asks_for_the_picture_again(client, member, campaign):
    client.post(submit_url(campaign), data(action="preview", image=image_file()))

    response = client.post(submit_url(campaign), data(image_token="guessed"))

    assert "The picture you chose earlier has expired. Please choose it again." in page(response)
    assert Idea.objects.count() == 0


def test_two_drafts_in_two_tabs_keep_their_own_pictures(client, member, campaign):
    first = client.post(
        submit_url(campaign), data(action="preview", image=image_file(size=(30, 20)))
    )
    client.post(submit_url(campaign), data(action="preview", image=image_file(size=(50, 40))))
    token = re.search(r'name="image_token" value="([^"]+)"', page(first)).group(1)

    client.post(submit_url(campaign), data(image_token=token))

    assert (Idea.objects.get().image_width, Idea.objects.get().image_height) == (30, 20)


def test_a_kept_picture_can_be_removed_before_publishing(client, member, campaign):
    preview = client.post(submit_url(campaign), data(action="preview", image=image_file()))
    token = re.search(r'name="image_token" value="([^"]+)"', page(preview)).group(1)

    client.post(submit_url(campaign), data(image_token=token, remove_image="on"))

    assert not Idea.objects.get().image


# Bad input: a message beside the field, what was typed kept, nothing saved ----------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Give your idea a title."),
        ({"summary": "  "}, "Write a short summary of your idea."),
        ({"body": ""}, "Describe your idea."),
        ({"title": "x" * 141}, "Ensure this value has at most 140 characters (it has 141)."),
        ({"summary": "x" * 301}, "Ensure this value has at most 300 characters (it has 301)."),
        ({"body": "word " * 1001}, "This text can be at most 5000 characters long"),
        ({"body": "Nice<script>alert(1)</script>"}, "Scripts and style sheets are not allowed"),
        ({"body": "<style>p{display:none}</style>Hi"}, "Please remove the &lt;style&gt; part"),
        (
            {"body": '<a href="javascript:alert(1)">click</a>'},
            "Links must start with http://, https:// or mailto:.",
        ),
        ({"title": "Trees <script>alert(1)</script>"}, "Scripts and style sheets are not"),
        ({"lat": "39.95"}, "Enter both the latitude and the longitude, or leave both empty."),
        ({"lat": "north", "lng": "-75"}, "Enter the latitude as a number"),
        ({"lat": "120", "lng": "-75"}, "Ensure this value is less than or equal to 90."),
        ({"tags": "a, b, c, d, e, f, g, h, i, j, k"}, "Choose at most 10 topics; you have 11."),
        ({"tags": "t" * 51}, "Topics can be at most 50 characters long"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, member, campaign, fields, message):
    response = client.post(submit_url(campaign), data(**fields))

    html = page(response)
    assert response.status_code == 200
    assert "Please correct the errors below." in html
    assert message in html
    assert 'aria-invalid="true"' in html
    assert Idea.objects.count() == 0
    assert StatusChange.objects.count() == 0


def test_what_was_typed_is_kept_when_the_form_comes_back(client, member, campaign):
    response = client.post(
        submit_url(campaign),
        data(title="", summary="My summary stays", body="My <b>long</b> text stays", tags="dogs"),
    )

    html = page(response)
    assert "My summary stays</textarea>" in html
    assert "My &lt;b&gt;long&lt;/b&gt; text stays</textarea>" in html
    assert 'value="dogs"' in html


def test_a_file_that_is_not_a_picture_is_refused(client, member, campaign):
    fake = SimpleUploadedFile("trees.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")

    response = client.post(submit_url(campaign), data(image=fake))

    assert "this is not a picture we can read" in page(response)
    assert Idea.objects.count() == 0


@override_settings(IDEA_IMAGE_MAX_BYTES=100)
def test_a_picture_over_the_size_limit_is_refused(client, member, campaign):
    response = client.post(submit_url(campaign), data(image=image_file()))

    assert "pictures can be at most 100" in page(response)
    assert Idea.objects.count() == 0


# Similar ideas while typing ---------------------------------------------------------------


def test_similar_ideas_fragment_lists_ideas_with_shared_words(client, campaign):
    match = IdeaFactory(campaign=campaign, title="Shade trees for Norris Square")
    IdeaFactory(campaign=campaign, title="Fix the fountain")
    elsewhere = IdeaFactory(campaign=make_campaign(title="Other"), title="Shade trees again")

    response = client.get(
        "/en/ideas/similar/", {"title": "More shade trees", "campaign": campaign.pk}
    )

    html = page(response)
    assert response.status_code == 200
    assert "<html" not in html  # a fragment for the live region
    assert "Shade trees for Norris Square" in html
    assert f"/en/ideas/{match.pk}/" in html
    assert "Fix the fountain" not in html
    assert f"/en/ideas/{elsewhere.pk}/" not in html


def test_similar_ideas_says_when_there_are_none(client, db):
    html = page(client.get("/en/ideas/similar/", {"title": "Completely unrelated words"}))

    assert "No similar ideas found so far." in html
    assert page(client.get("/en/ideas/similar/")).strip() == ""


# Editing -----------------------------------------------------------------------------------


def edit_url(idea):
    return f"/en/ideas/{idea.pk}/edit/"


def test_the_author_edits_with_the_same_form(client, member, campaign):
    idea = IdeaFactory(campaign=campaign, author=member, tags=["trees"], body="<p>Old</p>")

    form = page(client.get(edit_url(idea)))
    assert f'value="{idea.title}"' in form
    assert "Old</textarea>" in form  # paragraphs shown as plain lines, not as <p> tags
    assert 'value="trees"' in form

    response = client.post(edit_url(idea), data(title="Shade trees and benches"))

    assert response["Location"] == f"/en/ideas/{idea.pk}/"
    idea.refresh_from_db()
    assert idea.title == "Shade trees and benches"
    assert "Your changes are saved." in page(client.get(response["Location"]))


@pytest.mark.parametrize("first", ["vote", "comment"])
def test_editing_stops_after_the_first_vote_or_comment(client, member, campaign, first):
    idea = IdeaFactory(campaign=campaign, author=member, title="Original title")
    if first == "vote":
        services.cast_vote(idea, UserFactory())
    else:
        services.add_comment(idea, UserFactory(), "<p>Good idea</p>")

    shown = client.get(edit_url(idea), follow=True)
    client.post(edit_url(idea), data(title="Changed after the fact"))

    assert "people have voted or commented on it" in page(shown)
    idea.refresh_from_db()
    assert idea.title == "Original title"


def test_only_the_author_may_edit(client, campaign):
    idea = IdeaFactory(campaign=campaign, title="Original title")
    client.force_login(UserFactory())

    response = client.post(edit_url(idea), data(title="Hijacked"), follow=True)

    assert "Only the author can edit this idea." in page(response)
    idea.refresh_from_db()
    assert idea.title == "Original title"


def test_anonymous_edit_goes_to_log_in(client, campaign):
    idea = IdeaFactory(campaign=campaign)

    response = client.get(edit_url(idea))

    assert response["Location"].startswith("/en/accounts/login/?next=/en/ideas/")


def test_editing_can_remove_the_picture(client, member, campaign):
    from engage.core.images import clean_image

    idea = IdeaFactory(
        campaign=campaign, author=member, image=clean_image(image_file(), max_bytes=10**6)
    )

    client.post(edit_url(idea), data(remove_image="on"))

    idea.refresh_from_db()
    assert not idea.image


# Withdrawing --------------------------------------------------------------------------------


def test_withdrawing_asks_first_then_marks_the_idea(client, member, campaign):
    idea = IdeaFactory(campaign=campaign, author=member)
    withdraw_url = f"/en/ideas/{idea.pk}/withdraw/"

    confirm = client.get(withdraw_url)
    assert "Yes, withdraw my idea" in page(confirm)
    idea.refresh_from_db()
    assert idea.status == Status.PUBLISHED

    response = client.post(withdraw_url, follow=True)

    idea.refresh_from_db()
    assert idea.status == Status.WITHDRAWN
    assert "Your idea is withdrawn." in page(response)
    assert "The author withdrew this idea" in page(response)


def test_only_the_author_may_withdraw(client, campaign):
    idea = IdeaFactory(campaign=campaign)
    client.force_login(UserFactory())

    response = client.post(f"/en/ideas/{idea.pk}/withdraw/", follow=True)

    assert "Only the author can withdraw this idea." in page(response)
    idea.refresh_from_db()
    assert idea.status == Status.PUBLISHED
