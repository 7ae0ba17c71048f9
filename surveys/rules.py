"""Who may answer a survey, in one place.

``refusal(survey, user, access_code)`` returns None when the person may answer, or a
``Refusal`` whose ``kind`` tells the view what to offer instead (log in, enter a code, …)
and whose ``message`` says why, translated. ``can_see_results`` and ``can_manage`` say
who reads results and downloads them, ``can_see_text_answers`` whether the typed answers
are shown with them; ``refuse`` is what everyone else gets.
"""

from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from engage.accounts.roles import STAFF
from engage.core import page_cache

from .models import Audience, Participation, RespondentSet

# What each role may do with surveys in the Wagtail admin (see engage.core.parts): staff see
# results, export and enter paper responses (view/add response), delete a spam or duplicate
# response (the tallies follow) and manage access codes. Moderators have nothing to do with
# surveys.
ROLE_PERMISSIONS = {
    STAFF: {
        f"surveys.{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("response", "accesscode")
    },
}


@dataclass
class Refusal:
    kind: str  # not_open, closed, login, neighborhood, code, answered
    message: str


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def refusal(survey, user, access_code=None, now=None):
    now = now or timezone.now()
    page_cache.changes_at(survey.opens_at, survey.closes_at)
    if now < survey.opens_at:
        return Refusal(
            "not_open", _("This survey opens on %(when)s.") % {"when": _when(survey.opens_at)}
        )
    if survey.closes_at and now >= survey.closes_at:
        return Refusal(
            "closed",
            _("This survey closed on %(when)s. Thank you for your interest.")
            % {"when": _when(survey.closes_at)},
        )
    audience = survey.audience
    if audience in (Audience.RESIDENTS, Audience.NEIGHBORHOODS) and not user.is_authenticated:
        return Refusal("login", _("Please log in to answer this survey."))
    if audience == Audience.NEIGHBORHOODS:
        allowed = list(survey.neighborhoods.all())
        if allowed and user.home_neighborhood_id not in {n.pk for n in allowed}:
            names = ", ".join(n.name for n in allowed)
            return Refusal(
                "neighborhood",
                _(
                    "This survey is for residents of %(names)s. If you live there, set your "
                    "home neighborhood in your profile."
                )
                % {"names": names},
            )
    if audience == Audience.CODE and (
        access_code is None
        or access_code.survey_id != survey.source.pk
        or not access_code.is_valid(now)
    ):
        return Refusal("code", _("Please enter the code you were given to answer this survey."))
    if user.is_authenticated and has_answered(survey, user):
        return Refusal("answered", _("You have already answered this survey. Thank you!"))
    return None


def has_answered(survey, user):
    """Anonymous surveys keep who answered in a ``RespondentSet``, others in
    ``Participation`` rows; both are read, in case a survey changed since."""
    source = survey.source
    if Participation.objects.filter(survey=source, user=user).exists():
        return True
    respondents = RespondentSet.objects.filter(survey=source).first()
    return respondents is not None and user.pk in respondents


def can_see_results(survey, user):
    return survey.results_public or can_manage(user)


def can_see_text_answers(survey, user):
    """What people typed is public only when staff chose to publish it (the setting of
    the survey in the default language, so every translation says the same)."""
    return survey.source.publish_text_answers or can_manage(user)


def can_manage(user):
    """Staff who may read every result, export and type in paper responses."""
    return user.is_authenticated and user.has_perm("surveys.view_response")


def can_enter_paper(user):
    return user.is_authenticated and user.has_perm("surveys.add_response")


def refuse(request):
    """What someone who may not see a page gets: the log-in page, or "not found"."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404
