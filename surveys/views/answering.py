"""Answering a survey: one page of questions at a time, then the thank-you page.

The answers given so far travel in the session (and, for logged-in people, in a saved
``Draft``, so they can stop and continue later on another device). Each step checks only
its own page; the last step checks the whole response again (every page, every condition)
and stores it in one transaction. Whatever is refused, the page comes back with every
answer the person gave and a message beside each question that needs attention.

Anonymous visitors get a best-effort limit of one response: a signed cookie remembers that
this browser answered, and a per-address rate limit (``SURVEY_ANONYMOUS_RATE``) stops a
script from filling the survey. Neither can stop a determined person with several
browsers; surveys that need one response per person use a logged-in audience.

Someone who came with an access code is limited per code instead (``SURVEY_CODE_RATE``):
a whole class answers from one school address. A browser carrying a pair key
(``surveys.pairing``: a youth participant) answers once per key, whatever the device, and
one shared classroom tablet serves several participants, so the cookie does not apply.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from engage.core import honeypot
from engage.core.inputs import has_control_characters
from engage.core.ratelimit import RateLimit, client_address

from .. import pairing, rules, services
from ..models import AccessCode
from ..questions import raw_from_form, unusable_answers

ANSWERED_COOKIE = "survey-answered-{}"
DONE_SESSION_KEY = "survey-done-{}"
CODE_SESSION_KEY = "survey-code-{}"
ANSWERS_SESSION_KEY = "survey-answers-{}"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _rate_limited(request, survey, code):
    """True once an address has sent ``SURVEY_ANONYMOUS_RATE`` responses in an hour, or
    a code ``SURVEY_CODE_RATE``."""
    if code is not None:
        limit = RateLimit("survey-code-rate", settings.SURVEY_CODE_RATE, period=3600)
        return bool(limit.hit(str(code.pk)))
    limit = RateLimit("survey-rate", settings.SURVEY_ANONYMOUS_RATE, period=3600)
    return bool(limit.hit(f"{survey.pk}:{client_address(request)}"))


def _access_code(request, survey):
    code_id = request.session.get(CODE_SESSION_KEY.format(survey.pk))
    if code_id is None:
        return None
    return AccessCode.objects.filter(pk=code_id, survey=survey).first()


def _try_code(request, survey, typed):
    typed = typed.strip().upper()
    if not typed or has_control_characters(typed):
        return None
    code = AccessCode.objects.filter(code=typed, survey=survey).first()
    if code is None or not code.is_valid():
        return None
    request.session[CODE_SESSION_KEY.format(survey.pk)] = code.pk
    return code


class Progress:
    """Where a person is: the raw answers so far and the page they are on."""

    def __init__(self, request, page):
        self.request = request
        self.page = page
        self.key = ANSWERS_SESSION_KEY.format(page.source.pk)
        stored = request.session.get(self.key)
        self.answers, self.step = {}, 0
        self.wants_outcome = bool(stored and stored.get("wants_outcome"))
        if stored:
            self.answers, self.step = stored.get("answers", {}), stored.get("step", 0)
        elif request.user.is_authenticated:
            draft = services.load_draft(page, request.user)
            if draft is not None:
                self.answers, self.step = draft.answers, draft.page
        self.step = max(0, min(self.step, page.structure.page_count - 1))

    def save(self, *, draft=False):
        self.request.session[self.key] = {
            "answers": self.answers,
            "step": self.step,
            "wants_outcome": self.wants_outcome,
        }
        if draft and self.request.user.is_authenticated:
            services.save_draft(self.page, self.request.user, self.answers, self.step)

    def clear(self):
        self.request.session.pop(self.key, None)


def _asked_pages(structure, answers):
    """Pages with at least one question shown, given the answers so far."""
    _clean, _errors, shown = structure.check(answers, pages=[])
    return [
        number
        for number in range(structure.page_count)
        if not structure.questions_on(number)
        or any(q.id in shown for q in structure.questions_on(number))
    ]


def _neighbour(pages, step, direction):
    later = [p for p in pages if (p > step if direction > 0 else p < step)]
    if not later:
        return None
    return min(later) if direction > 0 else max(later)


def answer(request, page):
    """The survey: a code typed in, a refusal, the page reached so far, or one step sent."""
    if request.method == "POST" and "access_code" in request.POST:
        return _enter_code(request, page)
    code = _current_code(request, page.source)
    refused = _refused(request, page, code)
    if refused is not None:
        return refused
    progress = Progress(request, page)
    if request.method != "POST":
        return _render(request, page, progress=progress)
    return _take_step(request, page, progress, code)


def _enter_code(request, page):
    """A code typed in the form: kept in the session if it opens the survey."""
    code = _try_code(request, page.source, request.POST["access_code"])
    if code is None:
        messages.error(request, _("That code does not open this survey. Please check it."))
    return redirect(page.url)


def _current_code(request, survey):
    """The code of a link (``?code=``), else the one kept in the session, or None."""
    code = None
    if request.GET.get("code"):
        code = _try_code(request, survey, request.GET["code"])
    return code or _access_code(request, survey)


def _refused(request, page, code):
    """What someone who may not answer gets (the log-in page, or why not), or None."""
    survey = page.source
    refusal = rules.refusal(page, request.user, code)
    answered_here = request.get_signed_cookie(
        ANSWERED_COOKIE.format(survey.pk), None, salt="surveys"
    )
    paired = bool(pairing.carried(request, page))
    if refusal is None and not request.user.is_authenticated and answered_here and not paired:
        refusal = rules.Refusal("answered", _("You have already answered this survey. Thank you!"))
    if refusal is not None and refusal.kind == "login":
        messages.info(request, refusal.message)
        return redirect_to_login(page.url)
    if refusal is not None:
        return _render(
            request, page, refusal=refusal, status=403 if request.method == "POST" else 200
        )
    return None


def _posted_step(request, progress, structure):
    """The page the answers were sent from (the one in the session if it is not a number)."""
    try:
        step = int(request.POST.get("step", progress.step))
    except ValueError:
        step = progress.step
    return max(0, min(step, structure.page_count - 1))


def _take_step(request, page, progress, code):
    """Keep the page's answers, then go back, save for later, show the problems, go on to
    the next page asked, or (from the last one) submit."""
    structure = page.structure
    step = _posted_step(request, progress, structure)
    progress.step = step
    sent = raw_from_form(structure, request.POST, [step])
    unusable = unusable_answers(sent)
    progress.answers.update({qid: raw for qid, raw in sent.items() if qid not in unusable})
    if "outcome_asked" in request.POST:
        # The last page asks; an unticked box sends nothing, so the marker tells.
        progress.wants_outcome = request.POST.get("wants_outcome") == "1"
    if unusable:
        # Whatever the button: what cannot be stored is not kept, everything else is.
        progress.save()
        return _render(request, page, progress=progress, errors=unusable, status=400)
    action = request.POST.get("action", "next")
    pages = _asked_pages(structure, progress.answers)

    if action == "back":
        progress.step = _neighbour(pages, step, -1) or 0
        progress.save(draft=True)
        return _render(request, page, progress=progress)

    _clean, errors, _shown = structure.check(progress.answers, pages=[step])
    if action == "save":
        progress.save(draft=True)
        if request.user.is_authenticated:
            messages.success(
                request,
                _("Your answers are saved. Come back to this page at any time to continue."),
            )
        return _render(request, page, progress=progress)
    if errors:
        progress.save()
        return _render(request, page, progress=progress, errors=errors, status=400)
    following = _neighbour(pages, step, 1)
    if following is not None:
        progress.step = following
        progress.save(draft=True)
        return _render(request, page, progress=progress)
    return _submit(request, page, progress, code)


def _submit(request, page, progress, code):
    """Check the whole response again and store it in one transaction, or say why not."""
    # A one-question page is answered in a second: the honeypot alone, no time check.
    if not request.user.is_authenticated and honeypot.refusal(request.POST, min_seconds=0):
        return _render(
            request,
            page,
            progress=progress,
            errors={},
            form_error=honeypot.REFUSED_MESSAGE,
            status=400,
        )
    if not request.user.is_authenticated and _rate_limited(request, page.source, code):
        return _render(
            request,
            page,
            progress=progress,
            errors={},
            form_error=_(
                "Too many responses came from your network in the last hour. "
                "Please try again later."
            ),
            status=429,
        )
    try:
        services.submit_response(
            page,
            progress.answers,
            user=request.user,
            segment=code.segment if code else "",
            pair_key=pairing.carried(request, page),
            language=get_language() or "",
            wants_outcome=progress.wants_outcome,
        )
    except services.InvalidResponse as invalid:
        progress.step = page.structure.first_page_with(invalid.errors) or 0
        progress.save()
        return _render(request, page, progress=progress, errors=invalid.errors, status=400)
    except services.AlreadyAnswered:
        progress.clear()
        refusal = rules.Refusal("answered", _("You have already answered this survey. Thank you!"))
        return _render(request, page, refusal=refusal, status=409)
    return _answered(request, page, progress)


def _answered(request, page, progress):
    """To the thank-you page; a browser not logged in remembers that it answered."""
    survey = page.source
    progress.clear()
    pairing.drop(request, page)
    request.session[DONE_SESSION_KEY.format(survey.pk)] = True
    response = redirect(page.url + page.reverse_subpage("thanks_view"))
    if not request.user.is_authenticated:
        response.set_signed_cookie(
            ANSWERED_COOKIE.format(survey.pk),
            timezone.now().isoformat(),
            salt="surveys",
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def shown_numbers(structure, shown):
    """{question id: the number a person sees}: the questions asked are numbered 1, 2, 3 …
    in order, those a display condition hides are not counted (and get no number)."""
    asked = (question for question in structure.questions if question.id in shown)
    return {question.id: number for number, question in enumerate(asked, 1)}


def _render(request, page, *, progress=None, refusal=None, errors=None, form_error="", status=200):
    structure = page.structure
    context = {
        "page": page,
        "self": page,
        "survey": page,
        "refusal": refusal,
        "form_error": form_error,
        "errors": errors or {},
        "can_see_results": rules.can_see_results(page, request.user),
        # What respondents are told before they answer (the source survey's settings).
        "anonymous": page.source.anonymous,
        # Only a response kept with its account can be told what comes of the survey.
        "asks_outcome": request.user.is_authenticated and not page.source.anonymous,
        "publishes_texts": page.results_public and page.source.publish_text_answers,
        "has_texts": any(
            q.kind in {"short_text", "long_text"} or q.allow_other for q in structure.questions
        ),
    }
    if progress is not None and refusal is None:
        answers = progress.answers
        clean, _errors, shown = structure.check(answers, pages=[])
        pages = _asked_pages(structure, answers)
        position = pages.index(progress.step) + 1 if progress.step in pages else 1
        numbers = shown_numbers(structure, shown)
        items = []
        conditions = structure.conditions_for_browser()
        for item in structure.pages[progress.step] if structure.page_count else []:
            items.append(
                {
                    "item": item,
                    "number": numbers.get(item.id) if item.is_question else None,
                    "raw": answers.get(item.id) if item.is_question else None,
                    "error": (errors or {}).get(item.id) if item.is_question else None,
                    "hidden": item.is_question and item.id not in shown,
                    "condition": conditions.get(item.id),
                }
            )
        context.update(
            {
                "items": items,
                "step": progress.step,
                "position": position,
                "page_total": len(pages),
                "percent": round(100 * (position - 1) / max(len(pages), 1)),
                "is_first": position == 1,
                "is_last": position == len(pages),
                "wants_outcome": progress.wants_outcome,
                "error_count": len(errors or {}),
                "first_number": 1
                + sum(1 for q in structure.questions if q.id in shown and q.page < progress.step),
            }
        )
    return TemplateResponse(request, "surveys/survey_page.html", context, status=status)


def thanks(request, page):
    survey = page.source
    if not request.session.get(DONE_SESSION_KEY.format(survey.pk)):
        return redirect(page.url)
    context = {
        "page": page,
        "self": page,
        "survey": page,
        "can_see_results": rules.can_see_results(page, request.user),
    }
    return TemplateResponse(request, "surveys/thanks.html", context)
