"""The Open311 GeoReport v2 endpoints (http://wiki.open311.org/GeoReport_v2).

Every URL ends in ``.json`` or ``.xml``; every error is the spec's error list. Reads are
public; writes need an ``api_key`` (see :mod:`.keys`) and are rate limited per key.
Everything is answered in the site's default language and the default locale's
categories, whatever the client's Accept-Language says.
"""

from functools import wraps
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db.models import Exists, OuterRef, Subquery
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Locale

from engage.core.inputs import (
    checks_own_input,
    has_control_characters,
    unusable_parameters,
)
from engage.reports import services as report_services
from engage.reports.models import ReportEvent, ServiceAttribute, ServiceCategory, ServiceReport

from . import keys, throttle
from .serializers import (
    FORMATS,
    definition_data,
    discovery_data,
    render,
    render_errors,
    request_data,
    service_data,
    update_data,
)
from .validation import (
    clean_new_request,
    clean_update,
    comma_list,
    date_window,
    jurisdiction_errors,
)

MAX_RESULTS = 1000
CHANGESET = "2026-01-01T00:00:00+00:00"  # when this API's shape last changed
Status = ServiceReport.Status
CLOSED_STATUSES = (Status.RESOLVED, Status.CLOSED, Status.DUPLICATE)


def endpoint(*methods):
    """Wrap an Open311 view: format, method, input and jurisdiction checks, CORS, language.

    Input no parameter may carry (control characters, in the address or the body) and
    bodies too large to read are answered here with the error list, for every endpoint.
    """

    def decorator(view):
        @checks_own_input
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, fmt, **kwargs):
            if fmt not in FORMATS:
                return render_errors(
                    "json", [(404, f"format {fmt[:20]!r} not supported; use json or xml")]
                )
            is_get = request.method in ("GET", "HEAD")
            if request.method not in methods and not (is_get and "GET" in methods):
                response = render_errors(
                    fmt, [(405, f"method {request.method} not allowed")], cors=is_get
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                params = request.GET if is_get else request.POST
                errors = unusable_input_errors(request.GET, params, kwargs)
            except (
                RequestDataTooBig,
                TooManyFieldsSent,
                TooManyFilesSent,
                MultiPartParserError,
            ) as error:
                errors = [_unreadable(error)]
            if errors:
                return render_errors(fmt, errors, cors=is_get)
            errors = jurisdiction_errors(params)
            if errors:
                return render_errors(fmt, errors, cors=is_get)
            with translation.override(settings.LANGUAGE_CODE):
                response = view(request, *args, fmt=fmt, **kwargs)
            if is_get:
                response["Access-Control-Allow-Origin"] = "*"
            return response

        return wrapper

    return decorator


def _unreadable(error):
    """The error for a body Django would not read (too large, too many fields, broken)."""
    if isinstance(error, MultiPartParserError):
        return (400, "the request body is not valid multipart/form-data")
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return (400, f"the request is too large: at most {size} bytes and {fields} fields")


def unusable_input_errors(query, params, path_values):
    """One 400 error for each parameter (in the address, the body or the path itself)
    whose name or value holds control characters."""
    names = list(dict.fromkeys([*unusable_parameters(query), *unusable_parameters(params)]))
    names += [name for name, value in path_values.items() if has_control_characters(value)]
    return [(400, f"{name} may not contain control characters (such as NUL)") for name in names]


def _api_key(request, fmt):
    """``(key, None)`` for a valid, unthrottled key, else ``(None, error response)``."""
    plain = (request.POST.get("api_key") or "").strip()
    if not plain:
        return None, render_errors(fmt, [(403, "api_key required")])
    key = keys.authenticate(plain)
    if key is None:
        return None, render_errors(fmt, [(403, "api_key not valid")])
    wait = throttle.hit(key.pk)
    if wait:
        response = render_errors(
            fmt, [(429, f"too many requests for this api_key; try again in {wait} s")]
        )
        response["Retry-After"] = str(wait)
        return None, response
    return key, None


def _categories():
    """The default locale's categories: Open311 services speak one language."""
    return ServiceCategory.objects.filter(locale=Locale.get_default())


def _service_names():
    """``{translation_key: (code, name)}`` of every category in the default locale."""
    return {
        translation_key: (code, name)
        for translation_key, code, name in _categories().values_list(
            "translation_key", "code", "name"
        )
    }


def service_notice(category):
    # A category without its own target promises its department's.
    days = category.effective_target_days
    if not days:
        return ""
    return ngettext(
        "The city aims to resolve this within %(days)d day.",
        "The city aims to resolve this within %(days)d days.",
        days,
    ) % {"days": days}


REQUEST_FIELDS = (
    "reference",
    "status",
    "resolution",
    "description",
    "address",
    "lat",
    "lng",
    "media_url",
    "submitted_at",
    "updated_at",
    "due_at",
    "duplicate_of",
    "category__code",
    "category__name",
    "category__translation_key",
    "category__target_days",
    "department__name",
)


def _reports():
    last_note = (
        ReportEvent.objects.filter(report=OuterRef("pk"), is_public=True)
        .exclude(public_note="")
        .order_by("-created_at", "-pk")
        .values("public_note")[:1]
    )
    return (
        ServiceReport.objects.select_related("category", "department")
        # Only what a service request shows: a list of 1,000 skips the rest.
        .only(*REQUEST_FIELDS)
        .annotate(last_public_note=Subquery(last_note))
    )


def _light_rows(reports):
    """The reports as plain rows with the attributes ``request_data`` reads.

    A list answers up to 1,000 requests: building three model instances for each
    (report, category, department) was half of its time.
    """
    for row in reports.values(
        *REQUEST_FIELDS,
        "category_id",
        "last_public_note",
        "category__department__target_days",
    ):
        department = row["department__name"]
        own_target = row["category__target_days"]
        yield SimpleNamespace(
            **{field: row[field] for field in REQUEST_FIELDS if "__" not in field},
            category_id=row["category_id"],
            category=SimpleNamespace(
                code=row["category__code"],
                name=row["category__name"],
                translation_key=row["category__translation_key"],
                target_days=own_target,
                effective_target_days=own_target
                if own_target is not None
                else row["category__department__target_days"],
            ),
            department=SimpleNamespace(name=department) if department else None,
            last_public_note=row["last_public_note"],
        )


def _requests_data(reports):
    names = _service_names()
    tz = timezone.get_current_timezone()
    notices = {}
    data = []
    for report in reports:
        if report.category_id not in notices:
            notices[report.category_id] = service_notice(report.category)
        data.append(
            request_data(
                report,
                service=names.get(report.category.translation_key),
                last_note=report.last_public_note or "",
                service_notice=notices[report.category_id],
                tz=tz,
            )
        )
    return data


@endpoint("GET")
def discovery(request, fmt):
    path = reverse("open311:discovery", kwargs={"fmt": fmt})
    base = request.build_absolute_uri(path.rsplit("/", 1)[0] + "/")
    email = settings.DEFAULT_FROM_EMAIL
    data = discovery_data(
        url=base,
        changeset=getattr(settings, "OPEN311_CHANGESET", CHANGESET),
        contact=getattr(settings, "OPEN311_CONTACT", f"{settings.WAGTAIL_SITE_NAME}: {email}"),
        key_service=getattr(
            settings,
            "OPEN311_KEY_SERVICE",
            "Ask the city's web team for an API key; staff create keys in the Engage admin.",
        ),
    )
    return render(fmt, "discovery", data)


@endpoint("GET")
def service_list(request, fmt):
    categories = (
        _categories()
        .filter(active=True)
        .annotate(has_attributes=Exists(ServiceAttribute.objects.filter(category=OuterRef("pk"))))
        .order_by("group", "name", "pk")
    )
    data = [service_data(c, has_attributes=c.has_attributes) for c in categories]
    return render(fmt, "services", data)


@endpoint("GET")
def service_definition(request, fmt, service_code):
    category = _categories().filter(active=True, code=service_code).first()
    if category is None:
        return render_errors(fmt, [(404, "service_code not found")])
    attributes = ServiceAttribute.objects.filter(category=category).order_by("sort_order", "pk")
    return render(fmt, "service_definition", definition_data(category, attributes))


@endpoint("GET", "POST")
def requests(request, fmt):
    if request.method == "POST":
        return _create_request(request, fmt)
    params = request.GET
    reports = _reports()
    ids = comma_list(params.get("service_request_id"))
    if ids:
        # Asking for ids overrides every other filter, and shows merged duplicates too.
        reports = reports.filter(reference__in=[i.upper() for i in ids[:MAX_RESULTS]])
    else:
        window, errors = date_window(params)
        statuses = [s.lower() for s in comma_list(params.get("status"))]
        bad = sorted(set(statuses) - {"open", "closed"})
        if bad:
            errors.append((400, f"status must be open or closed, not {', '.join(bad)}"))
        if errors:
            return render_errors(fmt, errors)
        start, end = window
        reports = reports.public().filter(submitted_at__gte=start, submitted_at__lte=end)
        codes = comma_list(params.get("service_code"))
        if codes:
            reports = reports.filter(category__code__in=codes)
        if set(statuses) == {"open"}:
            reports = reports.filter(status__in=ServiceReport.OPEN_STATUSES)
        elif set(statuses) == {"closed"}:
            reports = reports.filter(status__in=CLOSED_STATUSES)
    reports = reports.order_by("-submitted_at", "-pk")[:MAX_RESULTS]
    return render(fmt, "service_requests", _requests_data(_light_rows(reports)))


def _create_request(request, fmt):
    key, refusal = _api_key(request, fmt)
    if refusal:
        return refusal
    errors = []
    category, attributes = None, []
    code = (request.POST.get("service_code") or "").strip()
    if not code:
        errors.append((400, "service_code required"))
    else:
        category = _categories().filter(active=True, code=code).first()
        if category is None:
            errors.append((400, f"service_code {code[:40]!r} not found"))
        else:
            attributes = list(
                ServiceAttribute.objects.filter(category=category).order_by("sort_order", "pk")
            )
    fields, more = clean_new_request(request.POST, category, attributes)
    errors.extend(more)
    if errors:
        return render_errors(fmt, errors, status=400)
    report = report_services.file_report(category=category, **fields)
    data = [
        {
            "service_request_id": report.reference,
            "service_notice": service_notice(category),
            "account_id": None,
        }
    ]
    return render(fmt, "service_requests", data)


@endpoint("GET")
def request_detail(request, fmt, service_request_id):
    report = _reports().filter(reference=service_request_id.upper()).first()
    if report is None:
        return render_errors(fmt, [(404, "service_request_id not found")])
    return render(fmt, "service_requests", _requests_data([report]))


@endpoint("GET", "POST")
def request_updates(request, fmt):
    """The "service request updates" extension: public history entries of reports."""
    if request.method == "POST":
        return _create_update(request, fmt)
    params = request.GET
    window, errors = date_window(params)
    if errors:
        return render_errors(fmt, errors)
    start, end = window
    events = (
        ReportEvent.objects.filter(is_public=True, created_at__gte=start, created_at__lte=end)
        .exclude(kind=ReportEvent.Kind.FILED)
        .select_related("report")
    )
    ids = comma_list(params.get("service_request_id"))
    if ids:
        events = events.filter(report__reference__in=[i.upper() for i in ids[:MAX_RESULTS]])
    # Oldest first, so a client can carry on from the last update it has seen.
    events = events.order_by("created_at", "pk")[:MAX_RESULTS]
    return render(fmt, "service_request_updates", [update_data(e) for e in events])


def _create_update(request, fmt):
    key, refusal = _api_key(request, fmt)
    if refusal:
        return refusal
    reference = (request.POST.get("service_request_id") or "").strip().upper()
    if not reference:
        return render_errors(fmt, [(400, "service_request_id required")])
    report = ServiceReport.objects.filter(reference=reference).first()
    if report is None:
        return render_errors(fmt, [(404, "service_request_id not found")])
    cleaned, errors = clean_update(request.POST, report)
    if errors:
        return render_errors(fmt, errors, status=400)
    report = report_services.change_status(
        report,
        cleaned["status"],
        public_note=cleaned["public_note"],
        internal_note=f"Open311 update with API key {key}",
        resolution=cleaned.get("resolution", ""),
    )
    event = (
        ReportEvent.objects.filter(report=report, kind=ReportEvent.Kind.STATUS)
        .select_related("report")
        .latest("created_at", "pk")
    )
    return render(fmt, "service_request_updates", [update_data(event)])
