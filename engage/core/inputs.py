"""What Engage refuses in what browsers and programs send: checked once, at the edge.

Some values are not merely wrong but cannot be used at all: handed on, they make the
database or a conversion fail, and the visitor gets a server error instead of an answer.

- **Control characters** (U+0000–U+001F except tab, line feed and carriage return, and
  U+007F). PostgreSQL cannot store NUL in a text or JSON column, XML cannot hold most of
  the others, and no person types them.
- **Date-times outside 0002-01-01 … 9998-12-31.** Python and the database hold years 1 to
  9999, but a date near either end moves out of range once converted to UTC
  (``0001-01-01T00:00+23:59``) or when a window is added to it. Offsets beyond ±15:59,
  which Python accepts and PostgreSQL does not, are converted to the site's time zone.
- **Numbers that are not finite or too large to write back** (``1e5000`` has 5,001 digits:
  JSON and floats cannot carry it).

Who uses what:

- :class:`engage.core.middleware.InputGuardMiddleware` answers 400 to a path with control
  characters before any view runs, and leaves out query parameters and cookies that carry
  them. Views that answer such input in their own format (the Open311 API and the JSON
  endpoints, marked with :func:`checks_own_input`) get the request untouched.
- Forms: Django's ``CharField`` already refuses NUL with a translated field error; survey
  answers, which are not a Django form, use :func:`has_control_characters`.
- :func:`parse_datetime`, :func:`parse_number` and :func:`parse_id` are the one way to
  read a date-time, a number or an id from a query parameter or API field.
"""

import re
from datetime import UTC, datetime, time
from decimal import Decimal, InvalidOperation

from django.utils import dateparse, timezone

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

EARLIEST = datetime(2, 1, 1, tzinfo=UTC)
LATEST = datetime(9998, 12, 31, 23, 59, 59, tzinfo=UTC)
# Integers up to 2**53 survive a round trip through a float; this is below that.
MAX_NUMBER = Decimal("1e15")


class OutOfRange(ValueError):
    """A well-formed value that Engage cannot store or compute with."""


def has_control_characters(value):
    """True when ``value`` (text, or lists and dicts of it, keys included) holds any."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if isinstance(value, dict):
        return any(has_control_characters(k) or has_control_characters(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_control_characters(item) for item in value)
    return False


def printable(value, limit=40):
    """``value`` cut to ``limit`` characters, control characters written as ``\\x00``."""
    return CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value)[:limit])


def unusable_parameters(params):
    """Names (printable) of the parameters of a QueryDict whose name or a value has
    control characters, in the order they came."""
    return [
        printable(name)
        for name, values in params.lists()
        if has_control_characters(name) or has_control_characters(values)
    ]


def checks_own_input(view):
    """Mark a view that answers addresses with control characters itself.

    :class:`~engage.core.middleware.InputGuardMiddleware` then hands it such requests
    untouched, so it can answer in its own format (the Open311 API's error list, a JSON
    error).
    """
    view.checks_own_input = True
    return view


def parse_id(value):
    """A database id from text (ASCII digits, at most 18 of them), or None.

    ``str.isdigit`` is not enough: "²" is a digit to it but not to ``int``, and ``int``
    refuses more than 4,300 digits; a bigint has at most 19.
    """
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        return None
    return int(text)


def parse_datetime(value):
    """An ISO 8601 date-time (or date: its local midnight) as an aware datetime in the
    site's time zone.

    A time without an offset is in the site's time zone. Raises ``ValueError`` for text
    that is not ISO 8601 and :class:`OutOfRange` for a moment outside
    ``EARLIEST``…``LATEST``.
    """
    value = (value or "").strip()
    if has_control_characters(value):
        raise ValueError(value)
    try:
        parsed = dateparse.parse_datetime(value)
    except ValueError:  # well-formed but impossible, such as 2026-02-30
        parsed = None
    if parsed is None:
        try:
            day = dateparse.parse_date(value)
        except ValueError:
            day = None
        if day is None:
            raise ValueError(value)
        parsed = datetime.combine(day, time.min)
    if timezone.is_naive(parsed):
        if not EARLIEST.replace(tzinfo=None) <= parsed <= LATEST.replace(tzinfo=None):
            raise OutOfRange(value)
        parsed = timezone.make_aware(parsed)
    if not EARLIEST <= parsed <= LATEST:
        raise OutOfRange(value)
    # In the site's time zone: Python allows offsets up to ±23:59, PostgreSQL only ±15:59.
    return timezone.localtime(parsed)


def parse_number(value, *, limit=MAX_NUMBER):
    """A finite ``Decimal`` smaller than ``limit`` in size, from text such as ``-2.5``.

    Raises ``ValueError`` for anything else (``nan``, ``inf``, ``1e5000``, ``12abc``).
    """
    text = str(value).strip()
    if has_control_characters(text):
        raise ValueError(text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    if number.copy_abs() >= limit:  # abs() would round in the context, and may overflow
        raise OutOfRange(text)
    return number
