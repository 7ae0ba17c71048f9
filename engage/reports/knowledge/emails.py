"""The review reminder an owner department receives (``services.remind_reviews``)."""

from django.urls import reverse

from engage.notifications.emails import NotificationEmail, absolute_url, register

from ..models import KnowledgeAnswerPage


@register
class AnswerReviewEmail(NotificationEmail):
    """An answer the department owns is older than its review period."""

    key = "knowledge-answer-review"
    topic = "reports"
    template_prefix = "reports/knowledge/emails/answer_review"

    def get_context(self, user, params):
        answer = KnowledgeAnswerPage.objects.select_related("owner_department").get(
            pk=params["page_id"]
        )
        return {
            "answer": answer,
            "department": answer.owner_department,
            "edit_url": absolute_url(reverse("wagtailadmin_pages:edit", args=[answer.pk])),
            "review_list_url": absolute_url(reverse("reports_answers_review")),
        }
