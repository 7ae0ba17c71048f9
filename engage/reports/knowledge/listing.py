"""What the knowledge base's pages show: the index's search, topics and answers, and an
answer's feedback form, related kinds of problem and neighbouring answers."""

from datetime import timedelta
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale

from ..forms import available_categories
from ..models import AnswerViews, KnowledgeAnswerPage
from . import services
from .forms import AnswerFeedbackForm

ANSWERS_PER_PAGE = 20
MOST_READ = 5
MOST_READ_DAYS = 30


def answers_under(index):
    return KnowledgeAnswerPage.objects.child_of(index).live().public().specific()


def topics_of(answers):
    """The topics of ``answers`` with how many answers each has, most used first."""
    return (
        Tag.objects.filter(
            reports_knowledgeanswertopic_items__content_object__in=answers.values("pk")
        )
        .annotate(answer_count=Count("reports_knowledgeanswertopic_items"))
        .order_by("-answer_count", "name")
    )


def most_read(answers, *, today=None):
    since = (today or timezone.localdate()) - timedelta(days=MOST_READ_DAYS)
    read = (
        AnswerViews.objects.filter(page__in=answers.values("pk"), day__gte=since)
        .values("page")
        .annotate(total=Sum("views"))
        .order_by("-total", "page")[:MOST_READ]
    )
    order = [row["page"] for row in read]
    pages = {page.pk: page for page in answers.filter(pk__in=order)}
    return [pages[pk] for pk in order if pk in pages]


def index_context(request, index):
    """The index: a search of the answers, or one topic's answers, or all of them."""
    answers = answers_under(index)
    query = request.GET.get("q", "").strip()[:200]
    topic_slug = request.GET.get("topic", "").strip()
    topics = list(topics_of(answers))
    topic = next((t for t in topics if t.slug == topic_slug), None)
    context = {"search_query": query, "topics": topics, "topic": topic}
    if query:
        found = services.search_answers(query, index.locale.language_code, limit=50)
        context["results"] = [answer for answer in found if answer.path.startswith(index.path)]
        return context
    if topic is not None:
        answers = answers.filter(tagged_topics__tag=topic)
    else:
        context["most_read"] = most_read(answers)
    page = Paginator(answers.order_by("title"), ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
    context["answers"] = page
    context["extra_query"] = urlencode({"topic": topic.slug}) if topic else ""
    return context


def answer_context(request, answer):
    """An answer: its topics, the kinds of problem it is about (to report one), the other
    answers on its topics, and the feedback form."""
    by_key = {category.translation_key: category for category in available_categories()}
    categories = [
        by_key[category.translation_key]
        for category in answer.categories.all()
        if category.translation_key in by_key
    ]
    topics = list(answer.topics.all())
    neighbours = (
        KnowledgeAnswerPage.objects.live()
        .public()
        .filter(locale=Locale.get_active(), tagged_topics__tag__in=topics)
        .exclude(pk=answer.pk)
        .distinct()
        .order_by("title")[:5]
        if topics
        else []
    )
    return {
        "topics": topics,
        "report_categories": categories,
        "other_answers": list(neighbours),
        "feedback_form": AnswerFeedbackForm(),
        "index": answer.get_parent(),
    }
