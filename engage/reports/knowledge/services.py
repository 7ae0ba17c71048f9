"""The knowledge base's operations: finding answers, counting readings and feedback, and
reminding owner departments of answers due for review.

Shared with the contact center: the intake screen searches with ``search_answers``; the
report form offers ``related_answers``.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from engage.core.search import ranks_well, search_words
from engage.notifications.models import Notification
from engage.notifications.services import notify_address

from ..models import AnswerFeedback, AnswerViews, KnowledgeAnswerPage
from .emails import AnswerReviewEmail


def published_answers(language=None):
    """Live, public answers in ``language`` (the default language when None). A language
    the site has no pages in has no answers."""
    answers = KnowledgeAnswerPage.objects.live().public()
    if not language:
        return answers.filter(locale=Locale.get_default())
    locale = Locale.objects.filter(language_code=language).first()
    # Filtered on the locale's id: the search index filters on the page's own fields.
    return answers.filter(locale=locale) if locale is not None else answers.none()


def related_answers(category, language, *, limit=None):
    """The answers about ``category`` (in any of its translations), in ``language``.

    An answer may name the English category or its Spanish translation: both are the same
    kind of problem, so they are matched by the category's translation key.
    """
    limit = limit or settings.KNOWLEDGE_RELATED_ANSWERS
    if category is None:
        return []
    answers = (
        published_answers(language)
        .filter(categories__translation_key=category.translation_key)
        .distinct()
        .order_by("title")
    )
    return list(answers[:limit])


def search_answers(query, language, *, limit=10):
    """The answers matching ``query`` in ``language``, best first where the database ranks."""
    words = search_words(query or "")
    if not words:
        return []
    results = get_search_backend().search(
        words, published_answers(language), order_by_relevance=ranks_well()
    )
    return list(results[:limit])


def count_view(page, *, day=None):
    """One more reading of ``page`` today: one row per page and day, added to with F() so
    two readers at once both count."""
    day = day or timezone.localdate()
    updated = AnswerViews.objects.filter(page_id=page.pk, day=day).update(views=F("views") + 1)
    if updated:
        return
    try:
        with transaction.atomic():
            AnswerViews.objects.create(page_id=page.pk, day=day, views=1)
    except IntegrityError:
        # Another reader created today's row first: add to it.
        AnswerViews.objects.filter(page_id=page.pk, day=day).update(views=F("views") + 1)


def record_feedback(page, *, helpful, comment="", source=AnswerFeedback.Source.PAGE, language=""):
    """ "Did this answer your question?" for ``page``.

    A "yes" on the report form means the resident went away without filing: a request
    avoided. Comments are for staff only; they are kept as typed and escaped when shown.
    """
    from_report_form = source == AnswerFeedback.Source.REPORT_FORM
    return AnswerFeedback.objects.create(
        page_id=page.pk,
        helpful=helpful,
        comment=comment.strip(),
        source=source,
        avoided_request=bool(from_report_form and helpful),
        language=language or "",
    )


# Review -------------------------------------------------------------------------------------


def answers_due_for_review(today=None, *, departments=None):
    """Live answers whose last review is older than their review period, the longest
    overdue first. ``departments`` narrows them to those owners.

    The due date is worked out in Python: each answer has its own period, and date
    arithmetic by a column differs between SQLite and PostgreSQL; the knowledge base holds
    a few thousand answers at most, read in one query.
    """
    today = today or timezone.localdate()
    answers = KnowledgeAnswerPage.objects.live().select_related("owner_department", "locale")
    if departments is not None:
        answers = answers.filter(owner_department__in=departments)
    answers = answers.only(
        "title",
        "url_path",
        "last_reviewed",
        "review_every_days",
        "owner_department",
        "locale",
        "live",
    )
    due = [answer for answer in answers if answer.needs_review(today)]
    return sorted(due, key=lambda answer: (answer.review_due, answer.pk))


def remind_reviews(today=None):
    """E-mail each due answer's owner department, once per answer and due date.

    The notification's dedupe key holds the answer and the day it fell due, so running this
    every day mails the department once about each answer until it is reviewed (a new
    ``last_reviewed`` gives a new due date, and a new reminder when that one passes).
    Returns the reminders this run queued (those sent before are not counted again).
    """
    queued = []
    for answer in answers_due_for_review(today):
        department = answer.owner_department
        if department is None or not department.email:
            continue
        key = f"answer-review-{answer.pk}-{answer.review_due.isoformat()}"
        already = Notification.objects.filter(
            user=None, email=department.email, dedupe_key=key
        ).exists()
        if already:
            continue
        with transaction.atomic():
            queued.append(
                notify_address(
                    department.email,
                    AnswerReviewEmail,
                    language=answer.locale.language_code,
                    dedupe_key=key,
                    page_id=answer.pk,
                )
            )
    return queued
