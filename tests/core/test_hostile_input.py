"""No request gets a server error: every public address and form, fed hostile values.

The demo content (``seed_demo``) gives every kind of page. The targets are found, not
listed: every URL pattern of the URLconf (with sample values for its parameters), every
live Wagtail page and the sub-pages of routable ones, and every form those pages show to
an anonymous visitor and to a logged-in resident (parsed from the HTML, with their hidden
fields, buttons and choices). The Open311 API, which has no forms, is described here.

Hypothesis then sends them control characters (NUL first of all), dates at the ends of
the calendar with odd offsets, numbers such as ``1e5000``, ``nan`` and 4,000-digit
integers, digits ``int`` cannot read, very long strings, markup and several values where
one is expected, in query strings, paths, bodies and cookies. Whatever comes back must
not be a 500. ``HOSTILE_INPUT_EXAMPLES`` sets how many requests each test sends.
"""

import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from engage.reports.models import ServiceAttribute, ServiceCategory, ServiceReport
from engage.reports.open311 import keys
from ideas.models import Idea, IdeaCampaignPage
from tests.factories import UserFactory

EXAMPLES = int(os.environ.get("HOSTILE_INPUT_EXAMPLES", "120"))
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written to .hypothesis/ in the work tree
    # CI walks the same examples every run, so a landing never hangs on a roll of the dice;
    # a developer's run explores new ones (raise HOSTILE_INPUT_EXAMPLES to look harder).
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
# Not walked: the staff admin, and forms that end the resident's session.
SKIPPED = re.compile(r"^/(admin|django-admin)/|/logout/|/accounts/(password/change|email)/")
# Rendering a PDF takes seconds; the addresses are walked, but less often.
SLOW = re.compile(r"/(results/pdf|paper)/$")

# Values -----------------------------------------------------------------------------------

CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.just("\x7f")
EXTREMES = [
    "\x00",
    "x\x00y",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T23:59",
    "2026-05-01T00:00:00+23:59",  # PostgreSQL takes offsets up to ±15:59 only
    "2026-05-01T12:00:00-16:00",
    "2026-02-30",
    "1e5000",
    "-1e5000",
    "1e-5000",
    "nan",
    "NaN",
    "inf",
    "-Infinity",
    "9" * 4400,
    "-" + "9" * 30,
    "18446744073709551616",
    "²",
    "٣",
    "１２",
    "0x1F",
    "",
    " ",
    "null",
    "[]",
    '{"a": 1}',
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "http://",
    "' OR 1=1 --",
    "../../../etc/passwd",
    "%00",
    "\u202e\ufeff\ufffd",
    "a" * 5000,
]


def _with_controls(text):
    return st.tuples(text, CONTROL, text).map("".join)


SHORT = st.text(max_size=20)
hostile_text = st.one_of(
    st.sampled_from(EXTREMES),
    _with_controls(SHORT),
    SHORT,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(repr),
    st.datetimes().map(lambda d: d.isoformat()),
    st.tuples(st.dates(), st.sampled_from(["+23:59", "-23:59", "+14:00", "Z", "+24:00"])).map(
        lambda pair: f"{pair[0].isoformat()}T00:00:00{pair[1]}"
    ),
    st.integers(min_value=1, max_value=200_000).map(lambda n: "x" * n),
)
# Aimed at fields whose offered value is a date or a number.
ODD_OFFSETS = [-1439, -960, 959, 960, 1439]  # minutes: ±23:59, ±16:00, +15:59
OFFSETS = st.integers(-1439, 1439) | st.sampled_from(ODD_OFFSETS)


def _with_offset(pair):
    moment, minutes = pair
    sign = "+" if minutes >= 0 else "-"
    return moment.isoformat() + sign + "{:02d}:{:02d}".format(*divmod(abs(minutes), 60))


