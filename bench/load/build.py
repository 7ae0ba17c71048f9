"""The load test's database: demo content, realistic volume, residents, and the plan.

Runs inside Django (``bench.load.settings``, the load test's own database). ``build()``
returns the *plan*: a JSON-safe dict that tells the Locust users which pages, ideas,
reports, categories and survey answers exist, and carries the residents' session cookies
and the Open311 API key. The locustfile never imports Django: everything it needs is in
the plan.

``counts()`` reads the rows the load writes; the runner calls it before and after the mix
and compares the difference with what Locust says the server accepted.
"""

from io import StringIO

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.utils.module_loading import import_string
from wagtail.models import Locale

from bench import ideas as bench_ideas
from bench import reports as bench_reports
from bench import surveys as bench_surveys
from bench.load import traffic
from bench.pages import home_page
from bench.scenarios.surveys_respond_concurrency import Respondent
from engage.core.models import ContentPage
from engage.reports.models import ServiceCategory, ServiceReport
from engage.reports.open311.keys import create_key
from ideas.models import Comment, Idea, Vote
from surveys.models import Response

# Volume on top of the demo: enough that lists paginate, counts count and indexes matter,
# small enough to build in about a minute on a shared 2-core machine.
IDEAS = 5_000  # with 100,000 votes and 20,000 comments (bench/ideas.py's proportions)
REPORTS = 20_000
SURVEY_RESPONSES = 5_000
RESIDENTS = 20  # at least; one per Locust user when there are more users
RESIDENT_EMAIL = "load-resident-{}@example.org"
SURVEY_SLUG = "load-survey"
# Ready-made survey answers: more than the run can send, so none is sent twice.
PREPARED_RESPONSES = 2_000
RESPONSES_SEED = 20_261_205
SAMPLE = 200  # ideas and reports the visitors open
SEARCH_WORDS = ["park", "trash", "street light", "library", "crossing", "bike lanes", "trees"]


def build(log, users=RESIDENTS):
    """Migrate, seed, add the volume, the baseline page and the residents; the plan.

    Every Locust user that is a Resident needs a session of its own: ``users`` is the
    most there can be."""
    call_command("migrate", interactive=False, verbosity=0)
    log("migrated; running seed_demo")
    call_command("seed_demo", stdout=StringIO(), verbosity=0)
    log(f"demo loaded; adding {IDEAS:,} ideas, {REPORTS:,} reports, {SURVEY_RESPONSES:,} responses")
    bench_ideas.seed_ideas(IDEAS)
    bench_reports.seed_reports(REPORTS)
    survey = bench_surveys.make_survey(slug=SURVEY_SLUG, title="Load test survey")
    bench_surveys.seed_responses(SURVEY_RESPONSES, survey=survey)
    baseline = baseline_page()
    log("volume added; creating residents, the Open311 key and the plan")
    plan = {
        "baseline_path": baseline.url,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": [resident_session(number) for number in range(max(RESIDENTS, users))],
        "open311_key": create_key("load test")[1],
        "ideas": votable_ideas(),
        "reports": public_reports(),
        "categories": categories_without_required_questions(),
        "survey_path": survey.url,
        "survey_responses": prepared_responses(survey),
        "search_words": SEARCH_WORDS,
        "map_bbox": ",".join(
            str(value)
            for value in (
                bench_reports.WEST,
                bench_reports.SOUTH,
                bench_reports.EAST,
                bench_reports.NORTH,
            )
        ),
    }
    # Planner statistics, as autovacuum gathers them on a database in service: without
    # them PostgreSQL takes the tables for near empty after the bulk loads, and the home
    # page's "recently fixed" list read 6,000 reports for five (17 ms instead of 0.2 ms),
    # until autovacuum woke up halfway through a run.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return plan


def baseline_page():
    """A bare leaf ContentPage (a title, nothing else), made the ordinary Wagtail way."""
    page = ContentPage(title="Load test baseline", slug=traffic.BASELINE_SLUG)
    home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def resident_session(number):
    """A verified resident, logged in: the session key, as the browser holds it after logging in.

    The session is made here rather than through the log-in form: the form's rate limits
    (allauth's ACCOUNT_RATE_LIMITS) have no environment setting, and twenty password
    hashes at the start would measure the hasher, not the site.
    """
    email = RESIDENT_EMAIL.format(number)
    user, _ = get_user_model().objects.get_or_create(
        email=email, defaults={"display_name": f"Load resident {number}"}
    )
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    # What django.contrib.auth.login() keeps in the session.
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def votable_ideas():
    """Published ideas of the open campaigns without a vote budget (bench/ideas.py's)."""
    return list(
        Idea.objects.filter(
            campaign__slug__in=bench_ideas.CAMPAIGN_SLUGS,
            status=Idea.Status.PUBLISHED,
            is_hidden=False,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:SAMPLE]
    )


def public_reports():
    return list(ServiceReport.objects.order_by("-pk").values_list("reference", flat=True)[:SAMPLE])


def categories_without_required_questions():
    """Codes of the active categories a form can be filed in with a description alone."""
    return list(
        ServiceCategory.objects.filter(active=True, locale=Locale.get_default())
        .exclude(attributes__required=True)
        .order_by("code")
        .values_list("code", flat=True)
    )


def prepared_responses(survey, count=PREPARED_RESPONSES):
    """Complete, valid answers to the load survey, as the form sends them page by page."""
    respondent = Respondent(survey.structure, seed=RESPONSES_SEED)
    return [[[list(field) for field in page] for page in respondent.pages()] for _ in range(count)]


def counts():
    """The rows the load's writes add, by kind (Locust's names for its counters)."""
    return {
        "votes": Vote.objects.count(),
        "comments": Comment.objects.count(),
        "web_reports": ServiceReport.objects.filter(channel=ServiceReport.Channel.WEB).count(),
        "open311_reports": ServiceReport.objects.filter(
            channel=ServiceReport.Channel.OPEN311
        ).count(),
        "survey_responses": Response.objects.count(),
    }
