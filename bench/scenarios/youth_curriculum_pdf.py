"""The whole-curriculum PDF of a 30-lesson curriculum (`<curriculum>/pdf/`).

Seeds one curriculum, "Benchmark curriculum", beside the demo one under the Youth
programs section: ``VOLUME`` lessons, each the body of one of the five demo lessons (in
turn: objectives, materials, three or four timed activities, questions, vocabulary, a
handout) plus a picture, so every kind of block is laid out. Anonymous visitors download
it (the PDF is public, like the curriculum) ``BENCH_PDF_REQUESTS`` times (default 5) after
one warm-up; the cache is emptied before each request, so each one lays the whole document
out again (the view keeps a made PDF until a lesson is published). Prints the median and
slowest time, the pages and size, and the queries of one request. Target: under 10 s.
"""

import io
import os
import time

from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import ms, percentile

NAME = "youth-curriculum-pdf"
VOLUME = 30
SLUG = "benchmark-curriculum"


def _picture():
    from PIL import Image, ImageDraw
    from wagtail.images import get_image_model

    image = Image.new("RGB", (1200, 800), (240, 240, 240))
    draw = ImageDraw.Draw(image)
    for step in range(0, 1200, 100):
        draw.line([(step, 0), (step, 800)], fill=(160, 160, 160), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return get_image_model().objects.create(
        title="Benchmark route map", file=ImageFile(buffer, name="bench-route.jpg")
    )


def seed(volume):
    from wagtail.models import Page

    from engage.core.models import SectionPage
    from youth.demo.curriculum import LESSONS, body
    from youth.models import CurriculumPage, LessonPage

    section = SectionPage.objects.get(slug="youth", locale__language_code="en")
    curriculum = CurriculumPage(
        title="Benchmark curriculum",
        slug=SLUG,
        ages="11–14",
        intro="<p>A long curriculum, to time its printable version.</p>",
        for_educators="<p>Teach one lesson a week.</p>",
    )
    Page.objects.get(pk=section.pk).add_child(instance=curriculum)
    curriculum.save_revision().publish()
    picture = _picture()
    for number in range(1, volume + 1):
        spec = LESSONS[(number - 1) % len(LESSONS)]
        figure = {"image": picture.pk, "alt": "A map of the route", "caption": "The route"}
        lesson = LessonPage(
            title=f"Lesson {number}: {spec['en']['title']}",
            slug=f"lesson-{number}",
            summary=spec["en"]["summary"],
            duration_minutes=spec["minutes"],
            body=[*body(spec, "en"), {"type": "image", "value": figure}],
        )
        curriculum.add_child(instance=lesson)
        lesson.save_revision().publish()


def pdf_url():
    from youth.models import CurriculumPage

    return CurriculumPage.objects.get(slug=SLUG).url + "pdf/"


def fetch(client, url):
    cache.clear()
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    if response.status_code != 200 or response["Content-Type"] != "application/pdf":
        raise RuntimeError(f"GET {url} answered {response.status_code} {response['Content-Type']}")
    return elapsed, response.content


def run(harness):
    from pypdf import PdfReader

    count = int(os.environ.get("BENCH_PDF_REQUESTS", "5"))
    client, url = Client(), pdf_url()
    fetch(client, url)  # warm-up
    timings, content = [], b""
    for _ in range(count):
        elapsed, content = fetch(client, url)
        timings.append(elapsed)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    harness.log(f"{NAME}: {url}: {count} PDFs of {pages} pages, {len(content):,} bytes")
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return {
        "scenario": NAME,
        "volume": VOLUME,
        "p50_ms": ms(percentile(timings, 50)),
        "max_ms": ms(max(timings)),
        "pages": pages,
        "kilobytes": round(len(content) / 1024),
        "queries": len(captured.captured_queries),
        "database": connection.vendor,
    }
