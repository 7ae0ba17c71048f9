"""The staff side of surveys in the Wagtail admin: the list of surveys, typing in paper
responses, the list of responses (with deletion) and access codes.

A paper response goes through ``services.submit_response`` like a web response: the
whole response is checked first (every question, every display condition) and stored in
one transaction, so a refused form stores nothing and comes back with every answer that
was typed and a message beside each question that needs attention. Deleting a response
goes through ``services.delete_response``, which takes it out of the tallies.

Who may do what (``surveys.rules``, permissions held by the Staff role in
``engage/accounts/roles.py``): ``surveys.view_response`` to see the surveys and their
responses, ``surveys.add_response`` to enter paper forms, ``surveys.delete_response`` to
delete a response. Moderators hold none of them and do not see the surveys admin.
"""

from collections import defaultdict

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import DeleteView, IndexView, InspectView
from wagtail.models import Locale

from engage.accounts.naming import staff_name

from . import rules, services, tallies
from .admin_forms import PaperDetailsForm, default_language_surveys
from .exports import condition_text
from .models import AnswerTally, Channel, Response, SurveyPage
from .questions import OTHER, raw_from_form

# URL namespaces of the viewsets in wagtail_hooks.py.
SURVEYS = "surveys_admin"
RESPONSES = "surveys_response"
CODES = "surveys_accesscode"

PAGE_SIZE = 50


def _require(check, user):
    if not check(user):
        raise PermissionDenied


def subpage_url(page, name):
    """The public address of one of a survey's sub-pages (results, export, paper form)."""
    url = page.url
    return url + page.reverse_subpage(name) if url else ""


# == The surveys ==


def _status(survey, now):
    if not survey.live:
        return _("Draft")
    if now < survey.opens_at:
        return _("Not open yet")
    if survey.closes_at and now >= survey.closes_at:
        # A context of its own: Spanish says "cerrada" of a survey, "cerrado" of a report.
        return pgettext_lazy("survey", "Closed")
    return _("Open")


