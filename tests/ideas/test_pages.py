"""The Ideas pages in the page tree: where they may go, and what residents see on them."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase

from engage.accounts.roles import STAFF
from engage.core.models import HomePage, SectionPage
from ideas.models import IdeaCampaignPage, IdeasIndexPage, Moderation
from tests.factories import NeighborhoodFactory, UserFactory
from tests.ideas.factories import IdeaFactory, ideas_index, make_campaign


class IdeasPageTreeTest(WagtailPageTestCase):
    def test_the_ideas_page_lives_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, IdeasIndexPage)
        self.assertCanNotCreateAt(SectionPage, IdeasIndexPage)
        self.assertCanNotCreateAt(IdeasIndexPage, IdeasIndexPage)

    def test_campaigns_live_under_the_ideas_page_only(self):
        self.assertCanCreateAt(IdeasIndexPage, IdeaCampaignPage)
        self.assertCanNotCreateAt(HomePage, IdeaCampaignPage)
        self.assertCanNotCreateAt(SectionPage, IdeaCampaignPage)
        self.assertCanNotCreateAt(IdeaCampaignPage, IdeaCampaignPage)
        self.assertAllowedSubpageTypes(IdeaCampaignPage, {})

    def test_both_pages_render(self):
        index = ideas_index()
        campaign = make_campaign()
        self.assertPageIsRenderable(index)
        self.assertPageIsRenderable(campaign)


pytestmark = pytest.mark.django_db


def test_there_is_one_ideas_page_per_home_page():
    index = ideas_index()

    assert not IdeasIndexPage.can_create_at(index.get_parent())


@pytest.mark.parametrize("slug", ["new", "similar", "comments", "feed", "open-data.json", "42"])
def test_a_campaign_cannot_take_an_address_the_ideas_views_use(slug):
    campaign = make_campaign()
    campaign.slug = slug

    with pytest.raises(ValidationError) as error:
        campaign.full_clean()

    assert "slug" in error.value.message_dict


def test_a_campaign_with_another_slug_is_valid():
    campaign = make_campaign(slug="parks-2026")

    campaign.full_clean()


def test_a_campaign_must_close_after_it_opens():
    campaign = make_campaign()
    campaign.closes_at = campaign.opens_at - timedelta(hours=1)

    with pytest.raises(ValidationError) as error:
        campaign.full_clean()

    assert "closes_at" in error.value.message_dict


# The Ideas page --------------------------------------------------------------------------


def test_the_ideas_page_lists_campaigns_open_first_with_their_question_and_dates(client):
    now = timezone.now()
    closed = make_campaign(
        "Old lighting campaign",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
    )
    upcoming = make_campaign("Libraries next year", opens_at=now + timedelta(days=10))
    open_campaign = make_campaign(
        "Parks in Kensington", question="How should we improve parks in Kensington?"
    )

    content = client.get(ideas_index().url).content.decode()

    positions = [
        content.index(title) for title in (open_campaign.title, upcoming.title, closed.title)
    ]
    assert positions == sorted(positions)
    assert "How should we improve parks in Kensington?" in content
    assert "Closed on" in content
    assert "Opens on" in content
    assert "Not open yet" in content
    assert f'href="{open_campaign.url}"' in content
    assert f'href="{closed.url}"' in content


def test_the_ideas_page_offers_the_general_box_only_while_it_is_open(client):
    index = ideas_index(general_box_open=True)
    assert "Submit an idea to the general box" in client.get(index.url).content.decode()

    ideas_index(general_box_open=False)
    content = client.get(index.url).content.decode()

    assert "Submit an idea to the general box" not in content


def test_the_ideas_page_links_its_feeds_in_the_head_and_the_page(client):
    content = client.get(ideas_index().url).content.decode()
    head = content.split("</head>")[0]

    assert 'type="application/rss+xml"' in head
    assert 'type="application/atom+xml"' in head
    assert 'href="/en/ideas/feed/"' in head
    assert 'href="/en/ideas/feed/atom/"' in head
    body = content.split("</head>")[1]
    assert 'href="/en/ideas/feed/"' in body
    assert 'href="/en/ideas/open-data.json"' in body


def test_the_ideas_page_explains_trending(client):
    IdeaFactory()

    content = client.get(ideas_index().url).content.decode()

    assert "Trending: votes, each counting half as much for every week of age." in content


# A campaign page -------------------------------------------------------------------------


def test_an_open_campaign_explains_its_rules_and_takes_ideas(client):
    north = NeighborhoodFactory(name="Fishtown")
    campaign = make_campaign(
        question="How should we improve parks?",
        closes_at=timezone.now() + timedelta(days=20),
        moderation=Moderation.PRE,
        vote_budget=3,
        support_threshold=50,
    )
    campaign.neighborhoods.add(north)
    campaign.save_revision().publish()

    content = client.get(campaign.url).content.decode()

    assert "How should we improve parks?" in content
    assert "Closes on" in content
    assert "A moderator reads every idea before it appears here." in content
    assert "You have 3 votes to spend in this campaign." in content
    assert "An idea that reaches 50 votes goes to the city for review." in content
    assert "Fishtown" in content
    assert f'href="/en/ideas/new/?campaign={campaign.pk}"' in content
    assert f'href="/en/ideas/feed/{campaign.pk}/"' in content
    assert f'href="/en/ideas/feed/{campaign.pk}/atom/"' in content


def test_a_closed_campaign_says_so_and_takes_no_ideas(client):
    now = timezone.now()
    campaign = make_campaign(
        opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1), voting_enabled=False
    )

    content = client.get(campaign.url).content.decode()

    assert "Closed on" in content
    assert "/en/ideas/new/" not in content
    assert "This campaign collects ideas without votes." in content
    assert "Ideas appear here at once." in content


def test_a_campaign_page_lists_only_its_own_ideas_and_has_no_campaign_filter(client):
    campaign = make_campaign()
    other = make_campaign("Libraries")
    mine = IdeaFactory(campaign=campaign, title="Water fountain by the swings")
    IdeaFactory(campaign=other, title="Longer library hours")
    IdeaFactory(title="Bike lanes on Girard")

    response = client.get(campaign.url)
    content = response.content.decode()

    assert [idea.pk for idea in response.context["ideas"]] == [mine.pk]
    assert 'name="campaign"' not in content
    assert 'name="q"' in content


def test_the_campaign_editor_fills_the_slug_from_the_title_like_other_pages(client):
    # Wagtail's title → slug sync is the w-sync controller that TitleFieldPanel puts on
    # the title input; a plain FieldPanel("title") left the slug empty.
    client.force_login(UserFactory(roles=[STAFF]))
    index = ideas_index()

    html = client.get(f"/admin/pages/add/ideas/ideacampaignpage/{index.pk}/").content.decode()

    title = re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)
    assert "w-sync" in title and 'data-w-sync-target-value="#id_slug"' in title
