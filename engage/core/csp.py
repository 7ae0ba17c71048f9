"""Content-Security-Policy: django-csp's middleware, with a second policy for the admin.

The public site runs no inline script or style, so its policy
(``CONTENT_SECURITY_POLICY`` in settings) allows scripts and style sheets from the site
itself only. Wagtail's admin still writes some inline scripts and styles (inline panels,
date pickers, chooser modals that load HTML with scripts in it), so the addresses under
``CONTENT_SECURITY_POLICY_ADMIN["PATH_PREFIXES"]`` get ``CONTENT_SECURITY_POLICY_ADMIN``
instead: the same sources, plus ``'unsafe-inline'`` for scripts and styles. A view that
sets its own policy with django-csp's decorators keeps it.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None)
        if (
            admin
            and not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(admin["PATH_PREFIXES"]))
        ):
            return PolicyParts(dict(admin["DIRECTIVES"]), parts.update, parts.replace, parts.nonce)
        return parts
