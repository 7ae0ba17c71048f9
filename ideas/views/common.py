"""What the idea views share: finding the idea, asking visitors to log in first, JSON or not."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404

from .. import rules
from ..models import (
    Comment,
    Idea,
    IdeaCampaignPage,
)

# Who sees what ---------------------------------------------------------------------


def get_idea(request, pk):
    idea = get_object_or_404(
        Idea.objects.select_related("campaign", "neighborhood", "author", "merged_into"), pk=pk
    )
    if not rules.can_view(request.user, idea):
        raise Http404
    return idea


def wants_json(request):
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )


def login_first(message, *, comment=False):
    """Send an anonymous visitor to log in, then back: to the page they asked for (GET) or
    to the idea (POST: never to the address of an action).

    ``pk`` names a comment when ``comment`` is true, else an idea. A ``fetch`` call gets a
    JSON answer with the address of the log-in page instead.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, pk, *args, **kwargs):
            if request.user.is_authenticated:
                return view(request, pk, *args, **kwargs)
            if comment:
                found = get_object_or_404(Comment.objects.select_related("idea"), pk=pk)
                if not rules.can_view(request.user, found.idea):
                    raise Http404
                back = found.get_absolute_url()
            else:
                back = get_idea(request, pk).get_absolute_url()
            if request.method == "GET":
                back = request.get_full_path()
            if wants_json(request):
                login_url = redirect_to_login(back)["Location"]
                return JsonResponse({"message": str(message), "login_url": login_url}, status=401)
            messages.info(request, message)
            return redirect_to_login(back)

        return wrapped

    return decorator


# Submitting and editing ----------------------------------------------------------------


def campaign_from(value):
    """The live campaign with this page id (any translation of it), or None."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return IdeaCampaignPage.objects.live().filter(pk=pk).first()
