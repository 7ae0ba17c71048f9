"""A program's results for its educators and staff, and the program report (PDF and CSV)
they hand to partners and funders. Anyone else: "not found" (``rules.program_or_404``)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from engage.core.exports import record_pdf
from engage.core.pdf import render_pdf

from .. import rules
from ..exports.program_report import ProgramReportCsvExport, published_report
from ..listing.results import program_results as results_of
from ..listing.results import released_photos


@require_GET
@login_required
def program_results(request, pk):
    program = rules.program_or_404(request.user, pk)
    context = {"program": program, "results": results_of(program)}
    response = TemplateResponse(request, "youth/results/program_results.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def program_report_pdf(request, pk):
    program = rules.program_or_404(request.user, pk)
    now = timezone.localtime()
    context = {
        "program": program,
        "report": published_report(results_of(program)),
        "photos": released_photos(program),
        "generated_at": now,
    }
    pdf = render_pdf("youth/program_report_pdf.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    stem = f"{slugify(program.name) or 'program'}-report"
    filename = f"{stem}-{now:%Y-%m-%d}.pdf"
    record_pdf(request, export=stem, filename=filename)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def program_report_csv(request, pk):
    program = rules.program_or_404(request.user, pk)
    response = ProgramReportCsvExport(program, published_report(results_of(program))).response(
        user=request.user
    )
    response["Cache-Control"] = "private, no-store"
    return response
