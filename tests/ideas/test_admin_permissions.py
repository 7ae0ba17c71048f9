"""Who reaches the ideas screens of the Wagtail admin, and who may act (see docs/roles.md).

Moderators run the queues: publish, hide, restore, dismiss flags, block and unblock.
Staff also decide statuses with an official answer and merge ideas. Residents, liaisons
and educators have no admin access; anonymous visitors are sent to log in.
"""

import pytest

from engage.accounts.roles import EDUCATOR, LIAISON, MODERATOR, STAFF
from ideas import services
from ideas.models import Flag, Idea, Moderation, ModerationAction, PostingBlock
from tests.factories import ANONYMOUS, RESIDENT, SUPERUSER, UserFactory, make_person
from tests.ideas.factories import IdeaFactory, make_campaign

Status = Idea.Status

PEOPLE = [ANONYMOUS, RESIDENT, LIAISON, EDUCATOR, MODERATOR, STAFF, SUPERUSER]
MODERATORS = {MODERATOR, STAFF, SUPERUSER}
DECIDERS = {STAFF, SUPERUSER}

IDEAS = "/admin/snippets/ideas/idea/"
COMMENTS = "/admin/snippets/ideas/comment/"
BLOCKS = "/admin/snippets/ideas/postingblock/"

# Pages (GET) and who may open them; {idea}, {comment} and {block} are filled in.
PAGES = {
    IDEAS: MODERATORS,
    IDEAS + "edit/{idea}/": MODERATORS,
    IDEAS + "export/": MODERATORS,
    "/admin/ideas/moderation-queue/": MODERATORS,
    "/admin/ideas/flagged/": MODERATORS,
    COMMENTS: MODERATORS,
    COMMENTS + "edit/{comment}/": MODERATORS,
    BLOCKS: MODERATORS,
    BLOCKS + "add/": MODERATORS,
    BLOCKS + "delete/{block}/": MODERATORS,
    "/admin/snippets/ideas/moderationaction/": MODERATORS,
    IDEAS + "publish/{idea}/": MODERATORS,
    IDEAS + "hide/{idea}/": MODERATORS,
    IDEAS + "block/{idea}/": MODERATORS,
    COMMENTS + "hide/{comment}/": MODERATORS,
    IDEAS + "decide/{idea}/": DECIDERS,
    IDEAS + "merge/{idea}/": DECIDERS,
}


def _campaigns():
    return make_campaign("Open campaign"), make_campaign("Vetted", moderation=Moderation.PRE)


