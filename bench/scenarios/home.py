"""The home page with thousands of pages under it, a dozen of them in the menus.

Seeds ``volume`` children of the English home page: one in four a SectionPage, the rest
ContentPages, all live, with an intro and a search description. ``IN_MENUS`` of them,
spread through the tree and of both types, have ``show_in_menus`` (so the home page's
"Take part" cards and the header navigation each list 6 demo sections + 12). Measures
GET /en/: its cost, and its query count, must not grow with the number of children.

So that every section of the home page has data, it also seeds ``volume`` ideas with
their votes (``bench.ideas.seed_ideas``: trending ideas), ``volume * 10`` service reports
(``bench.reports.seed_reports``: about a quarter of them fixed) and the benchmark survey,
open, with ``volume`` responses (``bench.surveys``). The sections and counts are cached
(``HOME_CACHE_SECONDS``, 60 s), so the timed requests read them from the cache; run with
``HOME_CACHE_SECONDS=0`` to time them computed on every request.
"""

import re

from bench.ideas import seed_ideas
from bench.pages import bulk_add_children, home_page
from bench.reports import seed_reports
from bench.surveys import seed_responses
from bench.text import make_rng, paragraph, sentence, title
from engage.core.models import ContentPage, SectionPage

NAME = "home"
VOLUME = 2_000
IN_MENUS = 12
SEED = 20_260_101


def seed(volume):
    rng = make_rng(SEED)
    in_menus = min(IN_MENUS, volume)
    menu_positions = {k * volume // in_menus: k for k in range(in_menus)}
    pages = []
    for i in range(volume):
        menu_rank = menu_positions.get(i)
        if menu_rank is not None:
            model = SectionPage if menu_rank % 2 == 0 else ContentPage
        else:
            model = SectionPage if i % 4 == 0 else ContentPage
        description = sentence(rng)
        intro = paragraph(rng, 2)
        pages.append(
            model(
                title=title(rng),
                slug=f"bench-home-{i:05d}",
                show_in_menus=menu_rank is not None,
                search_description=description,
                intro=f"<p>{intro}</p>" if model is SectionPage else intro,
            )
        )
    bulk_add_children(home_page(), pages)
    seed_ideas(volume)
    seed_reports(volume * 10)
    seed_responses(volume)
    return pages


def requests():
    return ["/en/"]


def check(response):
    """The seeded menu pages are listed and every section shows seeded data."""
    html = response.content.decode()
    linked = len(set(re.findall(r'href="[^"]*/(bench-home-\d+)/"', html)))
    assert linked > 0, "No seeded page is linked from the home page."
    shown = {
        key: html.count('class="usa-card ', html.find(f'id="home-{key}"'), _end(html, key))
        for key in ("open-surveys", "trending-ideas", "recently-fixed")
    }
    assert all(shown.values()), f"A home-page section is empty: {shown}"
    return f"{linked} seeded pages linked; cards: {shown}"


def _end(html, key):
    return html.find("</section>", html.find(f'id="home-{key}"'))
