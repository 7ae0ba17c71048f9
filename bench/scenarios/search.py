"""Full-text search over thousands of pages, for a common topic word.

Seeds ``volume`` ContentPages under one "Updates" page (itself a child of the home page,
not in menus). Each is about a (neighborhood, subject) pair, named in its title and in
the first of its 1–3 body paragraphs; the rest of the text (search description, intro,
StreamField body) is drawn from a fixed civic vocabulary, deterministically (same seed,
same text). All are indexed through the search backend's bulk path. Measures
GET /en/search/?q=park: 2 subjects of 28 contain "park" ("park", "dog park"), and no
other word of the vocabulary stems to it (PostgreSQL's English stemmer would match
"parking"), so about 7% of the pages match (~360 of 5,000) on SQLite and PostgreSQL
alike: ranked, first page of 10 results.

Why not a word in nearly every page: on SQLite, Wagtail's database search backend ranks
with one correlated bm25() subquery per matching page, so the time grows with the
square of the number of matches (measured: 4,645 matches → ~16 s per request). The
search view therefore asks SQLite for unranked results (PostgreSQL still ranks).
"""

import re

from wagtail.rich_text import RichText

from bench.pages import bulk_add_children, home_page
from bench.text import make_rng, paragraph, sentence, title, topic, topical_paragraph
from engage.core.models import ContentPage

NAME = "search"
VOLUME = 5_000
QUERY = "park"
SEED = 20_260_102


def seed(volume):
    rng = make_rng(SEED)
    (updates,) = bulk_add_children(
        home_page(),
        [ContentPage(title="Updates", slug="bench-updates", intro="News from the city.")],
        index=True,
    )
    pages = []
    for i in range(volume):
        about = topic(rng)
        paragraphs = [topical_paragraph(rng, about)]
        paragraphs += [paragraph(rng) for _ in range(rng.randint(0, 2))]
        pages.append(
            ContentPage(
                title=title(rng, about),
                slug=f"bench-update-{i:05d}",
                search_description=sentence(rng),
                intro=paragraph(rng, 2),
                body=[("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs],
            )
        )
    bulk_add_children(updates, pages, index=True)
    return pages


def requests():
    return [f"/en/search/?q={QUERY}"]


def check(response):
    """The query found pages: an empty result list would make the timing meaningless."""
    html = response.content.decode()
    heading = re.search(r'id="results-heading"[^>]*>\s*(\d[\d,]*) results?', html)
    found = int(heading.group(1).replace(",", "")) if heading else 0
    assert found > 0 and '<ol class="search-results"' in html, (
        f"Searching for {QUERY!r} found nothing: is the search index filled?"
    )
    return f"{found:,} results"
