"""What the home page shows of each part: a section each, and a strip of live counts.

A part's AppConfig sets ``home_sections``: dotted paths of :class:`HomeSection`
subclasses, usually in the part's ``home.py`` (open surveys, trending ideas, recently
fixed problems; upcoming cleanups and newest outcomes when those parts arrive). The core
never names a part: it asks each section for its data and its counts, renders them once
per language, and keeps the HTML in the cache for ``HOME_CACHE_SECONDS`` (60 by default),
so a busy home page costs one cache read per section. What a section shows is public and
the same for every visitor, so the cached fragment is too. A section may be up to that
long behind the database; nothing is invalidated by hand. When the page cache is on
(``PAGE_CACHE_SECONDS``), the keys carry its generation, so a change shows at once.

The page's own StreamField body (what editors write) comes after the sections.
"""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.cache import cache as django_cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from . import page_cache
from .parts import declared

# Each kept section is (html, the moment it changes by the clock or None); the name
# changed with that shape, so no section kept as bare HTML before is read as one.
CACHE_PREFIX = "home-sections"


@dataclass
class Count:
    """One live count: "312" + "problems fixed this month", linking to the list."""

    number: int
    label: str  # already translated, with the plural chosen for ``number``
    url: str = ""


class HomeSection:
    """One section of the home page. Subclass it in a part's ``home.py``."""

    key = ""  # unique across the site; names the cache entry and the section's HTML id
    template = ""  # renders the section, given ``section`` (this object) and ``data``
    order = 100  # where the section comes, smallest first

    def data(self):
        """What the template needs (public, the same for every visitor), or None to leave
        the section out. Evaluate querysets here: the result is rendered, then cached."""
        raise NotImplementedError

    def counts(self):
        """The live counts this part adds to the strip at the top: a list of ``Count``."""
        return []


@cache
def sections():
    """Every declared section, in order."""
    found = []
    for _app_config, paths in declared("home_sections"):
        found += [import_string(path)() for path in paths]
    return tuple(sorted(found, key=lambda section: (section.order, section.key)))


def start_of_month(now=None):
    """Midnight on the first of this month, in the site's time zone."""
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _cached(key, render):
    timeout = settings.HOME_CACHE_SECONDS
    if not timeout:
        return render()
    full_key = f"{CACHE_PREFIX}:{key}:{get_language()}"
    if page_cache.enabled():
        # A cached page is dropped at the first change; its sections must not lag behind.
        full_key = f"{full_key}:{page_cache.current_generation()}"
    kept = django_cache.get(full_key)
    if kept is not None:
        html, next_change = kept
        page_cache.changes_at(next_change)  # the page around it changes then too
        return html
    # A section that changes with the clock (a survey closing) is kept until then only.
    html, next_change = page_cache.recording_changes(render)
    lifetime = page_cache.seconds_until(next_change, timeout)
    if lifetime:
        django_cache.set(full_key, (html, next_change), lifetime)
    return html


def _render_section(section):
    data = section.data()
    if data is None:
        return ""
    return render_to_string(section.template, {"section": section, "data": data})


def _render_counts():
    counts = [count for section in sections() for count in section.counts()]
    if not counts:
        return ""
    return render_to_string("core/includes/home_counts.html", {"counts": counts})


def rendered_sections():
    """The HTML of the counts strip and of each section, from the cache when there."""
    counts = _cached("counts", _render_counts)
    parts = [
        _cached(section.key, lambda section=section: _render_section(section))
        for section in sections()
    ]
    # render_to_string returns a SafeString, and the cache gives it back as one (pickled):
    # the fragments are our templates' output, which escape everything they show.
    return {"home_counts": counts, "home_sections": [html for html in parts if html]}


def clear_cache():
    """Forget the cached sections (tests; a deploy that changes a section's template)."""
    keys = ["counts", *(section.key for section in sections())]
    languages = [code for code, _name in settings.LANGUAGES]
    django_cache.delete_many([f"{CACHE_PREFIX}:{key}:{lang}" for key in keys for lang in languages])
