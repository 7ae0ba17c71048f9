"""The knowledge base's public views: the answer page's feedback (its route ``feedback/``).

The index and answer pages themselves are served by Wagtail; their context comes from
``listing``.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from engage.core.ratelimit import RateLimit, client_address

from . import services
from .forms import YES, AnswerFeedbackForm


def feedback_limit():
    return RateLimit.from_rate("knowledge-feedback", settings.KNOWLEDGE_FEEDBACK_RATE)


def feedback(request, page):
    """Record "Did this answer your question?" and thank the reader on the answer page.

    A refused or incomplete form shows the page again with what was typed and why.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AnswerFeedbackForm(request.POST)
    if not form.is_valid():
        return _answer_page(request, page, form, status=400)
    wait = feedback_limit().hit(client_address(request))
    if wait:
        form.add_error(
            None,
            _(
                "Thank you, but we have received a lot from this connection. "
                "Please try again later."
            ),
        )
        return _answer_page(request, page, form, status=429)
    source = form.cleaned_source()
    feedback = services.record_feedback(
        page,
        helpful=form.cleaned_data["helpful"] == YES,
        comment=form.cleaned_data["comment"],
        source=source,
        language=get_language() or "",
    )
    if feedback.avoided_request:
        messages.success(
            request,
            _("We are glad this answered your question. Nothing was reported; thank you."),
        )
    else:
        messages.success(request, _("Thank you for telling us. It helps us improve our answers."))
    # Back to the top of the answer, where the thanks are shown (post, redirect, get).
    return redirect(page.get_url(request))


def _answer_page(request, page, form, *, status):
    context = page.get_context(request)
    context["feedback_form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)
