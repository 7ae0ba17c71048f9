from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.http import QueryDict
from django.urls import Resolver404, get_resolver, resolve

from .inputs import has_control_characters


class InputGuardMiddleware:
    """Control characters in an address never reach a view, a form or the database.

    A path, query parameter or cookie with NUL can never name a page, filter a list or
    open a session, and handed on it makes PostgreSQL fail (in a view, a form's lookups,
    the session lookup). So, for every view, Wagtail's pages included:

    - a **path** with control characters is answered 400 (the site's ``handler400``);
    - **query parameters** whose name or value holds them are left out, as the site's
      filters leave out values they do not know: the page shows what the rest asks for;
    - **cookies** that hold them are ignored, as if they had not been sent.

    A view that answers such input in its own format (marked with
    :func:`engage.core.inputs.checks_own_input`: the Open311 API, the JSON endpoints) gets
    the request untouched. Request bodies are left to forms, which refuse such text with a
    message beside the field. It sits before the session middleware, so nothing has read
    a cookie yet.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [n for n, v in request.COOKIES.items() if has_control_characters([n, v])]:
            del request.COOKIES[name]
        bad_path = has_control_characters(request.path)
        bad_query = _has_unusable_parameters(request)
        if (bad_path or bad_query) and not _checks_own_input(request):
            if bad_path:
                handler = get_resolver(getattr(request, "urlconf", None)).resolve_error_handler(400)
                return handler(request, BadRequest("Control characters in the path."))
            _leave_out_unusable_parameters(request)
        return self.get_response(request)


def _has_unusable_parameters(request):
    try:
        return has_control_characters(list(request.GET.lists()))
    except (RequestDataTooBig, TooManyFieldsSent):
        return False  # the view meets the same error, and Django answers 400


def _leave_out_unusable_parameters(request):
    kept = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        usable = [value for value in values if not has_control_characters(value)]
        if usable and not has_control_characters(name):
            kept.setlist(name, usable)
    # The query string too: links built from the request's address keep only what is used.
    request.META["QUERY_STRING"] = kept.urlencode()
    kept._mutable = False
    request.GET = kept


def _checks_own_input(request):
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return getattr(match.func, "checks_own_input", False)
