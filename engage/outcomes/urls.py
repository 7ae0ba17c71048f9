"""The outcomes part's public URLs besides its pages (under /<language>/performance/):
the transparency page, open data, and a reporter's answer to "is it really fixed?"."""

from django.urls import path

from . import (
    api,
    views,
)
from .views_follow_up import fixed_check

urlpatterns: list = []


urlpatterns += [
    path(
        "open-data/<str:dataset>.<str:format>",
        api.open_data,
        name="outcomes_open_data",
    ),
]


urlpatterns += [path("fixed/<str:token>/", fixed_check, name="outcomes_fixed_check")]


urlpatterns += [
    path("", views.transparency, name="outcomes_transparency"),
    path(
        "tables/<slug:section>/<str:table>.csv",
        views.transparency_csv,
        name="outcomes_transparency_csv",
    ),
    path("reports/<str:month>.pdf", views.monthly_report_pdf, name="outcomes_monthly_report"),
]
