"""Who is behind an outcome: everyone to tell when there is news of it.

The linked feedback names the people:

- ideas: their authors, voters and followers — of the idea linked, and of every idea in
  its merge family (ideas merged into it, the idea it was merged into, and so on), since
  merging made them one proposal;
- service reports: their reporters, followers and supporters — of the report linked and of
  every report in its duplicate family. A report filed without an account, or filed by
  an agent or a liaison on someone's behalf, names its reporter by the address given on
  the form (an address that is an account's is that account: one person);
- surveys: the respondents who asked to be told what comes of the survey;
- cleanups and other volunteer events: the volunteers who signed up or came;
- youth programs: their educators (the young participants have no e-mail here).

People are counted once however many ways they took part, and only those who want
e-mail about outcomes are kept (the same test as ``wants_email(user, "outcomes")``,
made in one query however many people there are).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower

from engage.notifications.models import EmailOptOut, Notification
from engage.reports.models import ReportFollow, ReportSupport, ServiceReport
from ideas.models import Idea, IdeaFollow, Vote
from liaisons.models import SignUp
from surveys.models import Response
from youth.models import Program

from .models import OutcomeLink

TOPIC = "outcomes"


@dataclass
class People:
    """Accounts (primary keys) and addresses without an account ({address: language})."""

    users: set = field(default_factory=set)
    addresses: dict = field(default_factory=dict)

    def __len__(self):
        return len(self.users) + len(self.addresses)


def links_of(outcome):
    """The feedback linked to ``outcome`` and to its live translations (a link added to
    one translation only still counts)."""
    pages = type(outcome).objects.filter(translation_key=outcome.translation_key).live()
    return OutcomeLink.objects.filter(Q(page=outcome) | Q(page__in=pages))


def _family(model, ids, up):
    """``ids`` and every row joined to them through ``up`` (a foreign key to the same
    model) followed either way, however long the chain."""
    family, frontier = set(), set(ids)
    while frontier:
        family |= frontier
        linked = model.objects.filter(Q(pk__in=frontier) | Q(**{f"{up}__in": frontier}))
        found = set()
        for pk, parent in linked.values_list("pk", up):
            found.add(pk)
            if parent is not None:
                found.add(parent)
        frontier = found - family
    return family


def idea_family(idea_ids):
    return _family(Idea, idea_ids, "merged_into")


def report_family(report_ids):
    return _family(ServiceReport, report_ids, "duplicate_of")


def _idea_people(idea_ids, people):
    ideas = idea_family(idea_ids)
    if not ideas:
        return
    people.users.update(Idea.objects.filter(pk__in=ideas).values_list("author_id", flat=True))
    people.users.update(Vote.objects.filter(idea_id__in=ideas).values_list("user_id", flat=True))
    people.users.update(
        IdeaFollow.objects.filter(idea_id__in=ideas).values_list("user_id", flat=True)
    )


def _receipt_languages(report_ids):
    """{report pk: the language its receipt was written in}, the one its reporter used."""
    keys = {f"report-receipt-{pk}": pk for pk in report_ids}
    rows = Notification.objects.filter(user=None, dedupe_key__in=keys).exclude(language="")
    return {keys[key]: language for key, language in rows.values_list("dedupe_key", "language")}


def _report_people(report_ids, people):
    reports = report_family(report_ids)
    if not reports:
        return
    rows = ServiceReport.objects.filter(pk__in=reports).select_related("filed_by")
    without_account = {}
    for report in rows.only("pk", "channel", "contact_email", "filed_by__email"):
        filer, address = report.filed_by, report.contact_email.strip().lower()
        for_themselves = report.channel == ServiceReport.Channel.WEB
        if filer is not None and for_themselves and address in ("", filer.email.lower()):
            people.users.add(filer.pk)
        elif address:
            # An agent or a liaison who filed it follows it: they are found below.
            without_account.setdefault(address, report.pk)
    people.users.update(
        ReportFollow.objects.filter(report_id__in=reports).values_list("user_id", flat=True)
    )
    people.users.update(
        ReportSupport.objects.filter(report_id__in=reports).values_list("user_id", flat=True)
    )
    languages = _receipt_languages(without_account.values())
    for address, report_pk in without_account.items():
        people.addresses[address] = languages.get(report_pk, settings.LANGUAGE_CODE)


def _survey_people(surveys, people):
    sources = {survey.source.pk for survey in surveys}
    if sources:
        respondents = Response.objects.filter(
            survey_id__in=sources, wants_outcome=True, user__isnull=False
        )
        people.users.update(respondents.values_list("user_id", flat=True))


def _event_people(event_ids, people):
    if event_ids:
        took_part = SignUp.objects.filter(event_id__in=event_ids).filter(
            Q(status=SignUp.Status.CONFIRMED) | Q(checked_in_at__isnull=False)
        )
        people.users.update(took_part.values_list("volunteer__user_id", flat=True))


def _program_people(program_ids, people):
    if program_ids:
        educators = Program.educators.through.objects.filter(program_id__in=program_ids)
        people.users.update(educators.values_list("user_id", flat=True))


def everyone(outcome):
    """Everyone behind ``outcome``'s linked feedback, before their preferences."""
    people = People()
    links = list(links_of(outcome).select_related("survey"))
    _idea_people({link.idea_id for link in links if link.idea_id}, people)
    _report_people({link.report_id for link in links if link.report_id}, people)
    _survey_people({link.survey for link in links if link.survey_id}, people)
    _event_people({link.event_id for link in links if link.event_id}, people)
    _program_people({link.program_id for link in links if link.program_id}, people)
    people.users.discard(None)
    return people


def contributors(outcome):
    """The people to tell about ``outcome``: each once, as they asked to be written to."""
    people = everyone(outcome)
    accounts = (
        get_user_model().objects.filter(is_active=True, email_notifications=True).exclude(email="")
    )
    # An address given on a report that is an account's is that person: their account
    # (and its preferences) decide.
    by_address = dict(
        get_user_model()
        .objects.annotate(address=Lower("email"))
        .filter(address__in=list(people.addresses))
        .values_list("address", "pk")
    )
    for address in list(people.addresses):
        if address in by_address:
            people.users.add(by_address[address])
            del people.addresses[address]
    opted_out = EmailOptOut.objects.filter(topic=TOPIC).values("user_id")
    wanted = accounts.filter(pk__in=people.users).exclude(pk__in=opted_out)
    people.users = set(wanted.values_list("pk", flat=True))
    return people
