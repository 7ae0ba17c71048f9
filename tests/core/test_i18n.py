import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


@pytest.mark.django_db
def test_the_root_redirects_to_the_browsers_language(client, demo):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9").url == "/es/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").url == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR").url == "/en/"


@pytest.mark.django_db
def test_switching_language_goes_to_the_translated_page_and_is_remembered(client, demo):
    page = client.get("/en/surveys/").content.decode()
    # The switcher points at the Spanish translation, whose slug differs.
    assert '<input type="hidden" name="next" value="/es/encuestas/">' in page

    response = client.post("/i18n/setlang/", {"language": "es", "next": "/es/encuestas/"})

    assert response.status_code == 302
    assert response.url == "/es/encuestas/"
    assert response.cookies["django_language"].value == "es"
    assert client.get("/").url == "/es/"


@pytest.mark.django_db
def test_switching_language_on_a_non_page_view_swaps_the_prefix(client, demo):
    page = client.get("/en/accounts/login/").content.decode()

    assert '<input type="hidden" name="next" value="/es/accounts/login/">' in page


@pytest.mark.django_db
def test_the_interface_is_in_spanish_under_es(client, demo):
    content = client.get("/es/").content.decode()

    assert '<html lang="es">' in content
    assert "Saltar al contenido principal" in content
    assert "Participe" in content
    assert ">Iniciar sesión</a>" in content
    assert ">Registrarse</a>" in content


@pytest.mark.django_db
def test_the_spanish_login_page_is_translated(client):
    content = client.get("/es/accounts/login/").content.decode()

    assert '<html lang="es">' in content
    assert "Iniciar sesión" in content
