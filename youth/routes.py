"""What the curriculum and lesson pages' sub-pages call (their ``@path`` routes).

``models`` never imports the views: each route imports this module when it is called.
"""

from .exports import curricula


def curriculum_pdf(request, page):
    """``<curriculum>/pdf/``: the whole curriculum, cover, contents and page numbers."""
    return curricula.curriculum_pdf(request, page)


def lesson_handout(request, page):
    """``<lesson>/handout/``: the lesson's printable handout."""
    return curricula.lesson_handout(request, page)
