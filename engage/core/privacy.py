"""A person's rights over their data: a copy of everything held about them, and erasure.

Each part says what it holds about a person by declaring ``personal_data`` on its
AppConfig (see ``engage.core.parts``): the dotted path of a module with

* ``records(user)``: a list of ``Records``, what the part holds about that person, as
  plain data (text, numbers, dates), for the download;
* ``forget(user)``: anonymise or release what the part holds, inside the deletion's
  transaction. Contributions stay and keep counting (a vote, a response, a report, hours
  given), shown as by "a former resident"; what identifies or reaches the person goes
  (names and phones typed into forms, follows, places at future events);
* ``kept()``: the ``Kept`` lines the privacy page shows for the part: what, why, and for
  how long.

The core adds what it holds itself (the account, its e-mail addresses, notification
preferences) and never names a part. The account row is not deleted but blanked into a
tombstone, so every foreign key, unique constraint and count stays as it was.
"""

import datetime
import io
import json
import zipfile
from dataclasses import dataclass, field
from importlib import import_module

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.accounts.models import DataDownload
from engage.accounts.roles import MODERATOR, STAFF, has_role
from engage.notifications.models import EmailOptOut, Notification

from .parts import declared

ARCHIVE_JSON = "my-data.json"
ARCHIVE_HTML = "my-data.html"


@dataclass
class Records:
    """One kind of thing held about the person: a title and its rows (plain dicts).

    The keys of a row are its column headings, already translated; values are text,
    numbers, booleans, dates or None.
    """

    title: str
    rows: list = field(default_factory=list)

    @property
    def columns(self):
        columns = []
        for row in self.rows:
            columns.extend(key for key in row if key not in columns)
        return columns

    def table(self):
        """The rows as lists in ``columns`` order, for the readable page."""
        columns = self.columns
        return [[_readable(row.get(column)) for column in columns] for row in self.rows]


@dataclass(frozen=True)
class Kept:
    """One line of the privacy page: what is kept, why, and for how long."""

    what: str
    why: str
    how_long: str


