"""The printable curriculum and lesson handouts (PDF).

Public, like the pages they print: Wagtail has applied the page's privacy settings before
a route reaches these. A whole curriculum of thirty lessons takes a few seconds to lay out,
so each PDF is kept in the cache until a lesson or the curriculum is published again (the
key holds their publication times and the language).

* ``curriculum_pdf``: a cover, the contents with each lesson's page number (WeasyPrint's
  ``target-counter``), the notes for educators, then each lesson from a new page, with the
  page numbers in the footer.
* ``lesson_handout``: what the students take home from one lesson: its handout blocks and
  vocabulary, and a line to write their handout code on (the code that pairs their answers
  before and after the program without their name).
"""

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import get_language

from engage.core.pdf import render_pdf

PDF_CACHE_SECONDS = 24 * 60 * 60


def _stamp(moment):
    return str(moment.timestamp()) if moment else "0"


def _pdf_response(pdf, name):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slugify(name) or "curriculum"}.pdf"'
    return response


def curriculum_cache_key(curriculum):
    lessons = curriculum.lessons().aggregate(count=Count("pk"), latest=Max("last_published_at"))
    stamps = "-".join(
        (_stamp(curriculum.last_published_at), _stamp(lessons["latest"]), str(lessons["count"]))
    )
    return f"youth:curriculum-pdf:{curriculum.pk}:{stamps}:{get_language()}"


def render_curriculum(curriculum, request=None):
    """The whole curriculum as PDF bytes (not cached: the benchmark times this)."""
    lessons = list(curriculum.lessons())
    context = {
        "curriculum": curriculum,
        "lessons": lessons,
        "total_minutes": sum(lesson.duration_minutes for lesson in lessons),
    }
    return render_pdf("youth/curriculum_pdf.html", context, request=request)


def curriculum_pdf(request, curriculum):
    key = curriculum_cache_key(curriculum)
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_curriculum(curriculum, request)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return _pdf_response(pdf, curriculum.slug)


def lesson_number(lesson, curriculum):
    """The lesson's place in its curriculum (1, 2, …), or None when it is not live."""
    paths = list(curriculum.lessons().values_list("path", flat=True))
    return paths.index(lesson.path) + 1 if lesson.path in paths else None


def lesson_handout(request, lesson):
    curriculum = lesson.get_parent().specific
    number = lesson_number(lesson, curriculum)
    stamps = f"{_stamp(lesson.last_published_at)}-{_stamp(curriculum.last_published_at)}"
    key = f"youth:lesson-handout:{lesson.pk}:{number}:{stamps}:{get_language()}"
    pdf = cache.get(key)
    if pdf is None:
        context = {
            "lesson": lesson,
            "curriculum": curriculum,
            "lesson_number": number,
            "blocks": lesson.handout_blocks(),
        }
        pdf = render_pdf("youth/lesson_handout_pdf.html", context, request=request)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return _pdf_response(pdf, f"{lesson.slug}-handout")
