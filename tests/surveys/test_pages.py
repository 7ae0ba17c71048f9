"""The Surveys pages in the page tree, the admin's page editor, and translations."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase

from engage.core.models import HomePage, SectionPage
from surveys import services
from surveys.models import Response, SurveyIndexPage, SurveyPage
from tests.surveys.factories import every_type_survey, make_survey, q, raw, surveys_index


class SurveysPageTreeTest(WagtailPageTestCase):
    def test_the_surveys_page_lives_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, SurveyIndexPage)
        self.assertCanNotCreateAt(SectionPage, SurveyIndexPage)

    def test_surveys_live_under_the_surveys_page_only(self):
        self.assertCanCreateAt(SurveyIndexPage, SurveyPage)
        self.assertCanNotCreateAt(HomePage, SurveyPage)
        self.assertAllowedSubpageTypes(SurveyPage, {})

    def test_both_pages_render(self):
        survey = every_type_survey()
        self.assertPageIsRenderable(surveys_index())
        self.assertPageIsRenderable(survey)

    def test_the_admin_editor_opens(self):
        from tests.factories import UserFactory

        survey = every_type_survey()
        self.client.force_login(UserFactory(is_superuser=True, is_staff=True))
        response = self.client.get(f"/admin/pages/{survey.pk}/edit/")
        assert response.status_code == 200
        assert "Display condition" in response.content.decode()


pytestmark = pytest.mark.django_db


def test_the_index_lists_open_surveys_and_past_ones_with_public_results(client):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    make_survey([q.short("A")], title="Open one")
    make_survey(
        [q.short("B")],
        title="Finished one",
        opens_at=now - timedelta(days=10),
        closes_at=now - timedelta(days=1),
        results_public=True,
    )

    content = client.get(surveys_index().url).content.decode()

    assert content.index("Open one") < content.index("Finished one")
    assert "finished-one/results/" in content


def test_a_survey_must_close_after_it_opens():
    survey = make_survey([q.short("A")])
    survey.closes_at = survey.opens_at

    with pytest.raises(ValidationError) as refused:
        survey.full_clean()

    assert "closes_at" in refused.value.message_dict


def test_answers_in_spanish_count_with_the_english_survey(client):
    survey = every_type_survey()
    spanish_locale, _created = Locale.objects.get_or_create(language_code="es")
    spanish = survey.copy_for_translation(spanish_locale, copy_parents=True)
    spanish.save_revision().publish()
    spanish = SurveyPage.objects.get(pk=spanish.pk)

    assert spanish.source.pk == survey.pk
    assert [x.id for x in spanish.structure.questions] == [x.id for x in survey.structure.questions]
    services.submit_response(
        spanish,
        raw(
            spanish,
            {
                1: "Calle",
                2: "4",
                3: "Yes",
                4: ["Walk"],
                5: "3",
                7: ["Lights", "Trees", "Benches"],
                8: {"Paths": "OK", "Toilets": "OK"},
            },
        ),
        language="es",
    )

    assert Response.objects.get().survey_id == survey.pk
