"""Factories for outcomes, shared by every test module about outcomes.

    outcome = make_outcome("New crossing on Main St", links=[{"idea": idea}, {"report": report}])
    child = make_outcome("The north crossing", parent=outcome, progress=50, weight=2)
    spanish = translate_outcome(outcome, title="Nuevo cruce en Main St")

Outcomes are published pages (``publish=False`` leaves a draft); their links and
milestones are written as an editor would, on the page before its revision is published.
"""

from django.utils.text import slugify
from wagtail.models import Locale

from engage.outcomes.models import OutcomeIndexPage, OutcomeLink, OutcomeMilestone, OutcomePage
from tests.ideas.factories import home_page


def outcomes_index():
    index = OutcomeIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        index = home_page().add_child(
            instance=OutcomeIndexPage(title="You said, we did", slug="outcomes")
        )
        index.save_revision().publish()
    return index


def make_outcome(
    title="A safer crossing on Main Street",
    *,
    parent=None,
    links=(),
    milestones=(),
    publish=True,
    **fields,
):
    """An outcome under ``parent`` (the outcomes index by default). ``links``: dicts such
    as ``{"idea": idea}`` or ``{"survey": survey, "questions": [block ids]}``;
    ``milestones``: dicts of ``OutcomeMilestone`` fields."""
    fields.setdefault("summary", "Two new crossings with lights near the school.")
    fields.setdefault("slug", _free_slug(title))
    neighborhoods = fields.pop("neighborhoods", None)
    page = OutcomePage(title=title, live=publish, **fields)
    for link in links:
        page.links.add(OutcomeLink(**link))
    for milestone in milestones:
        page.milestones.add(OutcomeMilestone(**milestone))
    (parent or outcomes_index()).add_child(instance=page)
    if neighborhoods:
        page.neighborhoods = neighborhoods
        page.save()
    revision = page.save_revision()
    if publish:
        revision.publish()
    return OutcomePage.objects.get(pk=page.pk)


def translate_outcome(page, language_code="es", *, publish=True, **fields):
    """The outcome's translation (its links and milestones copied, as Wagtail copies them)."""
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    revision = translation.save_revision()
    if publish:
        revision.publish()
    return OutcomePage.objects.get(pk=translation.pk)


def _free_slug(title):
    base = slugify(title)[:60] or "outcome"
    slug, number = base, 1
    while OutcomePage.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
