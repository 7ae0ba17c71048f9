"""The public list of recent reports, first page, with 200,000 reports in the database."""

from bench.reports import seed_reports

NAME = "reports-list"
VOLUME = 200_000


def seed(volume):
    seed_reports(volume)


def requests():
    return ["/en/reports/"]


def check(response):
    html = response.content.decode()
    assert "/en/reports/Z9" in html, "No seeded report is listed."
    return "reports listed"
