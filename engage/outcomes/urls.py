"""The outcomes part's public URLs besides its pages (under /<language>/performance/):
the transparency page, open data, and a reporter's answer to "is it really fixed?"."""

urlpatterns: list = []

# Open data: reports, ideas and outcomes as JSON or CSV, without the people behind them.
from django.urls import path  # noqa: E402

from . import api  # noqa: E402

urlpatterns += [
    path(
        "open-data/<str:dataset>.<str:format>",
        api.open_data,
        name="outcomes_open_data",
    ),
]
# --- Follow-up: a reporter's answer to "is it really fixed?" (a signed link, no account) ---
from django.urls import path  # noqa: E402

from .views_follow_up import fixed_check  # noqa: E402

app_name = "outcomes"
urlpatterns += [path("fixed/<str:token>/", fixed_check, name="fixed_check")]
# The transparency page and the published monthly reports.
from django.urls import path  # noqa: E402

from . import views  # noqa: E402

urlpatterns += [
    path("", views.transparency, name="outcomes_transparency"),
    path(
        "tables/<slug:section>/<slug:table>.csv",
        views.transparency_csv,
        name="outcomes_transparency_csv",
    ),
    path("reports/<str:month>.pdf", views.monthly_report_pdf, name="outcomes_monthly_report"),
]
