"""Surveys: pages staff build in the Wagtail admin, and the responses people give.

A survey is content, so it is a Wagtail page (translatable: the Spanish page is a copy with
the same question and option ids). Responses are plain models and always belong to the
survey in the default language, so answers given in every language add up in one set of
results. Each answer is one row per chosen option (or matrix row, or ranked place), which
lets the database count, average and cross-tabulate without loading answers into Python.

``AnswerTally`` keeps the same counts pre-aggregated per (question, option, row, value) so
the unfiltered results page reads a few hundred rows however many responses there are. It
is only ever changed in the transaction that stores or deletes a response (an ``INSERT …
ON CONFLICT DO UPDATE count = count + n``), so it stays exact; ``manage.py
rebuild_survey_tallies`` recomputes it from the answers if anyone edits them by hand.

Nothing stored for an anonymous survey lines a response up with a person: its responses
keep only the day (``day_of``), they and their answers have keys random within that day
(``day_key``), tallies have random keys (``random_key``), and who answered is one
``RespondentSet`` row per survey, not a row per person written beside the response (see
docs/surveys.md, "What anonymous mode stores").
"""

import bisect
import datetime
import secrets
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from engage.core import page_cache
from engage.core.models import IntroBodyPage

from .blocks import SurveyBlock
from .questions import Structure
from .versioning import orphaning_changes


class Audience(models.TextChoices):
    ANYONE = "anyone", _("Anyone")
    RESIDENTS = "residents", _("Logged-in residents")
    NEIGHBORHOODS = "neighborhoods", _("Residents of the chosen neighborhoods")
    CODE = "code", _("People with an access code (e.g. a youth session's join code)")


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    PAPER = "paper", _("Paper (entered by staff)")