class SurveyListView(WagtailAdminTemplateMixin, TemplateView):
    """Every survey with its number of responses, and what staff can do with each."""

    template_name = "surveys/admin/survey_list.html"
    page_title = _("Surveys")
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        _require(rules.can_manage, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The exact count of responses is the tally of the "responses" key: one row each.
        question, option, row, number = tallies.RESPONSES
        counted = AnswerTally.objects.filter(
            survey=OuterRef("pk"), question=question, option=option, row=row, number=number
        ).values("count")[:1]
        surveys = default_language_surveys().annotate(
            response_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
        )
        paginator = WagtailPaginator(surveys.order_by("-opens_at", "title"), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        user = self.request.user
        may_enter = rules.can_enter_paper(user)
        translations = defaultdict(list)
        default = Locale.get_default()
        for translation in (
            SurveyPage.objects.filter(translation_key__in=[s.translation_key for s in page])
            .exclude(locale=default)
            .select_related("locale")
            .order_by("locale__language_code")
        ):
            translations[translation.translation_key].append(translation)
        now = timezone.now()
        rows = []
        for survey in page:
            paper_links = []
            if may_enter:
                paper_links = [
                    {
                        "url": reverse(f"{SURVEYS}:paper", args=[other.pk]),
                        "language": other.locale.get_display_name(),
                    }
                    for other in translations[survey.translation_key]
                ]
            rows.append(
                {
                    "survey": survey,
                    "status": _status(survey, now),
                    "response_count": survey.response_count,
                    "paper_url": reverse(f"{SURVEYS}:paper", args=[survey.pk]) if may_enter else "",
                    "paper_translations": paper_links,
                    "responses_url": reverse(f"{RESPONSES}:index")
                    + "?"
                    + urlencode({"survey": survey.pk}),
                    "codes_url": reverse(f"{CODES}:index") + "?" + urlencode({"survey": survey.pk}),
                    "results_url": subpage_url(survey, "results_view") if survey.live else "",
                    "csv_url": subpage_url(survey, "results_csv_view") if survey.live else "",
                    "paper_pdf_url": subpage_url(survey, "paper_pdf_view") if survey.live else "",
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[survey.pk]),
                }
            )
        context.update(
            {
                "rows": rows,
                "page_obj": page,
                "paginator": paginator,
                "elided_page_range": paginator.get_elided_page_range(page.number),
            }
        )
        return context


# == Paper responses ==


class PaperEntryView(WagtailAdminTemplateMixin, TemplateView):
    """Type in one filled-in paper form; after saving, an empty form for the next one.

    The survey may be a translation (a paper form in Spanish): its questions are shown in
    that language and the response belongs to the survey in the default language.
    """

    template_name = "surveys/admin/paper_entry.html"
    page_title = _("Enter a paper response")
    header_icon = "form"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.survey = get_object_or_404(
            SurveyPage.objects.select_related("locale"), pk=kwargs["pk"]
        )

    def dispatch(self, request, *args, **kwargs):
        _require(rules.can_enter_paper, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.survey.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{SURVEYS}:index"), "label": _("Surveys")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.survey.title},
        ]

    def get(self, request, *args, **kwargs):
        initial = {"segment": request.GET.get("segment", "")}
        if request.GET.get("paper_date"):
            initial["paper_date"] = request.GET["paper_date"]
        return self.render_to_response(
            self.get_context_data(form=PaperDetailsForm(initial=initial), raw={}, errors={})
        )

    def post(self, request, *args, **kwargs):
        structure = self.survey.structure
        form = PaperDetailsForm(request.POST)
        raw = raw_from_form(structure, request.POST, range(structure.page_count))
        if form.is_valid():
            try:
                response = services.submit_response(
                    self.survey,
                    raw,
                    channel=Channel.PAPER,
                    entered_by=request.user,
                    neighborhood=form.cleaned_data["neighborhood"],
                    segment=form.cleaned_data["segment"],
                    language=self.survey.locale.language_code,
                    submitted_at=form.submitted_at(),
                )
            except services.InvalidResponse as invalid:
                errors = invalid.errors
            else:
                messages.success(
                    request,
                    _("Paper response %(response)s is saved. The form is ready for the next one.")
                    % {"response": response},
                )
                return redirect(self._next_url(form))
        else:
            _clean, errors, _shown = structure.check(raw)
        messages.error(request, _("Nothing was saved. Please check the answers marked below."))
        return self.render_to_response(self.get_context_data(form=form, raw=raw, errors=errors))

    def _next_url(self, form):
        """This page again, keeping what is likely the same for the whole pile of forms."""
        keep = {"segment": form.cleaned_data["segment"]}
        if form.cleaned_data["paper_date"]:
            keep["paper_date"] = form.cleaned_data["paper_date"].isoformat()
        url = reverse(f"{SURVEYS}:paper", args=[self.survey.pk])
        keep = {key: value for key, value in keep.items() if value}
        return f"{url}?{urlencode(keep)}" if keep else url

    def get_context_data(self, *, form, raw, errors, **kwargs):
        context = super().get_context_data(**kwargs)
        structure = self.survey.structure
        sections = []
        for number, items in enumerate(structure.pages, 1):
            entries = []
            for item in items:
                entries.append(
                    {
                        "item": item,
                        "raw": raw.get(item.id) if item.is_question else None,
                        "error": errors.get(item.id) if item.is_question else None,
                        "hidden": False,
                        "condition": None,
                        "condition_text": condition_text(structure, item)
                        if item.is_question
                        else "",
                    }
                )
            sections.append({"number": number, "entries": entries})
        paper = Response.objects.filter(survey=self.survey.source, channel=Channel.PAPER)
        context.update(
            {
                "survey": self.survey,
                "form": form,
                "sections": sections,
                "section_count": len(sections),
                "errors": [
                    {"question": structure.by_id[qid], "message": message}
                    for qid, message in sorted(
                        errors.items(), key=lambda item: structure.by_id[item[0]].number
                    )
                    if qid in structure.by_id
                ],
                "paper_count": paper.count(),
                "my_paper_count": paper.filter(entered_by=self.request.user).count(),
                "paper_pdf_url": subpage_url(self.survey, "paper_pdf_view")
                if self.survey.live
                else "",
            }
        )
        return context


# == Responses ==


class ResponseIndexView(IndexView):
    """Responses, newest first; a row opens the response, where it can be deleted."""

    @cached_property
    def columns(self):
        columns = super().columns
        for column in columns:
            if isinstance(column, TitleColumn):
                column.label = _("Response")
        return columns

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("survey", "neighborhood")

    def get_edit_url(self, instance):
        # Answers are never edited: a wrong paper entry is deleted and typed again.
        return None


def readable_answers(structure, answers):
    """``[{"question": Question, "value": text}]`` for one response's ``Answer`` rows."""
    by_question = defaultdict(list)
    for answer in answers:
        by_question[answer.question].append(answer)
    readable = []
    for question in structure.questions:
        rows = by_question.get(question.id)
        if not rows:
            continue
        kind = question.kind
        if kind == "single_choice":
            answer = rows[0]
            value = question.option_label(answer.option)
            if answer.option == OTHER:
                value = f"{value}: {answer.text}"
        elif kind == "multiple_choice":
            chosen = {answer.option for answer in rows}
            value = ", ".join(o.label for o in question.options if o.id in chosen)
        elif kind == "ranking":
            ranked = sorted(rows, key=lambda answer: answer.number or 0)
            value = ", ".join(
                f"{int(answer.number or 0)}. {question.option_label(answer.option)}"
                for answer in ranked
            )
        elif kind == "matrix":
            chosen = {answer.row: answer.option for answer in rows}
            value = "; ".join(
                f"{row.label}: {question.option_label(chosen[row.id])}"
                for row in question.rows
                if row.id in chosen
            )
        elif kind in {"rating", "number"}:
            number = rows[0].number
            value = str(int(number) if float(number).is_integer() else number)
        elif kind == "date":
            value = rows[0].date.isoformat() if rows[0].date else ""
        else:
            value = rows[0].text
        readable.append({"question": question, "value": value})
    return readable


class ResponseInspectView(InspectView):
    """One response: where it came from, and its answers."""

    template_name = "surveys/admin/response_inspect.html"
    labels = {
        "survey": _("Survey"),
        "channel": _("Channel"),
        "neighborhood": _("Neighborhood"),
        "segment": _("Segment"),
        "language": _("Language"),
        "submitted_at": _("Submitted"),
        "entered_by": _("Entered by"),
    }

    def get_field_label(self, field_name, field):
        return capfirst(self.labels.get(field_name, field_name))

    def get_entered_by_display_value(self):
        return staff_name(self.object.entered_by) or "-"

    def get_neighborhood_display_value(self):
        return self.object.neighborhood or "-"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["answers"] = readable_answers(
            self.object.survey.structure, self.object.answers.all()
        )
        return context


class ResponseDeleteView(DeleteView):
    """Delete a response (spam, a paper form typed twice) after a confirmation page."""

    @property
    def confirmation_message(self):
        return _(
            "Delete response %(response)s to “%(survey)s”? Its answers are removed from the "
            "results. This cannot be undone."
        ) % {"response": self.object, "survey": self.object.survey.title}

    def delete_action(self):
        services.delete_response(self.object, user=self.request.user)


class InspectResponseRedirectView(View):
    """The "edit" URL of a response: responses are read, never edited."""

    model = None

    def dispatch(self, request, *args, **kwargs):
        return redirect(f"{RESPONSES}:inspect", quote(kwargs["pk"]))
