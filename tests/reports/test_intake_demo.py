"""The contact center's demo: callers (one recorded twice, for the merge screen) and about
two hundred contacts across channels and kinds, some answered from the knowledge base and
some that became the demo's phone reports; loading it again adds nothing."""

import pytest

from engage.reports.contact_center import demo
from engage.reports.models import Contact, Person, ServiceReport
from tests.reports.contact_center_factories import make_answer
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_callers_and_contacts_of_every_channel_and_kind_once():
    answer = make_answer("When is my trash collected?")
    phoned = ReportFactory(channel=ServiceReport.Channel.PHONE)

    demo.load_demo()
    demo.load_demo()

    contacts = Contact.objects.all()
    assert contacts.count() == demo.CONTACT_COUNT + 1
    assert {c.channel for c in contacts} == set(Contact.Channel.values)
    assert {c.kind for c in contacts} == set(Contact.Kind.values)
    assert contacts.filter(person__isnull=True).exists()
    assert contacts.filter(answer=answer).exists()
    assert contacts.filter(resolved_first_contact=True).exists()
    request = contacts.get(kind=Contact.Kind.REQUEST)
    phoned.refresh_from_db()
    assert request.report == phoned and phoned.person == request.person
    # The same caller by phone and by e-mail, waiting to be merged.
    assert Person.objects.filter(name="Dana Ruiz").count() == 2
    assert Person.objects.filter(name_key="dana ruiz", phone_key="2155550142").exists()
