"""Factories for ideas, shared by every test module about ideas.

    campaign = make_campaign(vote_budget=3, support_threshold=10)
    idea = IdeaFactory(campaign=campaign, author=resident)  # published (post-moderation)
    services.cast_vote(idea, voter)

``IdeaFactory`` goes through ``services.submit_idea`` so an idea has its first history
entry and its author follows it, exactly as a submitted one. Pass ``status=`` to move it
on afterwards (awaiting → published via ``publish``, decisions via ``decide``).
"""

from datetime import timedelta

import factory
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from engage.core.models import HomePage
from ideas import services
from ideas.models import Idea, IdeaCampaignPage, IdeasIndexPage, Moderation
from tests.factories import UserFactory

Status = Idea.Status


def home_page():
    """The English home page as the default site's root (what seed_demo sets up)."""
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Home", slug="home-test", intro="Welcome")
        )
        site = Site.objects.get(is_default_site=True)
        site.root_page = home
        site.save()
    return home


def ideas_index(**fields):
    index = IdeasIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        fields.setdefault("general_box_moderation", Moderation.POST)
        index = home_page().add_child(
            instance=IdeasIndexPage(title="Ideas", slug="ideas", **fields)
        )
        index.save_revision().publish()
    elif fields:
        for name, value in fields.items():
            setattr(index, name, value)
        index.save_revision().publish()
    return index


def make_campaign(title="Parks in Kensington", **fields):
    """A live campaign, open since yesterday, post-moderated, with voting on."""
    fields.setdefault("question", "How should we improve parks in Kensington?")
    fields.setdefault("opens_at", timezone.now() - timedelta(days=1))
    fields.setdefault("moderation", Moderation.POST)
    slug = fields.pop("slug", None) or f"campaign-{IdeaCampaignPage.objects.count() + 1}"
    campaign = ideas_index().add_child(instance=IdeaCampaignPage(title=title, slug=slug, **fields))
    campaign.save_revision().publish()
    campaign.refresh_from_db()
    return campaign


class IdeaFactory(factory.Factory):
    class Meta:
        model = Idea

    author = factory.LazyFunction(UserFactory)
    campaign = None
    title = factory.Sequence(lambda n: f"More benches along the river trail {n}")
    summary = "Places to rest every few hundred metres."
    body = "<p>Older residents cannot walk the whole trail without resting.</p>"

    @classmethod
    def _create(cls, model_class, *, status=None, moderator=None, **fields):
        if fields.get("campaign") is None:
            ideas_index()
        idea = services.submit_idea(**fields)
        if status is None or status == idea.status:
            return idea
        staff = moderator or UserFactory(roles=["Staff"])
        if idea.status == Status.AWAITING:
            idea = services.publish(idea, staff)
        if status == Status.WITHDRAWN:
            return services.withdraw_idea(idea, idea.author)
        if status == Status.AWAITING:
            raise ValueError("Submit to a pre-moderated campaign for an idea awaiting moderation")
        if status != Status.PUBLISHED:
            idea = services.decide(idea, staff, status, "<p>The city's answer.</p>")
        return idea


def add_threads(idea, count, *, replies=1):
    """``count`` comment threads on ``idea``, oldest first, each with ``replies`` replies.

    One commenter writes them all (so nobody is e-mailed); returns the top-level comments.
    """
    commenter = UserFactory()
    threads = []
    for number in range(1, count + 1):
        thread = services.add_comment(idea, commenter, f"<p>Thread {number}.</p>")
        for reply in range(1, replies + 1):
            services.add_comment(
                idea, commenter, f"<p>Reply {reply} to {number}.</p>", parent=thread
            )
        threads.append(thread)
    return threads
