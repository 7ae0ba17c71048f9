"""The results page of a survey and the pre/post comparison.

Who sees them is decided in ``surveys.rules``: staff always; everyone else only when the
results are public (for a comparison: when both surveys' results are). Others get a 404, or
the log-in page when they are not logged in. The numbers come from ``surveys.results``,
which counts in the database, so a page costs the same few queries at 30 responses and at
200,000.
"""

from django.http import Http404
from django.template.response import TemplateResponse

from .. import rules
from ..filters import ResultsFilterForm
from ..forms import CrossTabForm
from ..models import SurveyPage
from ..results.comparison import compare
from ..results.crosstab import cross_tab
from ..results.summary import survey_results


def comparison_pair(page):
    """``(pre, post)`` surveys for ``page`` (in its language where translated), or None.

    ``page`` is the post survey; a pre survey compares with its first live post survey.
    """
    source = page.source
    if source.pre_survey_id:
        pre = SurveyPage.objects.filter(pk=source.pre_survey_id).first()
        return (pre.localized, page) if pre is not None else None
    post = SurveyPage.objects.filter(pre_survey=source).live().order_by("path").first()
    return (page, post.localized) if post is not None else None


def can_see_comparison(pre, post, user):
    return rules.can_manage(user) or (pre.results_public and post.results_public)


def results(request, page):
    user = request.user
    if not rules.can_see_results(page, user):
        return rules.refuse(request)
    survey = page.source
    is_staff = rules.can_manage(user)
    form = ResultsFilterForm(request.GET, survey=survey, dates=is_staff or not survey.anonymous)
    filters = form.filters()
    show_texts = rules.can_see_text_answers(page, user)
    responses, question_results = survey_results(
        page, filters, params=request.GET, texts=show_texts
    )
    crosstab_form = CrossTabForm(request.GET, page=page)
    pair = crosstab_form.questions()
    query = form.query()
    results_url = page.url + page.reverse_subpage("results_view")
    context = {
        "page": page,
        "self": page,
        "survey": page,
        "filter_form": form,
        "applied_filters": form.applied(),
        "ignored_filters": form.ignored() + crosstab_form.ignored(),
        "responses": responses,
        "results": question_results,
        "crosstab_form": crosstab_form,
        "crosstab": cross_tab(page, *pair, filters) if pair else None,
        "can_crosstab": len(crosstab_form.fields["cross_row"].choices) > 2,
        "is_staff": is_staff,
        "texts_unpublished": not survey.publish_text_answers,
        "results_url": results_url,
        "filter_query": query,
        "filter_params": form.params(),
    }
    if is_staff:
        suffix = f"?{query}" if query else ""
        context["csv_url"] = page.url + page.reverse_subpage("results_csv_view") + suffix
        context["pdf_url"] = page.url + page.reverse_subpage("results_pdf_view") + suffix
    found = comparison_pair(page)
    if found is not None and can_see_comparison(*found, user):
        context["compare_url"] = page.url + page.reverse_subpage("comparison_view")
    return TemplateResponse(request, "surveys/results.html", context)


def comparison(request, page):
    found = comparison_pair(page)
    if found is None:
        raise Http404
    pre, post = found
    if not can_see_comparison(pre, post, request.user):
        return rules.refuse(request)
    matches = [
        (match.pre_question, match.post_question)
        for match in post.source.question_matches.order_by("sort_order", "pk")
    ]
    comparisons, segments, pre_responses, post_responses = compare(pre, post, matches)
    context = {
        "page": page,
        "self": page,
        "survey": page,
        "pre": pre,
        "post": post,
        "pre_responses": pre_responses,
        "post_responses": post_responses,
        "comparisons": comparisons,
        "segments": segments,
        "pre_results_url": (
            pre.url + pre.reverse_subpage("results_view")
            if rules.can_see_results(pre, request.user)
            else ""
        ),
        "post_results_url": (
            post.url + post.reverse_subpage("results_view")
            if rules.can_see_results(post, request.user)
            else ""
        ),
    }
    return TemplateResponse(request, "surveys/comparison.html", context)
