"""The agent's intake screen (``reports_intake``) searching for a caller by name among
200,000 people (``bench/contact_center.py``), as the demo staff user: the search must use
the indexes (name, ``phone_key``, e-mail), so neither its time nor its queries grow with
the people.
"""

from bench import contact_center

NAME = "contact-intake-search"
VOLUME = contact_center.VOLUME


def seed(volume):
    contact_center.seed(volume)


def user():
    return contact_center.staff()


def requests():
    intake = contact_center.admin_url("reports_intake")
    return [
        f"{intake}?q=Okafor",  # a name word
        f"{intake}?q={contact_center.BUSY_PHONE}",  # a phone number as the caller says it
    ]


def check(response):
    assert contact_center.BUSY_NAME in response.content.decode(), "The caller is not found."
    return "caller found"
