"""Outcome pages for the announcement and open-data tests, published as staff would.

    outcome = make_outcome(links=[OutcomeLink(idea=idea)], milestones=[...])

The page is created as a draft and then published, so publishing sets off what it does
in production (the ``page_published`` signal).
"""

import itertools

from wagtail.models import Locale

from engage.outcomes.models import OutcomeIndexPage, OutcomeLink, OutcomeMilestone, OutcomePage
from tests.ideas.factories import home_page

_counter = itertools.count(1)


def outcome_index():
    index = OutcomeIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        index = home_page().add_child(instance=OutcomeIndexPage(title="Outcomes", slug="outcomes"))
        index.save_revision().publish()
    return index


def make_outcome(*, links=(), milestones=(), publish=True, parent=None, **fields):
    number = next(_counter)
    fields.setdefault("title", f"New benches on the river trail {number}")
    fields.setdefault("slug", f"outcome-{number}")
    fields.setdefault("summary", "Twelve benches, one every 300 metres.")
    page = OutcomePage(live=False, **fields)
    page.links = [link if isinstance(link, OutcomeLink) else OutcomeLink(**link) for link in links]
    page.milestones = [
        m if isinstance(m, OutcomeMilestone) else OutcomeMilestone(**m) for m in milestones
    ]
    (parent or outcome_index()).add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return OutcomePage.objects.get(pk=page.pk)


def republish(page, **changes):
    """Change ``page`` the way the editor does (a new revision) and publish it."""
    page = OutcomePage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return OutcomePage.objects.get(pk=page.pk)


def spanish_locale():
    return Locale.objects.get_or_create(language_code="es")[0]


def translate(page, **fields):
    """The Spanish translation of ``page``, published."""
    translation = page.copy_for_translation(spanish_locale(), copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return OutcomePage.objects.get(pk=translation.pk)