NEAR = st.datetimes(min_value=datetime(2025, 11, 1), max_value=datetime(2026, 3, 1))
hostile_dates = st.one_of(
    st.sampled_from([v for v in EXTREMES if v[:1].isdigit()]),
    st.tuples(st.datetimes(), OFFSETS).map(_with_offset),
    # Near the dates the forms offer, so that a window of dates is valid and gets used.
    st.tuples(NEAR, OFFSETS).map(_with_offset),
    st.tuples(NEAR, st.sampled_from(ODD_OFFSETS)).map(_with_offset),
)
hostile_numbers = st.one_of(
    st.sampled_from(["1e5000", "-1e5000", "nan", "inf", "9" * 4400, "²", "١٢", "1_000", "0x10"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(repr),
)
DATE = re.compile(r"^\d{4}-\d\d-\d\d")
NUMBER = re.compile(r"^-?[\d.]+$")


def aimed_at(offered):
    """Hostile values for a field, more of them of its kind when it looks like one."""
    if any(DATE.match(value or "") for value in offered):
        return hostile_dates | hostile_text
    if any(NUMBER.match(value or "") for value in offered):
        return hostile_numbers | hostile_text
    return hostile_text


def several(values):
    """Usually one value; sometimes none, or several where one is expected."""
    return st.one_of(values.map(lambda value: [value]), st.lists(values, max_size=3))


hostile_values = several(hostile_text)


# Targets ----------------------------------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str
    # name -> the values the page offers (hidden value, options, button values)
    fields: dict = field(default_factory=dict)
    resident: bool = False
    from_html: bool = False


def _sample_kwargs(converters, samples):
    kwargs = {}
    for name, converter in converters.items():
        kwargs[name] = samples.get(name, "1" if converter == "int" else "sample")
    return kwargs


def _url_patterns(resolver, namespace=()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespace, entry.namespace) if entry.namespace else namespace
            yield from _url_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield ":".join((*namespace, entry.name)), entry.pattern


def _converters(pattern):
    """{name: "int" or "str"} of a pattern's keyword parameters."""
    if isinstance(pattern, RoutePattern):  # path()
        return {
            name: "int" if type(conv).__name__ == "IntConverter" else "str"
            for name, conv in pattern.converters.items()
        }
    return dict.fromkeys(pattern.regex.groupindex, "str")  # re_path()


def _addresses_of_urlconf(samples):
    """(template, sample) for every named URL pattern; "{}" marks a path parameter."""
    marker = "hostilemarker"
    found = []
    for name, pattern in _url_patterns(get_resolver()):
        converters = _converters(pattern)
        if getattr(pattern, "regex", None) is not None and pattern.regex.groups > len(converters):
            continue  # positional groups: Wagtail's own page serving, walked as pages
        kwargs = _sample_kwargs(converters, samples)
        try:
            path = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        found.append((path, None))
        for param, kind in converters.items():
            if kind != "str":
                continue
            try:
                marked = reverse(name, kwargs={**kwargs, param: marker})
            except NoReverseMatch:
                continue
            found.append((marked.replace(marker, "{}"), kwargs[param]))
    return found


def _addresses_of_pages():
    found = []
    for page in Page.objects.live().specific().exclude(depth=1):
        url = page.url
        if not url:
            continue
        found.append((url, None))
        if isinstance(page, RoutablePageMixin):
            for route in page.get_resolver().url_patterns:
                if route.name:
                    found.append((url + page.reverse_subpage(route.name), None))
    return found


def forms_on(html, page_url, *, resident):
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all("form"):
        action = urljoin(page_url, element.get("action") or page_url)
        parts = urlsplit(action)
        if parts.netloc not in ("", "testserver") or SKIPPED.search(parts.path):
            continue
        form = Form(
            method=(element.get("method") or "get").lower(),
            action=parts.path + (f"?{parts.query}" if parts.query else ""),
            resident=resident,
            from_html=True,
        )
        for control in element.find_all(["input", "select", "textarea", "button"]):
            name = control.get("name")
            if not name:
                continue
            if control.name == "select":
                offered = [option.get("value", option.text) for option in control("option")]
            elif control.name == "textarea":
                offered = [control.text]
            else:
                offered = [control.get("value", "on")]
            form.fields.setdefault(name, []).extend(offered)
        yield form


def open311_forms(demo):
    fields = {
        "api_key": [demo.api_key],
        "service_code": [demo.category.code],
        "lat": ["39.95"],
        "long": ["-75.16"],
        "address_string": ["1 Main St"],
        "description": ["A hole"],
        "email": ["rosa@example.org"],
        "first_name": ["Rosa"],
        "last_name": ["M"],
        "phone": ["555"],
        "device_id": ["d1"],
        "media_url": ["https://example.org/a.jpg"],
        "jurisdiction_id": [""],
    }
    for attribute in ServiceAttribute.objects.filter(category=demo.category):
        keys_ = [str(v.get("key")) for v in attribute.values or []] or ["1"]
        suffix = "[]" if attribute.datatype == "multivaluelist" else ""
        fields[f"attribute[{attribute.code}]{suffix}"] = keys_
    # "" leaves a parameter out: service_request_id would override the dates.
    search = {
        "service_request_id": ["", demo.reference],
        "service_code": ["", demo.category.code],
        "start_date": ["", "2026-01-01"],
        "end_date": ["", "2026-02-01"],
        "status": ["open", "closed"],
        "jurisdiction_id": [""],
    }
    update = {
        "api_key": [demo.api_key],
        "service_request_id": [demo.reference],
        "status": ["open", "closed", "in_progress"],
        "resolution": ["fixed", "not_city"],
        "description": ["Done"],
        "media_url": ["https://example.org/b.jpg"],
        "updated_datetime": ["2026-01-01T10:00:00Z"],
    }
    forms = []
    for fmt in ("json", "xml"):
        forms += [
            Form("post", f"/open311/v2/requests.{fmt}", dict(fields)),
            Form("get", f"/open311/v2/requests.{fmt}", dict(search)),
            Form("get", f"/open311/v2/servicerequestupdates.{fmt}", dict(search)),
            Form("post", f"/open311/v2/servicerequestupdates.{fmt}", dict(update)),
        ]
    return forms


def api_forms(demo):
    """Query parameters of the JSON addresses, which no HTML form shows."""
    return [
        Form(
            "get",
            reverse("ideas:open_data"),
            {
                "page": ["1"],
                "limit": ["10"],
                "campaign": [str(demo.campaign.pk)],
                "status": ["open"],
                "since": ["2026-01-01"],
            },
        ),
        Form("get", reverse("reports:geojson"), {"bbox": ["-75.2,39.9,-75.1,40.0"]}),
        Form("get", reverse("ideas:similar"), {"title": ["Trees"], "exclude": ["1"]}),
    ]


@pytest.fixture
def demo(db, settings):
    settings.OPEN311_RATE_LIMIT = ""  # every request reaches the checks, none is throttled
    call_command("seed_demo", verbosity=0)
    category = ServiceCategory.objects.filter(active=True).order_by("pk").first()
    for datatype in ("number", "datetime", "string", "text"):
        ServiceAttribute.objects.get_or_create(
            category=category,
            code=f"hostile-{datatype}",
            defaults={"description": datatype, "datatype": datatype, "sort_order": 99},
        )
    idea = Idea.objects.visible().order_by("pk").first()
    report = ServiceReport.objects.order_by("pk").first()
    resident = UserFactory(email="hostile@example.org")
    demo = type("Demo", (), {})()
    demo.category, demo.reference = category, report.reference
    demo.campaign = IdeaCampaignPage.objects.live().order_by("pk").first()
    demo.api_key = keys.create_key("Hostile tests")[1]
    demo.resident = resident
    samples = {
        "pk": str(idea.pk),
        "campaign_pk": str(demo.campaign.pk),
        "reference": report.reference,
        "service_request_id": report.reference,
        "service_code": category.code,
        "fmt": "json",
    }
    # (path template with "{}" for a path part, or None; the sample value of that part)
    addresses = _addresses_of_urlconf(samples) + _addresses_of_pages()
    demo.addresses = [(t, s) for t, s in addresses if not SKIPPED.search(t)]
    # Forms, as a visitor and as a resident sees them.
    forms = open311_forms(demo) + api_forms(demo)
    visitor, member = Client(), Client()
    member.force_login(resident)
    for template, sample in demo.addresses:
        url = template.format(quote(sample)) if sample is not None else template
        if SLOW.search(url):
            continue
        for client, is_resident in ((visitor, False), (member, True)):
            response = client.get(url)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                forms += forms_on(response.content.decode(), url, resident=is_resident)
    demo.forms = _distinct(forms)
    return demo


def _distinct(forms):
    seen, kept = set(), []
    for form in forms:
        key = (form.method, form.action, tuple(sorted(form.fields)), form.resident)
        if key not in seen:
            seen.add(key)
            kept.append(form)
    return kept


def hostile_client(resident=None):
    client = Client(raise_request_exception=False)
    if resident is not None:
        client.force_login(resident)
    return client


@contextmanager
def rolled_back():
    """Each example starts from the same data, and a database error in one (PostgreSQL
    then refuses every query until a rollback) does not fail the next: Hypothesis can
    shrink to the request that really fails."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def assert_answered(response, description):
    assert response.status_code != 500, description


# The test ---------------------------------------------------------------------------------
# One test: building the demo and finding the targets is most of its time.


def test_no_request_answers_500(demo):
    check_the_walk_finds_every_kind_of_target(demo)
    addresses_answer(demo)
    # Each API "form" on its own: they take the most kinds of value (dates, numbers).
    for form in demo.forms:
        if not form.from_html:
            forms_answer([form], demo.resident, examples=EXAMPLES // 4)
    forms_answer([form for form in demo.forms if form.from_html], demo.resident)


def check_the_walk_finds_every_kind_of_target(demo):
    """The walk must not silently shrink: it reaches the parts and their forms."""
    templates = [template for template, _sample in demo.addresses]
    actions = {form.action.split("?")[0] for form in demo.forms}
    assert "/open311/v2/requests/{}.json" in templates
    assert "/en/reports/{}/" in templates
    assert any(t.endswith("/results/") for t in templates)  # a routable sub-page
    assert {"/en/search/", "/en/reports/new/", "/en/accounts/signup/"} <= actions
    assert any(action.startswith("/en/surveys/") for action in actions)
    assert any(action.endswith("/comment/") for action in actions)  # as a resident
    assert len(demo.addresses) >= 100
    assert len(demo.forms) >= 50


def addresses_answer(demo):
    """Every address, with hostile query parameters, path parts and cookies."""

    @HYPOTHESIS
    @given(data=st.data())
    def run(data):
        template, sample = data.draw(st.sampled_from(demo.addresses), label="address")
        if SLOW.search(template) and data.draw(st.integers(0, 9)):
            template, sample = "/en/search/", None  # PDFs: one time in ten
        if sample is not None:
            part = data.draw(st.one_of(st.just(sample), hostile_text.filter(bool)), label="part")
            url = template.format(quote(part, safe=""))
        else:
            url = template
        names = st.sampled_from(["q", "tag", "page", "since", "code", "sort", "status", "bbox"])
        query = data.draw(
            st.dictionaries(names | hostile_text.filter(bool), hostile_values, max_size=3),
            label="query",
        )
        as_resident = data.draw(st.booleans(), label="as a resident")
        cookies = {}
        if data.draw(st.booleans(), label="hostile cookies"):
            for name in ("sessionid", "django_language", "csrftoken"):
                value = data.draw(hostile_text, label=name)
                # As a WSGI server hands them over: the bytes, read as ISO-8859-1.
                cookies[name] = value.encode().decode("iso-8859-1")
        with rolled_back():
            client = hostile_client(demo.resident if as_resident else None)
            for name, value in cookies.items():
                client.cookies[name] = value
            response = client.get(url, query)
        assert_answered(response, f"GET {url} {query!r}")

    run()


def forms_answer(forms, resident, examples=EXAMPLES):
    """Every form the pages show (and the Open311 API), one or two fields filled with
    hostile values, the others with what the page offers."""

    @settings(HYPOTHESIS, max_examples=examples)
    @given(data=st.data())
    def run(data):
        form = data.draw(st.sampled_from(forms), label="form")
        payload = {}
        names = list(form.fields)
        hostile = set(
            data.draw(
                st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True),
                label="fields",
            )
            if names
            else []
        )
        for name, offered in form.fields.items():
            if name in hostile:
                payload[name] = data.draw(several(aimed_at(offered)), label=name)
            else:
                payload[name] = data.draw(st.sampled_from(offered), label=name)
        if data.draw(st.integers(0, 3), label="extra field") == 0:
            payload[data.draw(hostile_text, label="extra name")] = data.draw(hostile_values)
        with rolled_back():
            client = hostile_client(resident if form.resident else None)
            response = getattr(client, form.method)(form.action, payload)
        assert_answered(response, f"{form.method.upper()} {form.action} {payload!r}"[:3000])

    run()
