"""The outcomes part's public URLs besides its pages (under /<language>/performance/):
the transparency page, open data, and a reporter's answer to "is it really fixed?"."""

urlpatterns: list = []

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
