"""Factories for the contact center, knowledge base and crews (append-only: each job adds
its own at the end).

    person = PersonFactory(name="Dana Ruiz", phone="215-555-0142")
    ContactFactory(person=person, kind=Contact.Kind.INFORMATION)
    crew = CrewFactory(members=[user])             # a crew of a new department
    answer = make_answer(title="When is my trash collected?", categories=[category])
"""

import itertools

import factory
from django.utils.text import slugify
from wagtail.models import Locale

from engage.core.models import HomePage
from engage.reports.models import (
    Contact,
    Crew,
    KnowledgeAnswerPage,
    KnowledgeIndexPage,
    Person,
)
from tests.ideas.factories import home_page
from tests.reports.factories import DepartmentFactory

_counter = itertools.count(1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Caller {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    person = factory.SubFactory(PersonFactory)
    kind = Contact.Kind.INFORMATION
    channel = Contact.Channel.PHONE
    topic = "Trash collection"


class CrewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Crew
        skip_postgeneration_save = True

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"Crew {n}")

    @factory.post_generation
    def members(crew, create, extracted, **kwargs):
        if create and extracted:
            crew.members.set(extracted)


def knowledge_index():
    index = KnowledgeIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        index = KnowledgeIndexPage(title="Answers", slug="answers")
        HomePage.objects.get(pk=home_page().pk).add_child(instance=index)
        index.save_revision().publish()
    return index


def make_answer(title=None, *, categories=(), topics=(), owner_department=None, **fields):
    """A published answer in the knowledge base."""
    title = title or f"Question {next(_counter)}?"
    fields.setdefault("slug", slugify(title)[:50] or f"answer-{next(_counter)}")
    fields.setdefault("summary", f"The short answer to: {title}")
    fields.setdefault("answer", "<p>The whole answer.</p>")
    page = KnowledgeAnswerPage(
        title=title, owner_department=owner_department or DepartmentFactory(), **fields
    )
    knowledge_index().add_child(instance=page)
    if categories:
        page.categories = list(categories)
    for topic in topics:
        page.topics.add(topic)
    page.save_revision().publish()
    return KnowledgeAnswerPage.objects.get(pk=page.pk)


# Knowledge base ------------------------------------------------------------------


def translate_answer(answer, language_code="es", *, topics=(), **fields):
    """A published translation of ``answer`` (its parents translated too, as needed)."""
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    translation = answer.copy_for_translation(locale, copy_parents=True).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    if topics:
        translation.topics.set(list(topics))
    translation.save_revision().publish()
    for ancestor in translation.get_ancestors().specific():
        if not ancestor.live and ancestor.depth > 1:
            ancestor.save_revision().publish()
    return KnowledgeAnswerPage.objects.get(pk=translation.pk)
