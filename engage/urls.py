from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from engage.accounts import privacy_views
from engage.accounts.urls import activity_urlpatterns
from engage.core import branding, health, prometheus
from engage.core import views as core_views
from liaisons.views.after_the_event import short_certificate_link
from youth.views.joining import short_join

# allauth answers past its own limits (ACCOUNT_RATE_LIMITS) with this, as the site's other
# limits answer: Retry-After and the "please wait" page (docs/abuse.md).
handler429 = "engage.accounts.rate_limits.too_many_requests"

urlpatterns = [
    # Wagtail's own site history, which the audit trail replaces (engage.core.audit): an
    # old bookmark lands on the audit trail, its filters kept. Before the admin's URLs,
    # which would answer first.
    path(
        "admin/reports/site-history/",
        RedirectView.as_view(pattern_name="audit_trail", permanent=True, query_string=True),
    ),
    path(
        "admin/reports/site-history/results/",
        RedirectView.as_view(pattern_name="audit_trail_results", permanent=True, query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("branding.css", branding.colour_stylesheet, name="branding_css"),
    # Open311 clients expect one fixed address, without a language prefix.
    path("open311/v2/", include("engage.reports.open311.urls")),
    # Printed on certificates of volunteer hours: short, and the same in every language.
    path("v/<str:code>/", short_certificate_link, name="certificate_short"),
    # Written on the board for a youth session: short, and the same in every language.
    path("join/", short_join, name="youth_short_join"),
    # For probes and the metrics scraper: fixed addresses, no language, no session.
    re_path(r"^health/live/?$", health.live, name="health_live"),
    re_path(r"^health/ready/?$", health.ready, name="health_ready"),
    path("metrics", prometheus.metrics, name="metrics"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("profile/", include("engage.accounts.urls")),
    path("me/", include(activity_urlpatterns)),
    path("privacy/", privacy_views.privacy_page, name="privacy_page"),
    path("notifications/", include("engage.notifications.urls")),
    path("search/", core_views.search, name="search"),
    path("reports/", include("engage.reports.urls")),
    path("ideas/", include("ideas.urls")),
    path("volunteer/", include("liaisons.urls")),
    path("youth/", include("youth.urls")),
    path("places/", include("engage.neighborhoods.urls")),
    path("performance/", include("engage.outcomes.urls")),
    # Wagtail's page tree comes last: it answers every path not matched above.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
