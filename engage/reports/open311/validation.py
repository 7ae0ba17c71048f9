"""Checking what Open311 clients send. Every problem is collected, none raised.

Each validator returns ``(cleaned, errors)`` where ``errors`` is a list of
``(http_code, description)``; the view saves nothing unless ``errors`` is empty.
"""

import math
import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.html import strip_tags

from engage.core.inputs import EARLIEST, LATEST, OutOfRange, parse_datetime, parse_number
from engage.reports.models import ServiceAttribute, ServiceReport

MAX_WINDOW = timedelta(days=90)
MAX_DESCRIPTION = 4000
MAX_MEDIA_URL = 500
MAX_ADDRESS = 255
Datatype = ServiceAttribute.Datatype
Status = ServiceReport.Status

ATTRIBUTE_RE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
_url_validator = URLValidator(schemes=["http", "https"])


RANGE = f"{EARLIEST.date().isoformat()} and {LATEST.date().isoformat()}"


def parse_when(value):
    """An ISO 8601 date-time (or date: its local midnight) as an aware datetime.

    A time without an offset is taken to be in the site's time zone. Raises ValueError,
    or its subclass ``OutOfRange`` for a moment outside 0002-01-01 … 9998-12-31 (see
    ``engage.core.inputs``).
    """
    return parse_datetime(value)


def _when_error(name, raw, error):
    if isinstance(error, OutOfRange):
        return (400, f"{name} must be between {RANGE}")
    return (400, f"{name} is not an ISO 8601 date-time: {raw[:40]!r}")


def date_window(params, *, now=None):
    """``start_date``/``end_date`` → ``((start, end), errors)``; at most 90 days apart.

    Neither: the last 90 days. Only one: the 90 days after the start or before the end.
    """
    now = now or timezone.now()
    errors = []
    start = end = None
    for name in ("start_date", "end_date"):
        raw = params.get(name, "").strip()
        if not raw:
            continue
        try:
            when = parse_when(raw)
        except ValueError as error:
            errors.append(_when_error(name, raw, error))
            continue
        if name == "start_date":
            start = when
        else:
            end = when
    if errors:
        return None, errors
    if start is None and end is None:
        end = now
    if start is None:
        start = end - MAX_WINDOW
    if end is None:
        end = start + MAX_WINDOW
    if end < start:
        errors.append((400, "end_date is before start_date"))
    elif end - start > MAX_WINDOW:
        errors.append((400, "start_date and end_date may be at most 90 days apart"))
    return (start, end), errors


def comma_list(value):
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def plain_text(value):
    """Text without HTML tags or surrounding space."""
    return strip_tags(value or "").strip()


# What a URL may hold written out (RFC 3986) less the apostrophe: no quotes, angle
# brackets, backslashes, spaces or non-ASCII letters, which third-party clients might
# paste into HTML or a script. Anything else must be percent-encoded.
_URL_CHARACTERS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+$")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _check_url(value, name, errors):
    """An absolute http(s) URL that is safe to put in an attribute, or "" with an error."""
    if not value:
        return ""
    if len(value) > MAX_MEDIA_URL:
        errors.append((400, f"{name} may be at most {MAX_MEDIA_URL} characters"))
        return ""
    if not _URL_CHARACTERS.match(value) or _BAD_PERCENT.search(value):
        errors.append(
            (
                400,
                f"{name} may hold only the characters of a URL (RFC 3986), percent-encoded; "
                "no quotes, angle brackets, backslashes or spaces",
            )
        )
        return ""
    try:
        _url_validator(value)
        if urlsplit(value).scheme.lower() not in ("http", "https"):
            raise ValidationError(name)
    except (ValidationError, ValueError):
        errors.append((400, f"{name} must be an http or https URL"))
        return ""
    return value


def _check_description(value, errors):
    text = plain_text(value)
    if len(text) > MAX_DESCRIPTION:
        errors.append(
            (400, f"description may be at most {MAX_DESCRIPTION} characters, not {len(text)}")
        )
    return text


def _number(text):
    """A JSON number (int or float) from text; ValueError past 10^15 (``parse_number``)."""
    number = parse_number(text)
    return int(number) if number == number.to_integral_value() else float(number)


def _coordinate(raw, name, low, high, errors):
    try:
        value = float(raw)
    except ValueError:
        errors.append((400, f"{name} must be a number"))
        return None
    if not math.isfinite(value) or not low <= value <= high:
        errors.append((400, f"{name} must be between {low} and {high}"))
        return None
    return value


