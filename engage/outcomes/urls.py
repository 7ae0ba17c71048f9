"""The outcomes part's public URLs besides its pages (under /<language>/performance/):
the transparency page, open data, and a reporter's answer to "is it really fixed?"."""

from django.urls import path

from . import api
from .views import follow_up, transparency

urlpatterns = [
    # The transparency page, its tables as CSV and the published monthly reports.
    path("", transparency.transparency, name="outcomes_transparency"),
    path(
        "tables/<slug:section>/<str:table>.csv",
        transparency.transparency_csv,
        name="outcomes_transparency_csv",
    ),
    path(
        "reports/<str:month>.pdf", transparency.monthly_report_pdf, name="outcomes_monthly_report"
    ),
    # Open data: reports, ideas and outcomes as JSON or CSV, without the people behind them.
    path("open-data/<str:dataset>.<str:format>", api.open_data, name="outcomes_open_data"),
    # A reporter's answer, from the signed link in the e-mail: no account needed.
    path("fixed/<str:token>/", follow_up.fixed_check, name="outcomes_fixed_check"),
]
