from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from engage.core.ratelimit import client_address

from . import login_limits


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts_for_account": _(
            "Too many failed log-ins to this account from your connection. Try again "
            "later, or reset your password."
        ),
        "too_many_login_attempts_from_address": _(
            "Too many failed log-ins from your connection. Try again later."
        ),
    }

    def save_user(self, request, user, form, commit=True):
        # New residents get e-mails in the language they signed up in.
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def get_client_ip(self, request):
        # The address every limit of the site counts (TRUSTED_PROXY_COUNT, docs/abuse.md).
        return client_address(request) or super().get_client_ip(request)

    # Failed log-ins: engage.accounts.login_limits instead of allauth's "login_failed"
    # limit, which locks an account for everyone (docs/architecture.md#log-in-limits).

    def pre_authenticate(self, request, **credentials):
        self._login_attempt = login_limits.attempt(_login(credentials), self.get_client_ip(request))
        if self._login_attempt.refused == login_limits.ADDRESS:
            raise self.validation_error("too_many_login_attempts_from_address")
        if self._login_attempt.refused == login_limits.ACCOUNT:
            raise self.validation_error("too_many_login_attempts_for_account")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user:
            self._login_attempt.succeeded()
        return user


def _login(credentials):
    return credentials.get("email") or credentials.get("username") or ""
