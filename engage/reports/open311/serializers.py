"""Turning Engage objects into Open311 GeoReport v2 documents, in JSON or XML.

Each ``*_data`` function returns plain Python (dicts, lists, strings, numbers, booleans,
None); :func:`render` writes that as JSON or as the spec's XML, where a list inside an
element holds one child per item, named by :data:`ITEM_TAGS`.
"""

import json
import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from engage.reports.models import ServiceReport

FORMATS = {"json": "application/json", "xml": "text/xml; charset=utf-8"}
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"

# The element that holds each item of a list, by the name of the list.
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "service_request_updates": "request_update",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}

Status = ServiceReport.Status

OPEN311_STATUS = {
    Status.SUBMITTED: "open",
    Status.ACKNOWLEDGED: "open",
    Status.IN_PROGRESS: "open",
    Status.RESOLVED: "closed",
    Status.CLOSED: "closed",
    Status.DUPLICATE: "closed",
}


def open311_status(status):
    return OPEN311_STATUS.get(status, "open")


def iso(dt, tz=None):
    """ISO 8601 with the offset of the site's time zone, to the second; None stays None.

    Lists pass ``tz`` so that the current time zone is looked up once, not per date.
    """
    if dt is None:
        return None
    return dt.astimezone(tz or timezone.get_current_timezone()).isoformat(timespec="seconds")


# --- Rendering ------------------------------------------------------------------------

# Characters XML 1.0 cannot hold at all, even escaped (ElementTree would write them as is).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element, value):
    if isinstance(value, dict):
        for name, child in value.items():
            _fill(ET.SubElement(element, name), child)
    elif isinstance(value, list | tuple):
        item_tag = ITEM_TAGS.get(element.tag, "item")
        for item in value:
            _fill(ET.SubElement(element, item_tag), item)
    else:
        element.text = _text(value)


def to_xml(root, data):
    """``data`` under an element called ``root``, as UTF-8 bytes with a declaration."""
    element = ET.Element(root)
    _fill(element, data)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def render(fmt, root, data, *, status=200, cors=False):
    """An HttpResponse with ``data`` as JSON (``fmt == "json"``) or XML under ``root``."""
    if fmt == "xml":
        body = to_xml(root, data)
    else:
        fmt = "json"
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    response = HttpResponse(body, content_type=FORMATS[fmt], status=status)
    if cors:
        response["Access-Control-Allow-Origin"] = "*"
    return response


def errors_data(errors):
    """``errors`` is a list of ``(code, description)``."""
    return [{"code": code, "description": str(description)} for code, description in errors]


def render_errors(fmt, errors, *, status=None, cors=False):
    """The spec's error list. The HTTP status is ``status`` or that of the first error."""
    status = status or errors[0][0]
    return render(fmt, "errors", errors_data(errors), status=status, cors=cors)


# --- Documents ------------------------------------------------------------------------


def discovery_data(*, url, changeset, contact, key_service):
    return {
        "changeset": changeset,
        "contact": contact,
        "key_service": key_service,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def service_data(category, *, has_attributes):
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(has_attributes),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def definition_data(category, attributes):
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": attribute.datatype_description or None,
                "order": position,
                "description": attribute.description,
                "values": [
                    {"key": str(value.get("key", "")), "name": str(value.get("name", ""))}
                    for value in (attribute.values or [])
                    if isinstance(value, dict)
                ]
                if attribute.is_list
                else [],
            }
            for position, attribute in enumerate(attributes, start=1)
        ],
    }


@lru_cache(maxsize=16)
def _choice_labels(language):
    return (
        _labels(ServiceReport.Status.choices),
        _labels(ServiceReport.Resolution.choices),
    )


def _labels(choices):
    return {value: str(label) for value, label in choices}


def status_notes(report, last_note=""):
    """ "Resolved: Fixed. Crew patched the hole." — status, resolution, last public note."""
    # Labels are translated once per language, not once per report: a list of 1,000
    # requests would otherwise spend most of its time in gettext.
    statuses, resolutions = _choice_labels(get_language())
    notes = statuses.get(report.status, report.status)
    if report.resolution:
        notes += f": {resolutions.get(report.resolution, report.resolution)}"
    notes += "."
    if last_note:
        notes += f" {last_note.strip()}"
    return notes


def request_data(report, *, service=None, last_note="", service_notice="", tz=None):
    """One service request. ``service`` is ``(code, name)`` in the default locale.

    Never includes who filed it or how to contact them.
    """
    code, name = service or (report.category.code, report.category.name)
    return {
        "service_request_id": report.reference,
        "status": open311_status(report.status),
        "status_notes": status_notes(report, last_note),
        "service_name": name,
        "service_code": code,
        "description": report.description,
        "agency_responsible": report.department.name if report.department else "",
        "service_notice": service_notice,
        "address": report.address,
        "address_id": "",
        "zipcode": "",
        "lat": report.lat,
        "long": report.lng,
        "media_url": report.media_url,
        "requested_datetime": iso(report.submitted_at, tz),
        "updated_datetime": iso(report.updated_at, tz),
        "expected_datetime": iso(report.due_at, tz),
    }


def update_data(event, *, report_status=None):
    """One entry of the "service request updates" extension, from a public ReportEvent."""
    status = event.to_status or report_status or event.report.status
    return {
        "update_id": str(event.pk),
        "service_request_id": event.report.reference,
        "status": open311_status(status),
        "updated_datetime": iso(event.created_at),
        "description": event.public_note,
        "media_url": "",
    }
