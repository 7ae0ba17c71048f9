"""The results report as a PDF, for staff: the results page's numbers, charts and tables,
with the filters that were applied listed at the top.

It is built from the same ``surveys.results`` as the page (so from the stored tallies when
nothing is filtered: fast whatever the number of responses) and rendered by
``engage.core.pdf.render_pdf``; the page numbers come from the print stylesheet's
``@page`` counters. Typed answers are too many to print: the report gives their number
and the newest few.
"""

from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.text import slugify

from engage.core.pdf import render_pdf

from . import rules
from .filters import ResultsFilterForm
from .forms import CrossTabForm
from .results.crosstab import cross_tab
from .results.summary import survey_results

REPORT_TEXTS = 10  # newest typed answers printed per question


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
    filename = f"{slugify(page.title) or 'survey'}-results-{now:%Y-%m-%d}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