def attribute_answers(data):
    """``attribute[CODE]`` and ``attribute[CODE][]`` fields → ``{code: [values]}``."""
    answers = {}
    for field in data:
        match = ATTRIBUTE_RE.match(field)
        if match:
            values = [v.strip() for v in data.getlist(field) if v.strip()]
            answers.setdefault(match.group(1), []).extend(values)
    return answers


def clean_attributes(data, attributes):
    """Check the answers against the category's questions → ``(answers, errors)``."""
    errors = []
    cleaned = {}
    given = attribute_answers(data)
    by_code = {attribute.code: attribute for attribute in attributes}
    for code in sorted(set(given) - set(by_code)):
        errors.append((400, f"attribute[{code}] is not a question of this service"))
    for attribute in attributes:
        values = given.get(attribute.code, [])
        name = f"attribute[{attribute.code}]"
        if not values:
            if attribute.required:
                errors.append((400, f"{name} is required: {attribute.description}"))
            continue
        if attribute.datatype != Datatype.MULTI_VALUE_LIST and len(values) > 1:
            errors.append((400, f"{name} takes one value, not {len(values)}"))
            continue
        _clean_answer(attribute, values, cleaned, errors)
    return cleaned, errors


def _clean_answer(attribute, values, cleaned, errors):
    """One question's answer into ``cleaned[attribute.code]``, or what is wrong into ``errors``."""
    name = f"attribute[{attribute.code}]"
    value = values[0]
    keys = {str(v.get("key")) for v in attribute.values or [] if isinstance(v, dict)}
    if attribute.datatype == Datatype.NUMBER:
        try:
            cleaned[attribute.code] = _number(value)
        except OutOfRange:
            errors.append((400, f"{name} must be a number between -10^15 and 10^15"))
        except ValueError:
            errors.append((400, f"{name} must be a number, not {value[:40]!r}"))
    elif attribute.datatype == Datatype.DATETIME:
        try:
            cleaned[attribute.code] = parse_when(value).isoformat()
        except OutOfRange:
            errors.append((400, f"{name} must be between {RANGE}"))
        except ValueError:
            errors.append((400, f"{name} must be an ISO 8601 date-time, not {value[:40]!r}"))
    elif attribute.datatype == Datatype.SINGLE_VALUE_LIST:
        if value in keys:
            cleaned[attribute.code] = value
        else:
            errors.append((400, f"{name} must be one of: {', '.join(sorted(keys))}"))
    elif attribute.datatype == Datatype.MULTI_VALUE_LIST:
        unknown = [v for v in values if v not in keys]
        if unknown:
            errors.append(
                (
                    400,
                    f"{name} has unknown values ({', '.join(v[:40] for v in unknown)}); "
                    f"choose from: {', '.join(sorted(keys))}",
                )
            )
        else:
            cleaned[attribute.code] = list(dict.fromkeys(values))
    else:  # string, text
        text = plain_text(value)
        limit = 255 if attribute.datatype == Datatype.STRING else MAX_DESCRIPTION
        if len(text) > limit:
            errors.append((400, f"{name} may be at most {limit} characters"))
        else:
            cleaned[attribute.code] = text


def clean_new_request(data, category, attributes):
    """A POST to requests.{fmt} → ``(fields for file_report, errors)``.

    ``category`` is None when the service_code was missing or unknown (already reported
    by the caller); everything else is still checked so all problems come back at once.
    """
    errors = []
    fields = {"channel": ServiceReport.Channel.OPEN311}
    _clean_location(data, fields, errors)
    fields["description"] = _check_description(data.get("description"), errors)
    fields["media_url"] = _check_url(_text(data, "media_url"), "media_url", errors)
    _clean_sender(data, fields, errors)
    if category is not None:
        answers, attribute_errors = clean_attributes(data, attributes)
        errors.extend(attribute_errors)
        fields["attributes"] = answers
    return fields, errors


def _text(data, name):
    return (data.get(name) or "").strip()


