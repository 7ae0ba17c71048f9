"""The site search over thousands of pages, ideas and reports, for a common topic word.

Seeds ``volume`` ContentPages under one "Updates" page (itself a child of the home page,
not in menus). Each is about a (neighborhood, subject) pair, named in its title and in
the first of its 1–3 body paragraphs; the rest of the text (search description, intro,
StreamField body) is drawn from a fixed civic vocabulary, deterministically (same seed,
same text). All are indexed through the search backend's bulk path. Measures
GET /en/search/?q=park: 2 subjects of 28 contain "park" ("park", "dog park"), and no
other word of the vocabulary stems to it (PostgreSQL's English stemmer would match
"parking"), so about 7% of the pages match (~360 of 5,000) on SQLite and PostgreSQL
alike: ranked, first page of 10 results.

It also seeds ``volume * 2 // 5`` ideas (``bench.ideas.seed_ideas``: titles from the
same vocabulary, about 7% about a park; their votes and comments too) and ``volume``
service reports (``bench.reports.seed_reports``), each given an address on one of
``STREETS`` (one in fourteen on Park Avenue), and indexes both. The search page then
counts each kind and shows the first few of each (pages, surveys, ideas, reports).

Why not a word in nearly every page: on SQLite, Wagtail's database search backend ranks
with one correlated bm25() subquery per matching page, so the time grows with the
square of the number of matches (measured: 4,645 matches → ~16 s per request). The
search view therefore asks SQLite for unranked results (PostgreSQL still ranks).
"""

import re

from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from bench.ideas import seed_ideas
from bench.pages import INDEX_BATCH_SIZE, bulk_add_children, home_page
from bench.reports import seed_reports
from bench.text import make_rng, paragraph, sentence, title, topic, topical_paragraph
from engage.core.models import ContentPage
from engage.reports.models import ServiceReport
from ideas.models import Idea

NAME = "search"
VOLUME = 5_000
QUERY = "park"
SEED = 20_260_102
STREETS = [
    "Park Avenue", "Market Street", "Broad Street", "Elm Street", "Chestnut Street",
    "Walnut Street", "Spruce Street", "Pine Street", "Lombard Street", "South Street",
    "Girard Avenue", "Spring Garden Street", "Fairmount Avenue", "Ridge Avenue",
]  # fmt: skip


def seed(volume):
    pages = seed_pages(volume)
    seed_ideas(max(20, volume * 2 // 5))
    seed_reports(volume)
    reports = list(
        ServiceReport.objects.select_related("category", "neighborhood").prefetch_related("events")
    )
    for number, report in enumerate(reports):
        report.address = f"{100 + number % 900} {STREETS[number % len(STREETS)]}"
    ServiceReport.objects.bulk_update(reports, ["address"], batch_size=1_000)
    index_all(Idea, list(Idea.objects.all()))
    index_all(ServiceReport, reports)
    return pages


def index_all(model, objects):
    backend = get_search_backend()
    for start in range(0, len(objects), INDEX_BATCH_SIZE):
        backend.add_bulk(model, objects[start : start + INDEX_BATCH_SIZE])


def seed_pages(volume):
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
    """Pages, ideas and reports were found: empty groups would make the timing meaningless."""
    html = response.content.decode()
    heading = re.search(r'id="results-heading"[^>]*>\s*(\d[\d,]*) results?', html)
    found = int(heading.group(1).replace(",", "")) if heading else 0
    counts = {
        kind: int(number)
        for kind, number in re.findall(
            r'id="search-group-(\w+)">[^<]*<span class="usa-tag search-group__count">(\d+)<', html
        )
    }
    assert found > 0 and '<ol class="search-results' in html, (
        f"Searching for {QUERY!r} found nothing: is the search index filled?"
    )
    assert all(counts.get(kind) for kind in ("pages", "ideas", "reports")), counts
    return f"{found:,} results: " + ", ".join(f"{n:,} {kind}" for kind, n in counts.items())
