"""A person's record (``reports_person``) for the city's most frequent caller: 300
contacts, 40 requests filed for them, among 500,000 contacts and 200,000 people
(``bench/contact_center.py``), as the demo staff user. The timeline is paginated, so
neither its time nor its queries should grow with the history.
"""

from bench import contact_center

NAME = "contact-person-record"
VOLUME = contact_center.VOLUME


def seed(volume):
    contact_center.seed(volume)


def user():
    return contact_center.staff()


def requests():
    return [contact_center.admin_url("reports_person", contact_center.busy_person().pk)]


def check(response):
    assert contact_center.BUSY_NAME in response.content.decode(), "The record is not shown."
    return "record shown"