class SurveyIndexPage(IntroBodyPage):
    """The Surveys section: the surveys open now, and the results made public."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["core.HomePage"]
    subpage_types = ["surveys.SurveyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("surveys index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        surveys = SurveyPage.objects.child_of(self).live().public().order_by("-opens_at")
        context["open_surveys"] = [s for s in surveys if s.is_open(now)]
        context["past_surveys"] = [s for s in surveys if not s.is_open(now)]
        return context


class SurveyPage(RoutablePageMixin, Page):
    """A survey: its questions (a StreamField), who may answer, when, and how results show.

    Sub-pages (``RoutablePageMixin``): the survey itself, ``thanks/``, ``results/`` with
    ``results/csv/`` and ``results/pdf/`` (files, named by their Content-Disposition),
    ``paper/`` (the printable PDF) and ``compare/``.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])
    questions = StreamField(SurveyBlock(), blank=True, verbose_name=_("questions"))
    thank_you = RichTextField(
        _("thank-you message"), blank=True, features=["bold", "italic", "link"]
    )
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    closes_at = models.DateTimeField(
        _("closes"), null=True, blank=True, help_text=_("Leave empty to keep it open.")
    )
    audience = models.CharField(
        _("who may answer"), max_length=16, choices=Audience.choices, default=Audience.ANYONE
    )
    neighborhoods = ParentalManyToManyField(
        "neighborhoods.Neighborhood",
        blank=True,
        verbose_name=_("neighborhoods"),
        help_text=_("With “Residents of the chosen neighborhoods”: their home neighborhood."),
    )
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_(
            "Store no link between a response and the person who gave it. Logged-in people "
            "still answer once (who answered is kept apart from what they answered), and "
            "responses keep only the day they were given. Cannot change once there are "
            "responses."
        ),
    )
    results_public = models.BooleanField(
        _("results public"),
        default=False,
        help_text=_("Everyone may read the results page; respondents get a link to it."),
    )
    publish_text_answers = models.BooleanField(
        _("publish typed answers"),
        default=False,
        help_text=_(
            "Show what people typed (text questions and “Other”) on the public results "
            "page. Off: the public sees only how many answered; staff always see the "
            "answers. Respondents are told on the survey's first page either way."
        ),
    )
    pre_survey = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="post_surveys",
        verbose_name=_("pre survey"),
        help_text=_(
            "Make this the “post” survey of another one (the “pre”), and match their "
            "questions below to compare the answers."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("questions"),
        FieldPanel("thank_you"),
    ]
    settings_panels = Page.settings_panels + [
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Dates")),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("neighborhoods"),
                FieldPanel("anonymous"),
                FieldPanel("results_public"),
                FieldPanel("publish_text_answers"),
            ],
            heading=_("Who may answer"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("pre_survey"),
                InlinePanel("question_matches", label=_("Matched question")),
            ],
            heading=_("Pre/post comparison"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["surveys.SurveyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("survey")

    # Structure ---------------------------------------------------------------------------

    @cached_property
    def structure(self):
        """Pages and questions; the display conditions are always the source survey's."""
        structure = Structure(self.questions)
        source = self.source
        if source.pk != self.pk:
            structure.use_conditions_of(source.structure)
        return structure

    @cached_property
    def source(self):
        """This survey in the default language: the one responses belong to."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return (
            SurveyPage.objects.filter(translation_key=self.translation_key, locale=default).first()
            or self
        )

    def save(self, *args, **kwargs):
        # Reading every block turns raw data (from code or an import) into values, which
        # gives options and rows without an id a fresh one that is then stored: answers
        # refer to those ids, so they must never change from one load to the next.
        for child in self.questions:
            child.value  # noqa: B018
        self._store_condition_references()
        self.__dict__.pop("structure", None)
        return super().save(*args, **kwargs)

    def _store_condition_references(self):
        """Store every display condition as ids (the earlier question's block id, the
        option's item id), even one written the old way (a question number and an option's
        text, as in a restored old revision or imported data), so that it survives the
        questions being moved or reworded."""
        structure = Structure(self.questions)
        for child in self.questions:
            question = structure.by_id.get(str(child.id))
            if question is None or not question.has_condition:
                continue
            target = structure.condition_target(question)
            option = structure.condition_option(question)
            if target is not None and option is not None:
                child.value["condition"]["question"] = target.id
                child.value["condition"]["answer"] = option

    def is_open(self, now=None):
        now = now or timezone.now()
        page_cache.changes_at(self.opens_at, self.closes_at)
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    def clean(self):
        super().clean()
        errors = {}
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("A survey must close after it opens.")
        structure = Structure(self.questions)
        problems = structure.condition_problems()
        if self.pk and (answered := self._answered_keys()):
            stored = SurveyPage.objects.filter(pk=self.pk).only("questions").first()
            old = Structure(stored.questions) if stored else structure
            problems += orphaning_changes(old, structure, answered)
        if problems:
            errors["questions"] = problems
        if self.pre_survey_id and self.pre_survey_id == self.pk:
            errors["pre_survey"] = _("A survey cannot be its own pre survey.")
        if self._anonymity_changed_after_responses():
            errors["anonymous"] = _(
                "This survey already has responses, so whether it is anonymous can no longer "
                "change: its responses were stored for the setting they were given under. "
                "Copy the page to ask the same questions the other way."
            )
        if errors:
            raise ValidationError(errors)

    def _answered_keys(self):
        """(question, option, row, number) of every stored answer, from the tallies."""
        return list(
            AnswerTally.objects.filter(survey=self.source, count__gt=0).values_list(
                "question", "option", "row", "number"
            )
        )

    def _anonymity_changed_after_responses(self):
        if not self.pk or self.source.pk != self.pk:
            return False  # a translation: its responses belong to the source
        stored = SurveyPage.objects.filter(pk=self.pk).values_list("anonymous", flat=True).first()
        if stored is None or stored == self.anonymous:
            return False
        return Response.objects.filter(survey_id=self.pk).exists()

    # Sub-pages: thin routes to the views, which live where a Django developer looks. Each
    # imports ``routes`` when called, so that this module never imports the views (which
    # import it).

    @path("")
    def answer_view(self, request):
        from . import routes

        return routes.answer(request, self)

    @path("thanks/")
    def thanks_view(self, request):
        from . import routes

        return routes.thanks(request, self)

    @path("results/")
    def results_view(self, request):
        from . import routes

        return routes.results_page(request, self)

    @path("results/csv/")
    def results_csv_view(self, request):
        from . import routes

        return routes.results_csv(request, self)

    @path("results/pdf/")
    def results_pdf_view(self, request):
        from . import routes

        return routes.results_pdf(request, self)

    @path("paper/")
    def paper_pdf_view(self, request):
        from . import routes

        return routes.paper_pdf(request, self)

    @path("compare/")
    def comparison_view(self, request):
        from . import routes

        return routes.comparison(request, self)


def next_opening(now):
    """When the next live survey opens (None: none is waiting), for a cached page that
    lists the open ones (``page_cache.changes_at``)."""
    waiting = SurveyPage.objects.live().filter(opens_at__gt=now)
    return waiting.aggregate(first=models.Min("opens_at"))["first"]


class QuestionMatch(Orderable):
    """A question of the post survey and the question of the pre survey it compares to."""

    page = ParentalKey(SurveyPage, on_delete=models.CASCADE, related_name="question_matches")
    pre_question = models.PositiveSmallIntegerField(
        _("question number in the pre survey"),
    )
    post_question = models.PositiveSmallIntegerField(
        _("question number in this survey"),
    )

    panels = [FieldRowPanel([FieldPanel("pre_question"), FieldPanel("post_question")])]

    class Meta(Orderable.Meta):
        verbose_name = _("matched question")


class AccessCode(models.Model):
    """A code that opens a survey whose audience is "people with an access code".

    The youth part creates one per session (its join code), with the session as the
    segment, so its results can be filtered to that session.
    """

    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="access_codes")
    code = models.CharField(_("code"), max_length=32, unique=True)
    segment = models.CharField(
        _("segment"), max_length=120, help_text=_("Shown in the results filters, e.g. a session.")
    )
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("access code")

    def __str__(self):
        return f"{self.code} ({self.segment})"

    def clean(self):
        self.code = self.code.strip().upper()

    def is_valid(self, now=None):
        return self.valid_until is None or (now or timezone.now()) < self.valid_until


def _start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def day_of(moment):
    """The start of ``moment``'s day in the site's time zone: all the time an anonymous
    survey's response keeps (the date filters compare whole days, so they still work)."""
    return _start_of_day(timezone.localdate(moment))


# Keys that say nothing about the order rows were written in: an autoincrement id would
# tell which response was stored in the same transaction as what else (a person's draft
# deleted, their session saved), and the order of ids which one came when.
#
# ``day_key``: an anonymous survey's responses and answers. The day (all the time they
# keep anyway) in the high bits, 46 random bits below: keys sort by day, so texts still
# come newest day first off the index, and within a day they are in no order at all.
# ``random_key``: tallies. Both stay above 2**32, which the sequences of the other rows
# never reach, and below 2**62, so that on SQLite (whose AUTOINCREMENT continues after the
# largest key) there is room after them.
KEY_RANDOM_BITS = 46
KEY_EPOCH = datetime.date(1970, 1, 1)
RANDOM_KEY_MIN = 2**32
RANDOM_KEY_MAX = 2**62


def day_key(day):
    """A random key among those of ``day`` (a date, until the year 2149)."""
    return ((day - KEY_EPOCH).days << KEY_RANDOM_BITS) | secrets.randbits(KEY_RANDOM_BITS)


def random_key():
    return RANDOM_KEY_MIN + secrets.randbelow(RANDOM_KEY_MAX - RANDOM_KEY_MIN)


def _days(since, until):
    """The ``submitted_at`` lookups of the days from ``since`` to ``until``: days in the
    site's time zone, compared as a range of instants rather than with __date (which runs
    a function on every row and cannot use an index)."""
    lookups = {}
    if since:
        lookups["submitted_at__gte"] = _start_of_day(since)
    if until:
        lookups["submitted_at__lt"] = _start_of_day(until + datetime.timedelta(days=1))
    return lookups


class ResponseQuerySet(models.QuerySet):
    def filtered(self, *, since=None, until=None, neighborhood=None, segment=None):
        responses = self.filter(**_days(since, until))
        if neighborhood:
            responses = responses.filter(neighborhood=neighborhood)
        if segment:
            responses = responses.filter(segment=segment)
        return responses


class Response(models.Model):
    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="responses")
    # Empty for anonymous surveys and for people who were not logged in.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    neighborhood = models.ForeignKey(
        "neighborhoods.Neighborhood",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    segment = models.CharField(_("segment"), max_length=120, blank=True)
    # A pseudonym pairing a "pre" response with the "post" response of the same person,
    # who is never named (``surveys.pairing``: a youth participant's handout code, keyed).
    # Empty for everyone else. One response per pseudonym and survey.
    pair_key = models.CharField(max_length=64, blank=True, editable=False)
    language = models.CharField(max_length=12, blank=True)
    # The respondent asked to be told what comes of the survey (only a response kept with
    # its account can ask: an anonymous one has no one to tell).
    wants_outcome = models.BooleanField(
        _("wants to hear what comes of it"), default=False, db_default=False
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by"),
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        indexes = [
            models.Index(fields=["survey", "submitted_at"]),
            models.Index(fields=["survey", "neighborhood"]),
            models.Index(fields=["survey", "segment"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "pair_key"],
                condition=~models.Q(pair_key=""),
                name="surveys_one_response_per_pair_key",
            ),
        ]

    def __str__(self):
        return f"#{self.pk}"


class AnswerQuerySet(models.QuerySet):
    def filtered(self, *, since=None, until=None, neighborhood=None, segment=None):
        """The answers of the responses ``Response.objects.filtered()`` keeps. The days
        are compared on the answers' own copy of the date, so that an index of answers
        narrows to them; the neighborhood and segment are the response's."""
        answers = self.filter(**_days(since, until))
        if neighborhood:
            answers = answers.filter(response__neighborhood=neighborhood)
        if segment:
            answers = answers.filter(response__segment=segment)
        return answers


class Answer(models.Model):
    """One stored piece of an answer: an option chosen, a matrix row's choice, a ranked
    option and its place, a number, a date or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # Denormalised from the response: results filter by survey first.
    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=36)
    option = models.CharField(max_length=36, blank=True)
    row = models.CharField(max_length=36, blank=True)
    number = models.FloatField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)
    # Copied from the response (whose date never changes once stored): the typed answers
    # are listed newest first by it, off their own index (see surveys.results.texts).
    submitted_at = models.DateTimeField(editable=False)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        indexes = [
            # A question's answers, and those of one of its options.
            models.Index(fields=["survey", "question", "option", "id"]),
            # Typed answers (texts, and the texts of "Other"), newest first: the order of
            # the results' lists, so a page of them is a short walk down this index
            # whatever the number of answers. Only the rows with a text: a fraction of the
            # table.
            models.Index(
                fields=["survey", "question", "option", "submitted_at", "id"],
                condition=~models.Q(text=""),
                name="surveys_answer_texts",
            ),
            # A date question's earliest and latest answers: one index lookup each.
            models.Index(fields=["survey", "question", "date"]),
            models.Index(fields=["response", "question"]),
        ]

    def __str__(self):
        return f"{self.question} {self.option or self.number or self.date or self.text[:20]}"


class AnswerTally(models.Model):
    """How many stored answers share (question, option, row, number); see the module text."""

    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=36)
    option = models.CharField(max_length=36, blank=True, default="")
    row = models.CharField(max_length=36, blank=True, default="")
    # Rating, number or ranked place; 0 where there is none (text, choices).
    number = models.FloatField(default=0)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question", "option", "row", "number"], name="one_tally_per_key"
            )
        ]

    def __str__(self):
        return f"{self.question} {self.option} {self.row} {self.number}: {self.count}"


class DailyTally(models.Model):
    """``AnswerTally``'s counts for the responses of one day (in the site's time zone), one
    neighborhood and one segment: a filtered results page adds up the rows of the days,
    neighborhood and segment asked for instead of counting the answers. Changed only in
    the transaction that stores or deletes a response, like ``AnswerTally``."""

    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    # The response's neighborhood id, 0 for none. Not a foreign key: a NULL would never
    # conflict with another NULL, so the "no neighborhood" rows could not be upserted.
    neighborhood_key = models.BigIntegerField(default=0)
    segment = models.CharField(max_length=120, blank=True, default="")
    question = models.CharField(max_length=36)
    option = models.CharField(max_length=36, blank=True, default="")
    row = models.CharField(max_length=36, blank=True, default="")
    number = models.FloatField(default=0)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "survey", "day", "neighborhood_key", "segment",
                    "question", "option", "row", "number",
                ],
                name="one_daily_tally_per_key",
            )
        ]  # fmt: skip
        # A neighborhood's days, and a segment's, without walking the others'. Every
        # column a filtered page reads is in them, so the sum is read off the index alone
        # (SQLite has no INCLUDE; on PostgreSQL, an index-only scan).
        indexes = [
            models.Index(
                fields=[
                    "survey", "neighborhood_key", "day",
                    "question", "option", "row", "number", "count",
                ],
                name="daily_tally_by_neighborhood",
            ),
            models.Index(
                fields=["survey", "segment", "day", "question", "option", "row", "number", "count"],
                name="daily_tally_by_segment",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.day} {self.neighborhood_key} {self.segment} {self.question}: {self.count}"


class Participation(models.Model):
    """Who has answered a survey that is not anonymous (its responses name the person
    anyway). The unique constraint is what makes a second response impossible. Anonymous
    surveys use ``RespondentSet`` instead."""

    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="one_response_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.survey_id}"


class RespondentSet(models.Model):
    """Who has answered an anonymous survey: one row per survey, the user ids sorted.

    Not one row per person: a row written in the same transaction as the response would
    pair the two by its id, its place in the table or (on PostgreSQL) the transaction
    that wrote it. The set has no order and no times, so it says who answered and nothing
    about when or which response. ``services.submit_response`` locks the row, so a person
    who sends twice at once is still stored once.
    """

    survey = models.OneToOneField(
        SurveyPage, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    users = models.JSONField(default=list)

    class Meta:
        verbose_name = _("respondents of an anonymous survey")

    def __str__(self):
        return f"{len(self.users)} → {self.survey_id}"

    def __contains__(self, user_id):
        index = bisect.bisect_left(self.users, user_id)
        return index < len(self.users) and self.users[index] == user_id

    def add(self, user_id):
        bisect.insort(self.users, user_id)


class Draft(models.Model):
    """A logged-in person's unfinished response: raw answers and the page they reached.
    Deleted in the transaction that stores the response."""

    survey = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)
    page = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="one_draft_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.survey_id} (page {self.page + 1})"
