"""What the load's users send, and how an answer proves that a write was stored.

Plain Python (no Locust, no Django): the locustfile sends these forms, and the tests send
the same ones through Django's test client, so a form the site stopped accepting fails a
quick test instead of a four-minute run.
"""

import re
from urllib.parse import urlsplit

# The bare page the mix is measured against (a Wagtail page with a title and nothing else).
BASELINE_SLUG = "load-baseline"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REPORT_PAGE = re.compile(r"^/en/reports/[0-9A-Z]+/$")
COMMENT_LINK = re.compile(r"^/en/ideas/\d+/#comment-\d+$")
COMMENT_TEXT = "Load test comment {}: more benches here, please."
REPORT_TEXT = "Load test: a pothole that keeps coming back."
OPEN311_TEXT = "Load test: graffiti on the bus shelter."


def form_token(html):
    """The CSRF token of the first form on a page, or None."""
    found = TOKEN.search(html or "")
    return found[1] if found else None


def redirect_target(location):
    """Where a redirect points: its path and fragment (an absolute URL or not)."""
    parts = urlsplit(location or "")
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


def random_point(bbox, rng):
    """(lat, lng) as the form's text, somewhere in ``bbox`` ("west,south,east,north")."""
    west, south, east, north = (float(value) for value in bbox.split(","))
    return f"{rng.uniform(south, north):.6f}", f"{rng.uniform(west, east):.6f}"


# The forms -------------------------------------------------------------------------------


def vote_fields(token, action):
    return [("action", action), ("csrfmiddlewaretoken", token)]


def comment_fields(token, rng):
    return [("body", COMMENT_TEXT.format(rng.randrange(1 << 30))), ("csrfmiddlewaretoken", token)]


def report_fields(token, code, bbox, rng):
    lat, lng = random_point(bbox, rng)
    return [
        ("csrfmiddlewaretoken", token),
        ("category", code),
        ("description", REPORT_TEXT),
        ("lat", lat),
        ("lng", lng),
        ("address", ""),
        ("confirm_new", "True"),  # "file it anyway": no question about similar reports
    ]


def open311_fields(api_key, code, bbox, rng):
    lat, lng = random_point(bbox, rng)
    return [
        ("api_key", api_key),
        ("service_code", code),
        ("lat", lat),
        ("long", lng),
        ("description", OPEN311_TEXT),
    ]


# The proofs --------------------------------------------------------------------------------


def vote_stored(status, answer, action):
    """The vote endpoint's JSON says the vote is now cast (``vote``) or gone (``unvote``)."""
    return status == 200 and isinstance(answer, dict) and answer.get("voted") is (action == "vote")


def comment_posted(status, location):
    """Posting a comment redirects to the new comment's anchor on its idea's page."""
    return status == 302 and bool(COMMENT_LINK.match(redirect_target(location)))


def report_filed(status, location):
    """Filing a report redirects to its tracking page (``/en/reports/<reference>/``)."""
    return status == 302 and bool(REPORT_PAGE.match(redirect_target(location)))


def survey_answered(status, location):
    """The last page of a survey redirects to its thank-you page."""
    return status == 302 and redirect_target(location).endswith("/thanks/")


def open311_filed(status, answer):
    """Open311 answers a new request with a list holding its ``service_request_id``."""
    return (
        status in (200, 201)
        and isinstance(answer, list)
        and bool(answer)
        and isinstance(answer[0], dict)
        and bool(answer[0].get("service_request_id"))
    )