def _readable(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _plain(value):
    """JSON for what ``Records`` hold."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    # Decimals (hours) as exact text; translated labels as their text.
    return str(value)


def part_modules():
    """``(app_config, module)`` of every part that declares ``personal_data``."""
    return [(app_config, import_module(path)) for app_config, path in declared("personal_data")]


# -- What is held ----------------------------------------------------------------------


def account_records(user):
    """What the core holds: the account itself, its addresses and notification choices."""
    records = [
        Records(
            _("Your account"),
            [
                {
                    _("E-mail address"): user.email,
                    _("First name"): user.first_name,
                    _("Last name"): user.last_name,
                    _("Display name"): user.display_name,
                    _("Home neighborhood"): str(user.home_neighborhood or ""),
                    _("Preferred language"): user.get_preferred_language_display(),
                    _("E-mail notifications"): user.email_notifications,
                    _("Joined"): user.date_joined,
                    _("Last log-in"): user.last_login,
                }
            ],
        ),
        Records(
            _("E-mail addresses"),
            [
                {
                    _("Address"): address.email,
                    _("Verified"): address.verified,
                    _("Primary"): address.primary,
                }
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        ),
        Records(
            _("E-mail topics you turned off"),
            [
                {_("Topic"): opt_out.get_topic_display(), _("Since"): opt_out.created_at}
                for opt_out in EmailOptOut.objects.filter(user=user).order_by("pk")
            ],
        ),
        Records(
            _("E-mails we sent you"),
            [
                {
                    _("Kind"): notification.email_key,
                    _("Queued"): notification.created_at,
                    _("Sent"): notification.sent_at,
                }
                for notification in Notification.objects.filter(user=user).order_by(
                    "created_at", "pk"
                )
            ],
        ),
    ]
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        records.append(
            Records(
                _("Accounts elsewhere you log in with"),
                [
                    {_("Provider"): account.provider, _("Since"): account.date_joined}
                    for account in SocialAccount.objects.filter(user=user)
                ],
            )
        )
    return records


def gather(user):
    """Everything held about ``user``: the core's records, then each part's."""
    records = account_records(user)
    for _app_config, module in part_modules():
        records.extend(module.records(user))
    return records


def as_json(user, records, generated_at):
    data = {
        "generated_at": generated_at.isoformat(),
        "account": user.email,
        "records": [{"title": str(section.title), "rows": section.rows} for section in records],
    }
    return json.dumps(data, default=_plain, ensure_ascii=False, indent=2).encode()


def as_html(user, records, generated_at):
    return render_to_string(
        "accounts/privacy/my_data.html",
        {"person": user, "records": records, "generated_at": generated_at},
    ).encode()


def build_archive(user, *, now=None):
    """A zip of the person's data as JSON (for machines) and HTML (for reading), in their
    language."""
    generated_at = now or timezone.now()
    with translation.override(user.preferred_language or None):
        records = gather(user)
        json_bytes = as_json(user, records, generated_at)
        html_bytes = as_html(user, records, generated_at)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(ARCHIVE_JSON, json_bytes)
        archive.writestr(ARCHIVE_HTML, html_bytes)
    return buffer.getvalue()


# -- What is kept, for the privacy page ------------------------------------------------


def core_kept():
    return [
        Kept(
            gettext_lazy("Your account: e-mail address, name, neighborhood, language"),
            gettext_lazy("To let you log in and to write to you."),
            gettext_lazy("Until you delete your account."),
        ),
        Kept(
            gettext_lazy("Your e-mail preferences and the e-mails we sent you"),
            gettext_lazy("To send only what you asked for, and each e-mail once."),
            gettext_lazy(
                "Until you delete your account (the preferences); the record "
                "of sent e-mails stays, without your address."
            ),
        ),
        Kept(
            gettext_lazy("A copy of your data you asked for"),
            gettext_lazy("So you can download it."),
            translation.ngettext_lazy(
                "%(days)d day, then it is deleted.", "%(days)d days, then it is deleted.", "days"
            )
            % {"days": settings.DATA_DOWNLOAD_DAYS},
        ),
    ]


def kept():
    """The lines of the privacy page: the core's, then each part's."""
    lines = core_kept()
    for _app_config, module in part_modules():
        lines.extend(module.kept())
    return lines


# -- Deleting an account ---------------------------------------------------------------


def why_not_erase(user):
    """None when the person may delete their own account, else the translated reason."""
    if user.erased_at is not None:
        return _("This account has already been deleted.")
    if user.is_superuser or user.is_staff or has_role(user, STAFF, MODERATOR):
        return _(
            "Staff accounts cannot be deleted here: what you did as staff is part of the "
            "city's records, and someone must take over your work. Ask an administrator "
            "to close your account."
        )
    return None


def tombstone_email(user):
    # Unique, like every address, and at a domain that can never receive mail (RFC 2606).
    return f"deleted-{user.pk}@deleted.invalid"


class ErasureRefused(Exception):
    """``str(error)`` is the translated reason, for the person."""


def erase(user, *, now=None):
    """Delete ``user``'s account: identity blanked, contributions kept anonymised.

    One transaction: every part forgets what it holds first (while the account can still
    be read), then the account becomes a tombstone that can never log in again, and its
    sessions end.
    """
    now = now or timezone.now()
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        reason = why_not_erase(user)
        if reason:
            raise ErasureRefused(reason)
        for _app_config, module in part_modules():
            module.forget(user)
        _forget_account(user, now)
    return user


def _forget_account(user, now):
    EmailAddress.objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()
    EmailOptOut.objects.filter(user=user).delete()
    Notification.objects.filter(user=user, sent_at__isnull=True).delete()
    # E-mails to the address alone (a receipt for a report filed before logging in, the
    # data download's notice): the record that one was sent stays, without the address.
    Notification.objects.filter(user__isnull=True, email__iexact=user.email).update(
        email=tombstone_email(user)
    )
    for download in DataDownload.objects.filter(user=user):
        delete_download(download)
    user.groups.clear()
    user.user_permissions.clear()
    user.email = tombstone_email(user)
    user.first_name = ""
    user.last_name = ""
    user.display_name = ""
    user.home_neighborhood = None
    user.email_notifications = False
    user.is_active = False
    user.erased_at = now
    user.set_unusable_password()
    user.save()
    end_sessions(user)


def end_sessions(user):
    """Delete the database sessions logged in as ``user``.

    The new unusable password already ends them at their next request (Django checks the
    session's password hash); deleting them also clears what they held.
    """
    user_pk = str(user.pk)
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_pk
    ]
    Session.objects.filter(pk__in=ended).delete()


def delete_download(download):
    """The file and the row; safe when the file is already gone."""
    if download.archive:
        download.archive.delete(save=False)
    download.delete()
