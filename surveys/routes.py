"""What the survey page's sub-pages call (``SurveyPage``'s ``@path`` routes).

``models.py`` never imports the views: each route imports this module when it is called,
and this module imports the views, which import the models. So no module of surveys
imports another that imports it back while Python loads them.
"""

from . import exports
from .views import answering, results


def answer(request, page):
    """``<survey>/``: the questions, one page at a time."""
    return answering.answer(request, page)


def thanks(request, page):
    """``<survey>/thanks/``."""
    return answering.thanks(request, page)


def results_page(request, page):
    """``<survey>/results/``."""
    return results.results(request, page)


def results_csv(request, page):
    """``<survey>/results/csv/``: the responses, for staff."""
    return exports.results_csv(request, page)


def results_pdf(request, page):
    """``<survey>/results/pdf/``: the results report, for staff."""
    return exports.results_pdf(request, page)


def paper_pdf(request, page):
    """``<survey>/paper/``: the printable form."""
    return exports.paper_pdf(request, page)


def comparison(request, page):
    """``<survey>/compare/``: the pre survey beside the post survey."""
    return results.comparison(request, page)