def _refused(response, person):
    if person == ANONYMOUS:
        return response.status_code == 302 and response.url.startswith("/admin/login/")
    return response.status_code == 403 or (
        response.status_code == 302 and response.url.split("?")[0] in {"/admin/", "/admin/login/"}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
def test_who_reaches_the_ideas_screens(client, person):
    campaign, _vetted = _campaigns()
    idea = IdeaFactory(campaign=campaign)
    comment = services.add_comment(idea, UserFactory(), "<p>Hello</p>")
    moderator = UserFactory(roles=[MODERATOR])
    services.block_user(moderator, UserFactory(), "Spam")
    block = PostingBlock.objects.get()
    user = make_person(person)
    if user:
        client.force_login(user)

    for page, allowed in PAGES.items():
        url = page.format(idea=idea.pk, comment=comment.pk, block=block.pk)
        response = client.get(url)
        if person in allowed:
            assert response.status_code == 200, f"{person} should reach {url}"
        else:
            assert _refused(response, person), f"{person} must not reach {url}"


def _arrange(campaign, vetted):
    """One idea (or comment, or block) in the right state for each action."""
    moderator = UserFactory(roles=[MODERATOR])
    awaiting = IdeaFactory(campaign=vetted)
    published = IdeaFactory(campaign=campaign)
    hidden = IdeaFactory(campaign=campaign)
    services.hide(moderator, "Spam", idea=hidden)
    flagged = IdeaFactory(campaign=campaign)
    services.flag(UserFactory(), reason="spam", idea=flagged)
    comment = services.add_comment(published, UserFactory(), "<p>Rude</p>")
    to_block = IdeaFactory(campaign=campaign)
    blocked = UserFactory()
    services.block_user(moderator, blocked, "Spam")
    to_decide = IdeaFactory(campaign=campaign)
    to_merge, target = IdeaFactory(campaign=campaign), IdeaFactory(campaign=campaign)

    def refresh(obj):
        obj.refresh_from_db()
        return obj

    return {
        # name: (url, data, did it happen?)
        "publish": (
            f"{IDEAS}publish/{awaiting.pk}/",
            {},
            lambda: refresh(awaiting).status == Status.PUBLISHED,
        ),
        "hide": (
            f"{IDEAS}hide/{published.pk}/",
            {"reason": "Off topic"},
            lambda: refresh(published).is_hidden,
        ),
        "restore": (
            f"{IDEAS}restore/{hidden.pk}/",
            {},
            lambda: not refresh(hidden).is_hidden,
        ),
        "dismiss": (
            f"{IDEAS}dismiss/{flagged.pk}/",
            {},
            lambda: not Flag.objects.filter(idea=flagged, resolved_at=None).exists(),
        ),
        "hide comment": (
            f"{COMMENTS}hide/{comment.pk}/",
            {"reason": "Rude"},
            lambda: refresh(comment).is_hidden,
        ),
        "block": (
            f"{IDEAS}block/{to_block.pk}/",
            {"reason": "Spam"},
            lambda: PostingBlock.objects.filter(user=to_block.author).exists(),
        ),
        "unblock": (
            f"{BLOCKS}delete/{PostingBlock.objects.get(user=blocked).pk}/",
            {},
            lambda: not PostingBlock.objects.filter(user=blocked).exists(),
        ),
        "decide": (
            f"{IDEAS}decide/{to_decide.pk}/",
            {"status": Status.ACCEPTED, "answer": "We will do it."},
            lambda: refresh(to_decide).status == Status.ACCEPTED,
        ),
        "merge": (
            f"{IDEAS}merge/{to_merge.pk}/",
            {"target": target.pk},
            lambda: refresh(to_merge).status == Status.MERGED,
        ),
    }


MODERATION = {"publish", "hide", "restore", "dismiss", "hide comment", "block", "unblock"}
ALLOWED_ACTIONS = {
    MODERATOR: MODERATION,
    STAFF: MODERATION | {"decide", "merge"},
    SUPERUSER: MODERATION | {"decide", "merge"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
def test_who_may_act(client, person):
    actions = _arrange(*_campaigns())
    user = make_person(person)
    if user:
        client.force_login(user)
    logged_before = ModerationAction.objects.count()

    for name, (url, data, happened) in actions.items():
        response = client.post(url, data)
        if name in ALLOWED_ACTIONS.get(person, set()):
            assert response.status_code == 302, f"{person} should {name}"
            assert happened(), f"{person} should {name}"
        else:
            assert _refused(response, person), f"{person} must not {name}"
            assert not happened(), f"{person} must not {name}"

    allowed = ALLOWED_ACTIONS.get(person, set())
    # Every moderation action is in the log with the person's name; decisions and
    # merges are in the idea's status history instead.
    assert ModerationAction.objects.count() - logged_before == len(allowed & MODERATION)
    if user and allowed:
        assert set(
            ModerationAction.objects.order_by("-pk")[: len(allowed & MODERATION)].values_list(
                "moderator", flat=True
            )
        ) == {user.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("person", [MODERATOR, STAFF, SUPERUSER])
def test_the_ideas_menu_is_shown_to_moderators_and_staff(client, person):
    client.force_login(make_person(person))
    html = client.get("/admin/").content.decode()
    for screen in ("ideas/moderation-queue/", "ideas/flagged/", "snippets/ideas/idea/"):
        assert f"/admin/{screen}" in html


@pytest.mark.django_db
def test_a_moderator_does_not_see_the_decision_buttons_but_staff_do(client):
    idea = IdeaFactory(campaign=_campaigns()[0])
    page = f"{IDEAS}edit/{idea.pk}/"

    client.force_login(make_person(MODERATOR))
    html = client.get(page).content.decode()
    assert f"{IDEAS}decide/{idea.pk}/" not in html and f"{IDEAS}hide/{idea.pk}/" in html

    client.force_login(make_person(STAFF))
    html = client.get(page).content.decode()
    assert f"{IDEAS}decide/{idea.pk}/" in html and f"{IDEAS}merge/{idea.pk}/" in html


@pytest.mark.django_db
def test_a_post_without_csrf_token_is_refused(campaign):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(make_person(STAFF))
    idea = IdeaFactory(campaign=campaign)

    response = csrf_client.post(f"{IDEAS}hide/{idea.pk}/", {"reason": "Spam"})

    assert response.status_code == 403
    idea.refresh_from_db()
    assert not idea.is_hidden
