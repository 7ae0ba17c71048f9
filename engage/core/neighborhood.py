"""What a part shows about a few neighborhoods, for the people who look after them.

A neighborhood liaison's dashboard shows, for their neighborhoods, what residents said in
every part: new ideas, open surveys… The dashboard belongs to one part and may not import
the others (see docs/anatomy.md), so each part declares ``neighborhood_sections`` on its
AppConfig (see ``engage.core.parts``): the dotted path of a function
``sections(neighborhood_ids, user)`` returning ``NeighborhoodSection``\\ s, usually in the
part's ``neighborhood.py``. The core gathers them; the page that shows them never names
the part that made them.

A section costs a few queries whatever the number of neighborhoods or rows: a count and
the first ``SHOWN`` rows, which the section's template renders (``section`` in its
context). What it lists must be public: the page shows it to liaisons.
"""

from dataclasses import dataclass, field

from django.utils.module_loading import import_string

from .parts import declared

SHOWN = 5


@dataclass
class Contribution:
    """What came through one person in this part: "3" + "ideas you shared"."""

    number: int
    label: str  # already translated, with the plural chosen for ``number``


@dataclass
class NeighborhoodSection:
    """One part's news for a few neighborhoods, such as "New ideas".

    ``items`` are at most ``SHOWN`` rows, evaluated; ``count`` is how many there are in
    all; ``more_url`` lists them all when there are more. ``contribution``, when given,
    is what the person asking contributed in the part (their figure on the dashboard).
    """

    key: str
    title: str
    template: str
    items: list
    count: int
    empty: str
    more_url: str = ""
    order: int = 100
    contribution: Contribution | None = None
    extra: dict = field(default_factory=dict)


def neighborhood_sections(neighborhood_ids, user):
    """Every part's sections about ``neighborhood_ids`` for ``user``, in order."""
    ids = frozenset(neighborhood_ids)
    sections = []
    for _config, path in declared("neighborhood_sections"):
        sections.extend(import_string(path)(ids, user))
    return sorted(sections, key=lambda section: (section.order, section.key))
