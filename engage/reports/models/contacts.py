"""The contact center's records: the people who call, write or walk in, and every contact.

A ``Person`` is what the city knows of someone who contacted it: a name, phones, e-mail
addresses, maybe their account. Two records found to be the same person are merged: the
one merged away keeps ``merged_into`` and is never shown again, and everything that
pointed to it (contacts, reports, notes) points to the record kept.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..contact_center import name_keys, phone_key


class PersonQuerySet(models.QuerySet):
    def current(self):
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    name = models.CharField(_("name"), max_length=160, blank=True)
    # The name as searched (``engage.reports.contact_center.name_keys``): as written, and
    # family name first; lower case, no accents.
    name_key = models.CharField(max_length=160, blank=True, editable=False, db_index=True)
    surname_key = models.CharField(max_length=160, blank=True, editable=False, db_index=True)
    # Digits only (``engage.reports.contact_center.phone_key``), for finding a caller.
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_key = models.CharField(max_length=20, blank=True, editable=False, db_index=True)
    other_phone = models.CharField(_("other phone"), max_length=40, blank=True)
    other_phone_key = models.CharField(max_length=20, blank=True, editable=False, db_index=True)
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=12, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_records",
    )
    # Indexed only where set (see Meta): a plain index on a column that is almost always
    # NULL leads SQLite's planner to read every current person through it, ahead of the
    # name keys a search narrows by.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["name"]),
            models.Index(
                fields=["merged_into"],
                condition=Q(merged_into__isnull=False),
                name="reports_person_merged_into",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="reports_person_not_merged_in_self"
            ),
        ]

    def __str__(self):
        return self.name or self.email or self.phone or _("Person #%(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs):
        self.fill_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            keys = {"email", "name_key", "surname_key", "phone_key", "other_phone_key"}
            kwargs["update_fields"] = set(update_fields) | keys
        super().save(*args, **kwargs)

    def fill_keys(self):
        """Set the search keys from what was typed (``save()`` does it; call it yourself
        before ``bulk_create``). E-mail addresses are kept in lower case so that finding
        one is an exact, indexed lookup."""
        self.email = self.email.strip().lower()
        self.name_key, self.surname_key = name_keys(self.name)
        self.phone_key = phone_key(self.phone)
        self.other_phone_key = phone_key(self.other_phone)


class PersonNote(models.Model):
    """What staff wrote about a person (never shown to them or the public)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note about a person")

    def __str__(self):
        return self.text[:60]


class Contact(models.Model):
    """One call, visit, e-mail or message: what it was about and how it ended."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information given")
        COMPLAINT = "complaint", _("Complaint")
        COMPLIMENT = "compliment", _("Compliment")
        REQUEST = "request", _("Service request filed")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        WALK_IN = "walk_in", _("Walk-in")
        EMAIL = "email", _("E-mail")
        SOCIAL = "social", _("Social media")

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        help_text=_("Empty for an anonymous caller."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    topic = models.CharField(_("topic"), max_length=120, blank=True)
    resolved_first_contact = models.BooleanField(_("resolved on first contact"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    answer = models.ForeignKey(
        "reports.KnowledgeAnswerPage",
        verbose_name=_("answer given"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    report = models.ForeignKey(
        "reports.ServiceReport",
        verbose_name=_("service request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["person", "created_at"]),
            models.Index(fields=["channel", "kind", "created_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"
