"""Comments on ideas: ``COMMENT_RATE`` per account, the text kept past it.

On the local-memory cache and, when ``REDIS_URL`` is set, on Redis."""

import pytest
from django.test import Client

from ideas.models import Comment
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory, make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(db):
    return IdeaFactory(campaign=make_campaign())


def comment(client, idea, body):
    return client.post(f"/en/ideas/{idea.pk}/comment/", {"body": body})


def test_past_the_limit_the_comment_stays_in_the_form_and_nothing_is_posted(
    client, resident, idea, settings, counter_cache
):
    settings.COMMENT_RATE = "2/d"
    client.force_login(resident)
    for body in ("One", "Two"):
        assert comment(client, idea, body).status_code == 302

    refused = comment(client, idea, "Three, typed with care")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    page = refused.content.decode()
    assert "Nothing you typed is lost" in page
    assert "Three, typed with care" in page
    assert Comment.objects.count() == 2

    other = Client()
    other.force_login(UserFactory())
    assert comment(other, idea, "Someone else").status_code == 302
