"""The reports part's models: service reports and their categories and history
(``reports``), the knowledge base (``knowledge``), the contact center's people and contacts
(``contacts``), and the departments' crews with their field updates (``crews``)."""

from .contacts import Contact, Person, PersonNote
from .crews import Crew, FieldUpdate
from .knowledge import (
    AnswerFeedback,
    AnswerViews,
    KnowledgeAnswerPage,
    KnowledgeAnswerTopic,
    KnowledgeIndexPage,
)
from .reports import (
    Department,
    Open311ApiKey,
    ReportEvent,
    ReportFollow,
    ReportPhoto,
    ReportQuerySet,
    ReportSupport,
    ServiceAttribute,
    ServiceCategory,
    ServiceReport,
    new_reference,
)

__all__ = [
    "AnswerFeedback",
    "AnswerViews",
    "Contact",
    "Crew",
    "Department",
    "FieldUpdate",
    "KnowledgeAnswerPage",
    "KnowledgeAnswerTopic",
    "KnowledgeIndexPage",
    "Open311ApiKey",
    "Person",
    "PersonNote",
    "ReportEvent",
    "ReportFollow",
    "ReportPhoto",
    "ReportQuerySet",
    "ReportSupport",
    "ServiceAttribute",
    "ServiceCategory",
    "ServiceReport",
    "new_reference",
]
