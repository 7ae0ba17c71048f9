"""The admin "add" URL of records made elsewhere: no "Add" button, and a redirect that
says where to go (``engage.core.admin_views``). Each part's own use is tested with the
part (reports, ideas, surveys)."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import Http404
from django.test import RequestFactory
from wagtail.admin.viewsets.model import ModelViewSet

from engage.core.admin_views import PublicFormRedirectView, UsesPublicForm
from engage.neighborhoods.models import Neighborhood


def admin_request(path="/admin/things/add/"):
    request = RequestFactory().get(path)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


class ThingViewSet(UsesPublicForm, ModelViewSet):
    model = Neighborhood
    public_form_url_name = "wagtailadmin_home"
    public_form_message = "Things are made on the public form."


@pytest.fixture
def viewset():
    return ThingViewSet(name="things")


def test_the_add_url_redirects_to_the_form_with_the_message(viewset):
    request = admin_request()

    response = viewset.add_view(request)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    messages = [str(m).strip() for m in get_messages(request)]
    assert messages == ["Things are made on the public form."]


def test_without_a_message_it_only_redirects():
    request = admin_request()
    view = PublicFormRedirectView.as_view(url_name="wagtailadmin_home")

    response = view(request)

    assert response["Location"] == "/admin/"
    assert list(get_messages(request)) == []


def test_a_form_that_is_not_mounted_is_not_found():
    view = PublicFormRedirectView.as_view(url_name="nowhere:new")

    with pytest.raises(Http404):
        view(admin_request())


def test_the_list_has_no_add_url(viewset):
    assert viewset.get_index_view_kwargs()["add_url_name"] is None
    # The other views keep theirs (the chooser's "add" link also reaches the redirect).
    assert viewset.get_common_view_kwargs()["add_url_name"] == "things:add"


def test_a_viewset_may_still_name_the_lists_add_url(viewset):
    assert viewset.get_index_view_kwargs(add_url_name="x:add")["add_url_name"] == "x:add"
