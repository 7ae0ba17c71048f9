"""A survey's responses as a spreadsheet, its results as a PDF report, and the survey
itself on paper.

``results_csv`` is for staff: one row per response (of the survey in the default language,
``page.source``, so answers given in every language are in one file), with the filters
of the results page read by its own form (``filters.ResultsFilterForm``: a value it
cannot read is ignored), so the file holds the responses the page counts. Question
columns are labelled in the language of the page asked for. Multiple choice and ranking
get one column per option, a matrix one column per row, so every cell holds one value a
spreadsheet can sort and count. No personal data is ever exported: no user, no e-mail,
no one who entered a paper form.

The file is streamed: responses are read in chunks of ``CHUNK_SIZE`` (by primary key,
so each chunk is one indexed query whatever the filters), the answers of a chunk in one
more query, and each line is written as soon as it is made. Memory stays flat however
many responses there are, and the number of queries grows with the chunks. The file is a
``engage.core.exports.CsvExport`` (``ResponsesCsvExport``): every cell, headings too, is
neutralised against spreadsheet formulas there.

``results_pdf`` is the results report, for staff: the results page's numbers, charts and
tables, with the filters that were applied listed at the top. It is built from the same
``surveys.results`` as the page (so from the stored tallies when nothing is filtered: fast
whatever the number of responses) and rendered by ``engage.core.pdf.render_pdf``; the
page numbers come from the print stylesheet's ``@page`` counters. Typed answers are too
many to print: the report gives their number and the newest few.

``paper_pdf`` is public, like the survey page: a printable form for walk-ins and
classrooms, with boxes to tick, lines to write on and the display conditions in words.
Staff type the filled-in forms back in the admin (``surveys.admin_views``).
"""

from collections import defaultdict

from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from engage.core.exports import CsvExport, record_pdf
from engage.core.pdf import render_pdf

from . import rules
from .filters import ResultsFilterForm
from .forms import CrossTabForm
from .models import Answer, Channel, Response
from .questions import OTHER
from .results.crosstab import cross_tab
from .results.summary import survey_results

CHUNK_SIZE = 2000

PAPER_CACHE_SECONDS = 24 * 3600

REPORT_TEXTS = 10  # newest typed answers printed per question


# Columns --------------------------------------------------------------------------------


def _number(value):
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else value


class Columns:
    """The header and, for each stored answer, the column it goes in and what it shows.

    Labels come from ``structure`` (the survey in the language asked for) and are turned
    into plain strings now, while that language is active: lines are written later, as
    the response streams.
    """

    def __init__(self, structure, *, anonymous=False):
        # An anonymous survey's responses are given with no date and no id (its ids are
        # drawn within the day, so their high bits would tell the day).
        self.anonymous = anonymous
        self.header = [] if anonymous else [_("Response ID"), _("Submitted at")]
        self.header += [_("Channel"), _("Language"), _("Neighborhood"), _("Segment")]
        self.fixed = len(self.header)
        self.kinds = {}
        self.single = {}  # question id -> column
        self.other = {}  # question id -> column of the "Other" text
        self.labels = {}  # question id -> {option id: label}
        self.parts = {}  # (question id, option or row id) -> column
        self.plain = {}  # question id -> column (text, rating, number, date)
        for question in structure.questions:
            title = f"{question.number}. {question.label}"
            self.kinds[question.id] = question.kind
            kind = question.kind
            if kind == "single_choice":
                self.single[question.id] = self._add(title)
                self.labels[question.id] = {o.id: str(o.label) for o in question.all_options}
                if question.allow_other:
                    self.other[question.id] = self._add(
                        _("%(question)s (other)") % {"question": title}
                    )
            elif kind in {"multiple_choice", "ranking"}:
                for option in question.options:
                    self.parts[(question.id, option.id)] = self._add(f"{title}: {option.label}")
            elif kind == "matrix":
                self.labels[question.id] = {o.id: str(o.label) for o in question.options}
                for row in question.rows:
                    self.parts[(question.id, row.id)] = self._add(f"{title}: {row.label}")
            else:
                self.plain[question.id] = self._add(title)
        self.header = [str(cell) for cell in self.header]
        self.width = len(self.header)

    def _add(self, heading):
        self.header.append(heading)
        return len(self.header) - 1

    def place(self, cells, question, option, row, number, date, text):
        """Write one stored ``Answer`` (its fields) into ``cells``."""
        kind = self.kinds.get(question)
        if kind is None:  # a question no longer in the survey
            return
        if kind == "single_choice":
            cells[self.single[question]] = self.labels[question].get(option, option)
            if option == OTHER and question in self.other:
                cells[self.other[question]] = text
        elif kind == "multiple_choice":
            column = self.parts.get((question, option))
            if column is not None:
                cells[column] = 1
        elif kind == "ranking":
            column = self.parts.get((question, option))
            if column is not None:
                cells[column] = _number(number)
        elif kind == "matrix":
            column = self.parts.get((question, row))
            if column is not None:
                cells[column] = self.labels[question].get(option, option)
        elif kind in {"rating", "number"}:
            cells[self.plain[question]] = _number(number)
        elif kind == "date":
            cells[self.plain[question]] = date.isoformat() if date else ""
        else:
            cells[self.plain[question]] = text


RESPONSE_FIELDS = ("pk", "submitted_at", "channel", "language", "neighborhood__name", "segment")
ANSWER_FIELDS = ("response_id", "question", "option", "row", "number", "date", "text")


