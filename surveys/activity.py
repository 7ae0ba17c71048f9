"""The person's survey drafts and responses on their “My activity” page
(see ``engage.core.activity``).

Nothing of an anonymous survey is listed, not even a draft: its responses name nobody
(``RespondentSet``), and the page must not become a way to pair a person with one.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from engage.core.activity import ActivitySection

from .models import Draft, Response, SurveyPage


def sections(user):
    return [
        ActivitySection(
            key="survey_drafts",
            title=_("Surveys I have not finished"),
            items=Draft.objects.filter(user=user, survey__anonymous=False, survey__live=True)
            .select_related("survey")
            .order_by("-updated_at", "-pk"),
            template="surveys/includes/activity_draft.html",
            empty=_("You have no unfinished survey."),
            order=45,
            prepare=_translated_surveys,
        ),
        ActivitySection(
            key="survey_responses",
            title=_("Surveys I answered"),
            items=Response.objects.filter(user=user, survey__anonymous=False)
            .select_related("survey")
            .order_by("-submitted_at", "-pk"),
            template="surveys/includes/activity_response.html",
            empty=_("You have not answered a survey yet, or only anonymous ones."),
            order=50,
            prepare=_translated_surveys,
        ),
    ]


def _translated_surveys(rows):
    """Set ``survey_page`` on each row: the survey in the visitor's language when it is
    live, else the one the responses belong to (one query for the whole page)."""
    keys = {row.survey.translation_key for row in rows}
    translated = {
        page.translation_key: page
        for page in SurveyPage.objects.filter(
            translation_key__in=keys, locale=Locale.get_active(), live=True
        )
    }
    for row in rows:
        row.survey_page = translated.get(row.survey.translation_key, row.survey)