def _clean_location(data, fields, errors):
    """Location: lat+long, address_string or address_id."""
    lat_raw, long_raw = _text(data, "lat"), _text(data, "long")
    address, address_id = _text(data, "address_string"), _text(data, "address_id")
    if lat_raw or long_raw:
        if not (lat_raw and long_raw):
            errors.append((400, "lat and long must be given together"))
        else:
            lat = _coordinate(lat_raw, "lat", -90, 90, errors)
            lng = _coordinate(long_raw, "long", -180, 180, errors)
            if lat is not None and lng is not None:
                fields["lat"], fields["lng"] = lat, lng
    elif not (address or address_id):
        errors.append((400, "location required: lat and long, address_string or address_id"))
    if address or address_id:
        full = plain_text(address) or f"address_id {plain_text(address_id)}"
        if len(full) > MAX_ADDRESS:
            errors.append((400, f"address_string may be at most {MAX_ADDRESS} characters"))
        else:
            fields["address"] = full


def _clean_sender(data, fields, errors):
    """Who sent the request: e-mail, name, phone and device (all optional)."""
    email = _text(data, "email")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append((400, "email is not a valid e-mail address"))
        else:
            fields["contact_email"] = email
    names = (plain_text(_text(data, "first_name")), plain_text(_text(data, "last_name")))
    name = " ".join(part for part in names if part)
    if len(name) > 120:
        errors.append((400, "first_name and last_name may be at most 120 characters together"))
    else:
        fields["contact_name"] = name
    phone = plain_text(_text(data, "phone"))
    if len(phone) > 40:
        errors.append((400, "phone may be at most 40 characters"))
    else:
        fields["contact_phone"] = phone
    device_id = plain_text(_text(data, "device_id"))
    if len(device_id) > 120:
        errors.append((400, "device_id may be at most 120 characters"))
    else:
        fields["device_id"] = device_id


# --- Service request updates (extension) ---------------------------------------------

DETAILED_STATUSES = {Status.SUBMITTED, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED}
CLOSING_RESOLUTIONS = {
    ServiceReport.Resolution.FIXED: Status.RESOLVED,
    ServiceReport.Resolution.NOT_CITY: Status.CLOSED,
    ServiceReport.Resolution.NO_ACTION: Status.CLOSED,
}


def clean_update(data, report):
    """A POST to servicerequestupdates.{fmt} → ``({status, resolution, public_note}, errors)``.

    ``status`` is ``open`` or ``closed`` (Open311) or one of Engage's detailed statuses
    ``submitted``, ``acknowledged``, ``in_progress``, ``resolved``. ``open`` keeps an open
    report's status (a note) and sends a closed one back to ``submitted``; ``closed``
    keeps a closed report's status and otherwise resolves it, or closes it without
    action when ``resolution`` is ``not_city`` or ``no_action``.
    """
    errors = []
    cleaned = {}
    raw = (data.get("status") or "").strip().lower()
    resolution = (data.get("resolution") or "").strip().lower()
    if resolution and resolution not in CLOSING_RESOLUTIONS:
        errors.append((400, f"resolution must be one of: {', '.join(CLOSING_RESOLUTIONS)}"))
        resolution = ""
    if not raw:
        errors.append((400, "status required"))
    elif raw == "open":
        cleaned["status"] = report.status if report.is_open else Status.SUBMITTED
    elif raw == "closed":
        if resolution:
            cleaned["status"] = CLOSING_RESOLUTIONS[resolution]
            cleaned["resolution"] = resolution
        elif report.status in (Status.RESOLVED, Status.CLOSED):
            cleaned["status"] = report.status
            cleaned["resolution"] = report.resolution
        else:
            cleaned["status"] = Status.RESOLVED
    elif raw in DETAILED_STATUSES:
        cleaned["status"] = Status(raw)
        if raw == Status.RESOLVED and resolution:
            cleaned["resolution"] = resolution
    else:
        allowed = ", ".join(["open", "closed", *sorted(DETAILED_STATUSES)])
        errors.append((400, f"status must be one of: {allowed}"))
    if report.status == Status.DUPLICATE:
        errors.append((400, "this request was merged into another one; send updates for that one"))
    cleaned["public_note"] = _check_description(data.get("description"), errors)
    _check_url((data.get("media_url") or "").strip(), "media_url", errors)
    updated = (data.get("updated_datetime") or "").strip()
    if updated:
        try:
            parse_when(updated)
        except ValueError as error:
            errors.append(_when_error("updated_datetime", updated, error))
    return cleaned, errors


def jurisdiction_errors(params):
    given = (params.get("jurisdiction_id") or "").strip()
    if given and given != settings.OPEN311_JURISDICTION_ID:
        return [(404, "jurisdiction_id not found")]
    return []
