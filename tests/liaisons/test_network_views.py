"""The liaison network's public pages: applying, my application, stepping down, the
directory and writing to a liaison (liaisons.views.network)."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from engage.accounts.roles import LIAISON, STAFF, has_role
from liaisons.models import Liaison, LiaisonApplication, LiaisonContactMessage
from liaisons.services import network as services
from tests.factories import NeighborhoodFactory, UserFactory
from tests.liaisons.factories import LiaisonFactory

Status = LiaisonApplication.Status
pytestmark = pytest.mark.django_db

APPLY = reverse("liaisons:apply")
MINE = reverse("liaisons:my_application")
STEP_DOWN = reverse("liaisons:step_down")
DIRECTORY = reverse("liaisons:directory")


@pytest.fixture
def hoods():
    return (
        NeighborhoodFactory(name="Kensington", slug="kensington"),
        NeighborhoodFactory(name="Fishtown", slug="fishtown"),
    )


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def form_data(*hoods, **overrides):
    return {
        "neighborhoods": [h.pk for h in hoods],
        "display_name": "Rosa M.",
        "motivation": "I walk these streets every day.",
        "availability": "Saturday mornings",
        "contact_preference": "555-0101",
        "bio": "Gardener and block captain.",
        **overrides,
    }


# == Applying ==


def test_applying_needs_an_account(client):
    response = client.get(APPLY)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_form_asks_for_everything_and_suggests_the_public_name(resident_client, hoods):
    page = html(resident_client.get(APPLY))
    for label in ("Neighborhoods", "Public name", "Availability", "How to reach you", "Short bio"):
        assert label in page
    assert 'value="Rosa"' in page
    assert "Kensington" in page and "Fishtown" in page


def test_an_application_is_sent_and_shown_on_my_application(resident_client, resident, hoods):
    response = resident_client.post(APPLY, form_data(*hoods))

    assert response.status_code == 302 and response.url == MINE
    application = LiaisonApplication.objects.get(applicant=resident)
    assert application.status == Status.PENDING
    page = html(resident_client.get(MINE))
    assert "Waiting for review" in page and 'id="withdraw-form"' in page
    assert "Rosa M." in page


def test_a_form_with_errors_keeps_what_was_typed(resident_client, hoods):
    page = html(resident_client.post(APPLY, form_data(motivation="", availability="")))

    assert "Choose at least one neighborhood." in page
    assert "This field is required." in page
    assert "I walk these streets every day." not in page  # the motivation was left empty
    assert 'value="Rosa M."' in page and "Gardener and block captain." in page
    assert 'value="555-0101"' in page
    assert not LiaisonApplication.objects.exists()


def test_a_second_application_is_refused_with_a_link_to_the_first(resident_client, resident, hoods):
    resident_client.post(APPLY, form_data(hoods[0]))

    page = html(resident_client.get(APPLY))
    assert "already have an application waiting" in page
    assert f'href="{MINE}"' in page and 'id="apply-form"' not in page
    page = html(resident_client.post(APPLY, form_data(hoods[1])))
    assert "already have an application waiting" in page
    assert LiaisonApplication.objects.filter(applicant=resident).count() == 1


def test_an_active_liaison_is_not_offered_the_form(client, hoods):
    term = LiaisonFactory(neighborhoods=[hoods[0]])
    client.force_login(term.user)

    page = html(client.get(APPLY))

    assert "You are already a liaison" in page and 'id="apply-form"' not in page
    assert not LiaisonApplication.objects.exists()


def test_applying_again_starts_from_the_last_application(resident_client, resident, hoods):
    application = services.apply(resident, **{**form_data(hoods[1]), "neighborhoods": [hoods[1]]})
    services.decline(application, UserFactory(roles=[STAFF]), "Come back in spring")

    page = html(resident_client.get(MINE))
    assert "Come back in spring" in page and "Declined" in page
    page = html(resident_client.get(APPLY))
    assert "I walk these streets every day." in page
    assert re.search(rf'value="{hoods[1].pk}"[^>]*checked', page)
    assert not re.search(rf'value="{hoods[0].pk}"[^>]*checked', page)


def test_the_applicant_withdraws_a_pending_application(resident_client, resident, hoods):
    resident_client.post(APPLY, form_data(hoods[0]))

    response = resident_client.post(reverse("liaisons:withdraw_application"))

    assert response.status_code == 302
    assert LiaisonApplication.objects.get().status == Status.WITHDRAWN
    page = html(resident_client.get(MINE))
    assert "Withdrawn" in page and 'id="withdraw-form"' not in page
    assert f'href="{APPLY}"' in page


def test_withdrawing_is_a_post(resident_client, resident, hoods):
    resident_client.post(APPLY, form_data(hoods[0]))
    assert resident_client.get(reverse("liaisons:withdraw_application")).status_code == 405
    assert LiaisonApplication.objects.get().status == Status.PENDING


# == Stepping down ==


def test_a_liaison_steps_down_after_confirming(client, hoods):
    term = LiaisonFactory(neighborhoods=[hoods[0]])
    client.force_login(term.user)

    page = html(client.get(STEP_DOWN))
    assert "Kensington" in page and 'id="step-down-form"' in page
    assert Liaison.objects.active().filter(pk=term.pk).exists()

    response = client.post(STEP_DOWN, {"note": "New job"})

    assert response.status_code == 302
    term.refresh_from_db()
    assert term.ending == Liaison.Ending.STEPPED_DOWN and term.ending_note == "New job"
    assert not has_role(type(term.user).objects.get(pk=term.user.pk), LIAISON)
    page = html(client.get(MINE))
    assert "Past terms" in page and "Stepped down" in page


def test_someone_who_is_not_a_liaison_cannot_step_down(resident_client):
    response = resident_client.post(STEP_DOWN)
    assert response.status_code == 302 and response.url == MINE


# == The directory ==


@pytest.fixture
def network(hoods):
    """Two active liaisons and one who stepped down, each with a private address."""
    kensington, fishtown = hoods
    ana = LiaisonFactory(
        display_name="Ana K.",
        bio="Kensington since 1990.",
        neighborhoods=[kensington],
        user=UserFactory(email="ana-private@example.org"),
    )
    both = LiaisonFactory(
        display_name="Bo F.",
        neighborhoods=[kensington, fishtown],
        user=UserFactory(email="bo-private@example.org"),
    )
    gone = LiaisonFactory(
        display_name="Gone G.",
        neighborhoods=[fishtown],
        user=UserFactory(email="gone-private@example.org"),
    )
    services.step_down(gone.user)
    return ana, both, gone


def test_the_directory_shows_only_active_liaisons(client, network):
    page = html(client.get(DIRECTORY))

    assert "Ana K." in page and "Bo F." in page and "Kensington since 1990." in page
    assert "Gone G." not in page
    assert "2 liaisons" in page


def test_a_neighborhoods_directory_shows_its_liaisons(client, network, hoods):
    page = html(client.get(reverse("liaisons:directory_neighborhood", args=["fishtown"])))

    assert "Liaisons for Fishtown" in page
    assert "Bo F." in page and "Ana K." not in page and "Gone G." not in page


def test_the_directorys_picker_works_without_javascript(client, network):
    response = client.get(DIRECTORY, {"neighborhood": "fishtown"})
    assert response.status_code == 302
    assert response.url == reverse("liaisons:directory_neighborhood", args=["fishtown"])
    assert client.get(DIRECTORY, {"neighborhood": "nowhere"}).status_code == 200


def test_an_unknown_neighborhood_is_not_found_and_an_empty_one_says_so(client, network):
    assert (
        client.get(reverse("liaisons:directory_neighborhood", args=["nowhere"])).status_code == 404
    )
    NeighborhoodFactory(name="Port Richmond", slug="port-richmond")
    page = html(client.get(reverse("liaisons:directory_neighborhood", args=["port-richmond"])))
    assert "Port Richmond has no liaison yet." in page and f'href="{APPLY}"' in page


def test_the_directory_pages_in_a_fixed_number_of_queries(client, hoods):
    def queries_for_directory():
        with CaptureQueriesContext(connection) as queries:
            page = html(client.get(DIRECTORY))
        return len(queries), page

    client.get(DIRECTORY)  # the first request of a site stores its branding: not counted
    for _ in range(3):
        LiaisonFactory(neighborhoods=list(hoods))
    few, _page = queries_for_directory()
    for _ in range(30):
        LiaisonFactory(neighborhoods=list(hoods))
    many, page = queries_for_directory()

    assert many == few
    assert "Page 1 of 2" in page and page.count('class="usa-card ') == 24


# == Writing to a liaison ==


def contact_url(term):
    return reverse("liaisons:contact_liaison", args=[term.pk])


def test_writing_needs_an_account(client, network):
    ana = network[0]
    response = client.get(contact_url(ana))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    response = client.post(contact_url(ana), {"sender_name": "X", "body": "Hi"})
    assert response.status_code == 302 and not LiaisonContactMessage.objects.exists()


def test_a_past_liaison_cannot_be_written_to(resident_client, network):
    assert resident_client.get(contact_url(network[2])).status_code == 404


def test_no_page_ever_shows_a_liaisons_address(
    resident_client, network, django_capture_on_commit_callbacks
):
    ana = network[0]
    private = [term.user.email for term in network]
    anonymous = Client()
    pages = [
        anonymous.get(DIRECTORY),
        anonymous.get(reverse("liaisons:directory_neighborhood", args=["kensington"])),
        anonymous.get("/en/search/", {"q": "Kensington", "kind": "liaisons"}),
        resident_client.get(DIRECTORY),
        resident_client.get(contact_url(ana)),
        resident_client.post(contact_url(ana), {"sender_name": "", "body": ""}),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        sent = resident_client.post(
            contact_url(ana), {"sender_name": "Rosa", "body": "Trash on 5th St"}, follow=True
        )
    pages.append(sent)

    for response in pages:
        page = html(response)
        for address in private:
            assert address not in page
    assert "Your message is sent to Ana K." in html(sent)
    [mailed] = mail.outbox
    assert mailed.to == ["ana-private@example.org"]
    assert mailed.reply_to == ["resident@example.org"]


def test_a_message_with_errors_keeps_what_was_typed(resident_client, network):
    page = html(resident_client.post(contact_url(network[0]), {"sender_name": "Rosa", "body": ""}))

    assert "This field is required." in page and 'value="Rosa"' in page
    assert not LiaisonContactMessage.objects.exists()


def test_the_sender_is_limited_and_keeps_the_message(resident_client, network, settings):
    settings.LIAISON_CONTACT_RATE = "2/h"
    ana, bo, _gone = network
    for body in ("First", "Second"):
        response = resident_client.post(contact_url(ana), {"sender_name": "Rosa", "body": body})
        assert response.status_code == 302

    # A third message, even to another liaison, waits; what was typed is on the form.
    page = html(
        resident_client.post(contact_url(bo), {"sender_name": "Rosa", "body": "Third message"})
    )

    assert "You have sent many messages in a short time" in page
    assert "Third message" in page and 'value="Rosa"' in page
    assert LiaisonContactMessage.objects.count() == 2


def test_the_limit_per_address_holds_across_accounts(client, network, settings):
    settings.LIAISON_CONTACT_IP_RATE = "1/h"
    ana = network[0]
    for number, expected in ((1, 302), (2, 200)):
        client.force_login(UserFactory())
        response = client.post(contact_url(ana), {"sender_name": "N", "body": f"Hi {number}"})
        assert response.status_code == expected
    assert LiaisonContactMessage.objects.count() == 1


def test_the_limit_message_is_in_the_visitors_language(resident_client, network, settings):
    settings.LIAISON_CONTACT_RATE = "1/h"
    url = "/es" + contact_url(network[0])[3:]
    resident_client.post(url, {"sender_name": "Rosa", "body": "Uno"})

    page = html(resident_client.post(url, {"sender_name": "Rosa", "body": "Dos"}))

    assert "Envió muchos mensajes en poco tiempo. Su mensaje aún no se envió" in page
    assert "You have sent many messages" not in page
    assert "Dos" in page


def test_a_refusal_is_in_the_visitors_language(client, hoods):
    person = UserFactory()
    services.apply(person, **{**form_data(hoods[0]), "neighborhoods": [hoods[0]]})
    client.force_login(person)

    page = html(client.get("/es" + APPLY[3:]))

    assert "Ya tiene una solicitud pendiente de revisión." in page
    assert 'lang="es"' in page


def test_a_message_sent_after_the_session_expired_waits_for_the_log_in(client, network):
    ana = network[0]
    response = client.post(contact_url(ana), {"sender_name": "Rosa", "body": "Broken bench"})
    assert response.status_code == 302 and "/accounts/login/" in response.url

    client.force_login(UserFactory())
    page = html(client.get(contact_url(ana)))

    assert "Broken bench" in page and 'value="Rosa"' in page
    assert not LiaisonContactMessage.objects.exists()
    assert "Broken bench" not in html(client.get(contact_url(ana)))  # kept once, not forever


def test_an_application_sent_after_the_session_expired_waits_for_the_log_in(client, hoods):
    response = client.post(APPLY, form_data(hoods[1], motivation="Twenty years on this block."))
    assert response.status_code == 302 and "/accounts/login/" in response.url

    client.force_login(UserFactory())
    page = html(client.get(APPLY))

    assert "Twenty years on this block." in page and 'value="555-0101"' in page
    assert re.search(rf'value="{hoods[1].pk}"[^>]*checked', page)
    assert not LiaisonApplication.objects.exists()


def test_the_limit_is_counted_in_the_cache_every_server_shares(
    redis_cache, resident_client, network, settings
):
    settings.LIAISON_CONTACT_RATE = "1/h"
    url = contact_url(network[0])
    assert resident_client.post(url, {"sender_name": "Rosa", "body": "One"}).status_code == 302

    page = html(resident_client.post(url, {"sender_name": "Rosa", "body": "Two"}))

    assert "You have sent many messages in a short time" in page
    assert any(key.startswith("liaison-contact:sender") for key in redis_cache_keys(redis_cache))


def redis_cache_keys(redis_cache):
    client = redis_cache._cache.get_client()
    prefix = redis_cache.make_key("")
    return [key.decode().removeprefix(prefix) for key in client.scan_iter(f"{prefix}*")]


def test_the_directory_leads_a_resident_to_their_application(client, resident):
    assert f'href="{MINE}"' not in html(client.get(DIRECTORY))
    client.force_login(resident)
    assert f'href="{MINE}"' in html(client.get(DIRECTORY))


def test_a_liaison_whose_account_is_closed_is_not_listed_nor_written_to(resident_client, network):
    ana = network[0]
    type(ana.user).objects.filter(pk=ana.user_id).update(is_active=False)

    assert "Ana K." not in html(resident_client.get(DIRECTORY))
    assert resident_client.get(contact_url(ana)).status_code == 404
    found = resident_client.get("/en/search/", {"q": "Ana", "kind": "liaisons"})
    assert "Ana K." not in html(found)
