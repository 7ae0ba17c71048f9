"""An outcome page as a resident meets it: axe-core finds no serious or critical problem at
desktop size and on a 390-px phone, nothing scrolls sideways, nothing loads from outside
the site; and the idea behind the outcome says "This led to …" with a link back to it.

The outcome is made in the server's database the way an editor's publication leaves it:
linked to a demo idea, a demo report and a demo survey with one of its questions chosen,
with milestones and before/after photos.
"""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_liaisons_pages import problems_at_both_sizes, visit

MAKE_OUTCOME = """
import io, json
from datetime import date
from django.core.files.images import ImageFile
from PIL import Image as Picture
from wagtail.images.models import Image
from wagtail.models import Locale
from engage.core.models import HomePage
from engage.outcomes.models import OutcomeIndexPage, OutcomeLink, OutcomeMilestone, OutcomePage
from engage.outcomes.rules import SHOWN_QUESTION_KINDS
from engage.reports.models import ServiceReport
from ideas.models import Idea
from surveys.models import SurveyPage

def photo(name, colour, description):
    data = io.BytesIO()
    Picture.new("RGB", (640, 480), colour).save(data, "PNG")
    return Image.objects.create(
        title=name, description=description, file=ImageFile(data, name=name + ".png")
    )

default = Locale.get_default()
index = OutcomeIndexPage.objects.filter(locale=default).first()
if index is None:
    home = HomePage.objects.get(locale=default)
    index = OutcomeIndexPage(title="You said, we did", slug="you-said-we-did")
    home.add_child(instance=index)
    index.save_revision().publish()
idea = Idea.objects.visible().order_by("pk").first()
report = ServiceReport.objects.public().order_by("pk").first()
survey = next(
    s for s in SurveyPage.objects.live().filter(locale=default).specific()
    if any(q.kind in SHOWN_QUESTION_KINDS for q in s.structure.questions)
)
chosen = next(q for q in survey.structure.questions if q.kind in SHOWN_QUESTION_KINDS)
page = OutcomePage(
    title="Lights at the Hope Street crossing",
    slug="lights-hope-street-browser",
    summary="Two new street lights and a painted crossing.",
    why="<p>Neighbours reported the dark crossing again and again.</p>",
    status="in_progress",
    progress=60,
    started_on=date(2026, 9, 1),
    cost="18250.00",
    before_image=photo("before", (90, 90, 90), "The crossing at night, unlit"),
    after_image=photo("after", (250, 240, 200), "The crossing lit by two new lamps"),
)
page.milestones.add(OutcomeMilestone(title="Design approved", reached_on=date(2026, 9, 15)))
page.milestones.add(OutcomeMilestone(title="Lights installed", due_on=date(2027, 1, 31)))
page.links.add(OutcomeLink(idea=idea))
page.links.add(OutcomeLink(report=report))
page.links.add(OutcomeLink(survey=survey, questions=[chosen.id]))
index.add_child(instance=page)
page.save_revision().publish()
page = OutcomePage.objects.get(pk=page.pk)
print(json.dumps({"outcome": page.url, "idea": idea.get_absolute_url(), "idea_title": idea.title}))
"""


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture(scope="module")
def outcome(demo_server):
    return json.loads(demo_server[2](MAKE_OUTCOME).splitlines()[-1])


def test_the_outcome_page_is_accessible_and_its_idea_says_what_it_led_to(
    demo_site, page, axe, outcome, external_requests
):
    visit(page, demo_site + outcome["outcome"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Lights at the Hope Street crossing")
    expect(page.get_by_text("60% done")).to_be_visible()
    expect(page.get_by_role("img", name="Before: The crossing at night, unlit")).to_be_visible()
    expect(page.get_by_role("heading", name="The feedback behind it")).to_be_visible()

    problems = problems_at_both_sizes(page, axe)

    page.get_by_role("link", name=outcome["idea_title"], exact=True).first.click()
    page.wait_for_url(f"**{outcome['idea']}")
    led_to = page.locator("section.outcome-led-to")
    expect(led_to.get_by_role("heading", name="This led to …")).to_be_visible()
    problems += problems_at_both_sizes(page, axe)  # the idea page, with its new box
    with page.expect_navigation():
        led_to.get_by_role("link", name="Lights at the Hope Street crossing").click()
    assert page.url == demo_site + outcome["outcome"]

    external_requests.assert_none()
    assert not problems, "\n".join(problems)
