"""Going back where a person came from, when a form says so and the address is ours."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, fallback):
    """Redirect to the form's ``next`` (a path on this site), or else to ``fallback``.

    Used where one action is offered on several pages (unfollowing from the object's page
    or from "My activity"), so the person stays on the page they used.
    """
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)
