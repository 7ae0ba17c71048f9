import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    """Users are identified by e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("Shown next to what you post. Leave empty to stay anonymous."),
    )
    home_neighborhood = models.ForeignKey(
        "neighborhoods.Neighborhood",
        verbose_name=_("home neighborhood"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails we send you."),
    )
    email_notifications = models.BooleanField(
        _("send me e-mail notifications"),
        default=True,
        help_text=_("Turn this off to stop every notification e-mail at once."),
    )

    # Set when the person deleted their account: the row stays, blanked, so that what they
    # contributed still counts and is shown as by "a former resident" (engage.core.privacy).
    erased_at = models.DateTimeField(_("account deleted"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return str(self.public_name)

    @property
    def public_name(self):
        """The name shown on the public site: never the e-mail address."""
        if self.erased_at is not None:
            return _("a former resident")
        return self.display_name or self.first_name or _("Anonymous resident")


def private_storage():
    """Where files only their owner may fetch are kept: never under a public URL."""
    return storages["private"]


def download_path(download, filename):
    return f"data-downloads/{download.token.hex}/{filename}"


class DataDownloadQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())

    def current(self, now=None):
        """Ready and not yet expired, newest first."""
        return self.filter(expires_at__gt=now or timezone.now()).order_by("-requested_at")


class DataDownload(models.Model):
    """A copy of everything Engage holds about a person, asked for by them.

    Prepared by a task (``engage.accounts.tasks.prepare_data_download``), fetched by its
    owner only, through a link naming its unguessable ``token``, until ``expires_at``;
    ``remove_expired_data_downloads`` deletes the row and the file after that.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_downloads"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    archive = models.FileField(upload_to=download_path, storage=private_storage, blank=True)

    objects = DataDownloadQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("data download")
        verbose_name_plural = _("data downloads")

    def __str__(self):
        return f"{self.user_id} · {self.requested_at:%Y-%m-%d}"

    @property
    def is_ready(self):
        return self.ready_at is not None

    def has_expired(self, now=None):
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())
