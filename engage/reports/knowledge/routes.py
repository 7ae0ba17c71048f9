"""What the answer page's routes call (``KnowledgeAnswerPage``), so the model never
imports the views or services itself (see docs/anatomy.md)."""

from . import listing, services, views


def count_view(page):
    services.count_view(page)


def feedback(request, page):
    return views.feedback(request, page)


def index_context(request, index):
    return listing.index_context(request, index)


def answer_context(request, answer):
    return listing.answer_context(request, answer)
