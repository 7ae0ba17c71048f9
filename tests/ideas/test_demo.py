"""The demo content `seed_demo` loads for ideas (ideas/demo.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db.models import Count, Sum
from wagtail.models import Locale, Page, Revision

from engage.core.models import ContentPage, HomePage, SectionPage
from engage.notifications.models import Notification
from ideas.demo import RESIDENT_NAMES, SKIPPED_REASON
from ideas.models import (
    Comment,
    Flag,
    Idea,
    IdeaCampaignPage,
    IdeaFollow,
    IdeasIndexPage,
    Moderation,
    ModerationAction,
    StatusChange,
    Vote,
    VoteBudget,
)
from surveys.models import SurveyIndexPage

Status = Idea.Status


def counts():
    return {
        "users": get_user_model().objects.count(),
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "ideas": Idea.objects.count(),
        "votes": Vote.objects.count(),
        "budgets": sorted(VoteBudget.objects.values_list("used", flat=True)),
        "follows": IdeaFollow.objects.count(),
        "comments": Comment.objects.count(),
        "flags": Flag.objects.count(),
        "history": StatusChange.objects.count(),
        "moderation": ModerationAction.objects.count(),
        "notifications": Notification.objects.count(),
        "vote_counts": list(Idea.objects.order_by("pk").values_list("vote_count", flat=True)),
    }


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


def english():
    return Locale.objects.get(language_code="en")


def spanish():
    return Locale.objects.get(language_code="es")


def test_seed_demo_twice_changes_nothing_and_mails_nobody(
    seeded, django_capture_on_commit_callbacks
):
    first = counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)

    assert counts() == first
    assert first["ideas"] >= 18
    assert first["votes"] >= 100
    assert mail.outbox == []
    # The services queued e-mails as they would for real; the seed marked them skipped.
    queued = Notification.objects.filter(topic="ideas")
    assert queued.exists()
    assert set(queued.values_list("skipped_reason", flat=True)) == {SKIPPED_REASON}
    assert not queued.filter(sent_at__isnull=False).exists()


def test_ideas_in_every_status_in_both_campaigns_and_the_general_box(seeded):
    assert set(Idea.objects.values_list("status", flat=True)) == set(Status.values)

    parks = IdeaCampaignPage.objects.get(slug="parks-in-kensington")
    schools = IdeaCampaignPage.objects.get(slug="safer-streets-around-schools")
    assert parks.is_open() and parks.moderation == Moderation.POST
    assert (parks.vote_budget, parks.support_threshold) == (3, 10)
    assert set(parks.suggested_tags.names()) >= {"benches", "trees"}
    assert schools.has_closed() and schools.moderation == Moderation.PRE
    assert Idea.objects.filter(campaign=parks).count() >= 8
    assert Idea.objects.filter(campaign=schools).count() >= 5
    general = Idea.objects.filter(campaign=None)
    assert general.filter(status=Status.AWAITING).count() == 2
    assert general.filter(status=Status.PUBLISHED).exists()

    # Reaching the threshold moved ideas to review by themselves (no staff member acted).
    assert StatusChange.objects.filter(
        idea__campaign=parks, to_status=Status.UNDER_REVIEW, actor=None
    ).exists()
    declined = Idea.objects.filter(status=Status.DECLINED)
    assert declined.exists()
    for idea in declined:
        assert idea.status_changes.last().answer  # the public reason
    merged = Idea.objects.get(status=Status.MERGED)
    assert merged.merged_into.status == Status.PUBLISHED
    assert merged.vote_count == 0 and not merged.votes.exists()
    withdrawn = Idea.objects.get(status=Status.WITHDRAWN)
    assert withdrawn.status_changes.last().actor == withdrawn.author

    # Everything public was submitted before now, and the history is in order.
    for idea in Idea.objects.all():
        times = list(idea.status_changes.values_list("created_at", flat=True))
        assert times == sorted(times)
        assert times[0] == idea.created_at
        if idea.published_at:
            assert idea.published_at >= idea.created_at


def test_votes_are_consistent_and_come_from_a_few_dozen_residents(seeded):
    for idea in Idea.objects.annotate(rows=Count("votes"), weights=Sum("votes__weight")):
        assert idea.vote_count == idea.rows, idea
        assert idea.trending_score == pytest.approx(idea.weights or 0.0), idea
    voters = get_user_model().objects.filter(idea_votes__isnull=False).distinct()
    assert voters.count() >= 24
    residents = get_user_model().objects.filter(email__startswith="demo-resident-")
    assert residents.count() == len(RESIDENT_NAMES)
    assert not any(person.has_usable_password() for person in residents)
    assert not residents.filter(emailaddress__verified=False).exists()
    assert residents.filter(preferred_language="es").exists()
    # Nobody went over the budget of the campaign that has one.
    parks = IdeaCampaignPage.objects.get(slug="parks-in-kensington")
    per_person = Vote.objects.filter(campaign=parks).values("user").annotate(n=Count("pk"))
    assert max(row["n"] for row in per_person) <= 3
    for budget in VoteBudget.objects.filter(campaign=parks):
        assert budget.used == Vote.objects.filter(campaign=parks, user=budget.user_id).count()
    # The trending order differs from the vote order: recent votes weigh more.
    by_trending = list(Idea.objects.visible().sorted_by("trending").values_list("pk", flat=True))
    by_votes = list(Idea.objects.visible().sorted_by("votes").values_list("pk", flat=True))
    assert by_trending != by_votes


def test_discussion_with_replies_an_official_answer_and_moderation(seeded):
    replies = Comment.objects.filter(parent__isnull=False)
    assert replies.count() >= 3
    assert Comment.objects.filter(is_official=True, author__email="staff@example.org").exists()
    open_flags = Flag.objects.filter(comment__isnull=False, resolved_at=None)
    flagged = Comment.objects.filter(pk__in=open_flags.values("comment"))
    assert flagged.count() == 1
    assert not flagged.get().is_hidden  # waiting in the moderators' queue
    hidden = Comment.objects.get(is_hidden=True)
    assert hidden.hidden_reason
    assert ModerationAction.objects.filter(
        kind=ModerationAction.Kind.HIDE, comment=hidden, moderator__email="moderator@example.org"
    ).exists()
    for idea in Idea.objects.all():
        assert idea.comment_count == idea.comments.visible().count(), idea
    assert Idea.objects.filter(tags__name="benches").exists()
    assert Idea.objects.filter(author__email="resident@example.org").exists()


def test_ideas_section_in_both_languages_right_after_surveys(seeded):
    for locale in (english(), spanish()):
        home = HomePage.objects.get(locale=locale)
        menu = [page.specific_class for page in home.get_children().live().in_menu()]
        assert menu[:2] == [SurveyIndexPage, IdeasIndexPage], locale
    index = IdeasIndexPage.objects.get(locale=english())
    index_es = IdeasIndexPage.objects.get(locale=spanish())
    assert index_es.translation_key == index.translation_key
    assert index_es.alias_of_id is None and index_es.live
    assert index.url == "/en/ideas/" and index_es.url == "/es/ideas/"
    assert not SectionPage.objects.filter(slug="ideas").exists()
    for slug in ("parks-in-kensington", "safer-streets-around-schools"):
        campaign = IdeaCampaignPage.objects.get(slug=slug, locale=english())
        translation = campaign.get_translation(spanish())
        assert translation.live and translation.alias_of_id is None
        assert translation.title != campaign.title
        assert translation.question.startswith("¿")
        assert translation.canonical() == campaign


def test_one_campaign_is_in_english_only_and_marked_so_on_the_spanish_site(seeded, client):
    campaign = IdeaCampaignPage.objects.get(slug="name-the-new-library", locale=english())
    alias = campaign.get_translation(spanish())
    assert alias.alias_of_id == campaign.pk and alias.live
    assert campaign.is_open() and not campaign.ideas.exists()

    html = client.get(alias.url).content.decode()
    assert alias.url.startswith("/es/ideas/")
    assert "language-notice" in html
    assert '<h1 lang="en">A name for the new Center City library</h1>' in html
    listing = client.get("/es/ideas/").content.decode()
    assert f'<a href="{alias.url}" lang="en">A name for the new Center City library</a>' in listing
    assert "language-notice" not in client.get(campaign.url).content.decode()


def test_pages_render_in_english_and_spanish(seeded, client):
    index = IdeasIndexPage.objects.get(locale=english())
    pages = [index, index.get_translation(spanish())]
    for campaign in IdeaCampaignPage.objects.filter(locale=english()):
        pages += [campaign, campaign.get_translation(spanish())]
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    parks_es = IdeaCampaignPage.objects.get(slug="parques-en-kensington")
    html = client.get(parks_es.url).content.decode()
    assert "Parques en Kensington" in html
    assert "More benches along the Tacony Creek trail" in html  # the same ideas


def old_database(*, with_a_page_under_ideas):
    """What seed_demo built before ideas had their own section: a plain "Ideas" SectionPage."""
    en, _ = Locale.objects.get_or_create(language_code="en")
    es, _ = Locale.objects.get_or_create(language_code="es")
    home = HomePage(title="Home", slug="engage-home", locale=en)
    Page.get_first_root_node().add_child(instance=home)
    old = SectionPage(title="Ideas", slug="ideas", show_in_menus=True, locale=en)
    home.add_child(instance=old)
    old.save_revision().publish()
    old.copy_for_translation(es, copy_parents=True).save_revision().publish()
    if with_a_page_under_ideas:
        old.add_child(instance=ContentPage(title="How ideas work", slug="how"))
    return old


def test_an_old_ideas_section_page_is_replaced(db):
    old_database(with_a_page_under_ideas=False)

    call_command("seed_demo", verbosity=0)

    assert not SectionPage.objects.filter(slug="ideas").exists()
    assert IdeasIndexPage.objects.filter(slug="ideas").count() == 2
    assert Idea.objects.exists()


def test_an_old_ideas_section_with_pages_under_it_is_left_alone(db):
    old = old_database(with_a_page_under_ideas=True)

    call_command("seed_demo", verbosity=0)

    assert SectionPage.objects.filter(pk=old.pk, numchild=1).exists()
    assert not IdeasIndexPage.objects.exists()
    assert not Idea.objects.exists()