def _when(submitted_at):
    return timezone.localtime(submitted_at).replace(microsecond=0).isoformat()


def response_rows(responses, columns):
    """One list of cells per response of ``responses``, in order of id, read in chunks
    (for an anonymous survey, with neither id nor date: see ``Columns``)."""
    channels = {value: str(label) for value, label in Channel.choices}
    responses = responses.order_by("pk").values_list(*RESPONSE_FIELDS)
    last = 0
    while True:
        chunk = list(responses.filter(pk__gt=last)[:CHUNK_SIZE])
        if not chunk:
            return
        last = chunk[-1][0]
        answers = defaultdict(list)
        for answer in (
            Answer.objects.filter(response_id__in=[row[0] for row in chunk])
            .order_by()
            .values_list(*ANSWER_FIELDS)
        ):
            answers[answer[0]].append(answer[1:])
        for pk, submitted_at, channel, language, neighborhood, segment in chunk:
            cells = [""] * columns.width
            fixed = [channels.get(channel, channel), language, neighborhood or "", segment]
            if not columns.anonymous:
                fixed = [pk, _when(submitted_at), *fixed]
            cells[: columns.fixed] = fixed
            for answer in answers.pop(pk, ()):
                columns.place(cells, *answer)
            yield cells


class ResponsesCsvExport(CsvExport):
    """The responses of ``responses``, one row each, in the columns of ``structure``.

    ``anonymous``: without their ids and dates (see ``Columns``).
    """

    def __init__(self, name, structure, responses, *, anonymous=False):
        self.name = name
        self.columns = Columns(structure, anonymous=anonymous)
        self.responses = responses

    def get_filename_stem(self):
        return f"{self.name}-responses"

    def get_header(self):
        return self.columns.header

    def get_rows(self):
        return response_rows(self.responses, self.columns)


def results_csv(request, page):
    """The responses to ``page``'s survey as a CSV download (staff only)."""
    if not rules.can_manage(request.user):
        return rules.refuse(request)
    survey = page.source
    # The results page's own filters, read the same way: the file holds what it shows.
    filters = ResultsFilterForm(request.GET, survey=survey).filters()
    responses = Response.objects.filter(survey=survey).filtered(**filters)
    export = ResponsesCsvExport(
        slugify(survey.slug) or "survey", page.structure, responses, anonymous=survey.anonymous
    )
    return export.response(user=request.user)


# The results report ---------------------------------------------------------------------


def results_pdf(request, page):
    if not rules.can_manage(request.user):
        return rules.refuse(request)
    form = ResultsFilterForm(request.GET, survey=page.source)
    filters = form.filters()
    # No searches or pages of texts in print: the newest answers of each question.
    responses, question_results = survey_results(
        page, filters, params=QueryDict(), texts_per_page=REPORT_TEXTS
    )
    crosstab_form = CrossTabForm(request.GET, page=page)
    pair = crosstab_form.questions()
    now = timezone.localtime()
    context = {
        "page": page,
        "survey": page,
        "applied_filters": form.applied(),
        "ignored_filters": form.ignored() + crosstab_form.ignored(),
        "responses": responses,
        "results": question_results,
        "crosstab": cross_tab(page, *pair, filters) if pair else None,
        "generated_at": now,
        "pdf": True,
    }
    pdf = render_pdf("surveys/results_report_pdf.html", context, request=request)
    stem = f"{slugify(page.title) or 'survey'}-results"
    filename = f"{stem}-{now:%Y-%m-%d}.pdf"
    record_pdf(request, export=stem, filename=filename)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Paper ----------------------------------------------------------------------------------


def condition_text(structure, question):
    """A question's display condition in words ("Answer only if …"), or ""."""
    target_id, option = structure.conditions.get(question.id, (None, None))
    if target_id is None:
        return ""
    target = structure.by_id[target_id]
    values = {"answer": target.option_label(option), "number": target.number}
    if target.kind == "multiple_choice":
        return _("Answer only if you ticked “%(answer)s” in question %(number)s.") % values
    return _("Answer only if you answered “%(answer)s” to question %(number)s.") % values


def paper_sections(structure):
    """The survey's pages, each a list of entries: ``{"item", "condition"}``."""
    return [
        [
            {
                "item": item,
                "condition": condition_text(structure, item) if item.is_question else "",
            }
            for item in items
        ]
        for items in structure.pages
    ]


def _paper_cache_key(page):
    stamps = [page.last_published_at, page.source.last_published_at]
    versions = "-".join(str(stamp.timestamp()) if stamp else "0" for stamp in stamps)
    return f"surveys:paper:{page.pk}:{versions}:{get_language()}"


def paper_pdf(request, page):
    """The survey as a printable form (PDF). Public, like the survey page itself: Wagtail
    has already applied the page's privacy settings before this is reached."""
    key = _paper_cache_key(page)
    pdf = cache.get(key)
    if pdf is None:
        structure = page.structure
        context = {
            "survey": page,
            "sections": paper_sections(structure),
            "section_count": structure.page_count,
            "has_required": any(q.required for q in structure.questions),
            "survey_url": page.full_url,
        }
        pdf = render_pdf("surveys/paper_pdf.html", context, request=request)
        cache.set(key, pdf, PAPER_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(page.slug) or "survey"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
