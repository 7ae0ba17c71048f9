"""A report's public tracking page, with 200,000 reports in the database."""

from bench.reports import report_with_history, seed_reports

NAME = "reports-detail"
VOLUME = 200_000
_urls = []


def seed(volume):
    seed_reports(volume)
    _urls[:] = [f"/en/reports/{report_with_history().reference}/"]


def requests():
    return list(_urls)


def check(response):
    assert "A crew is scheduled." in response.content.decode(), "The history is not shown."
    return "history shown"
