"""The contact center's figures (``reports_contact_figures``) for the last twelve months, as
the demo staff user, over 500,000 contacts, 2,000 answers with a year of views and
feedback, and the crews' field updates (``bench/contact_center.py``): four grouped
queries and two for the most read answers, whatever the volume.
"""

import re

from bench import contact_center

NAME = "contact-figures"
VOLUME = contact_center.VOLUME


def seed(volume):
    contact_center.seed(volume)


def user():
    return contact_center.staff()


def requests():
    return [contact_center.admin_url("reports_contact_figures")]


def check(response):
    html = response.content.decode()
    summary = re.search(r'id="figures-summary">\s*<div>\s*<dt>[^<]*</dt>\s*<dd>(\d+)</dd>', html)
    assert summary and int(summary.group(1)) > 0, "No contact is counted."
    answers = html.count('<a href="/admin/pages/')
    assert answers > 0, "No answer is listed among the most read."
    return f"{summary.group(1)} contacts counted, {answers} answers listed"
