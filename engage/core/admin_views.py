"""Admin pieces every part's viewsets share.

``UsesPublicForm``: some records are never typed into the admin's generic form, because
they are made elsewhere (a service report or an idea through the public form, even by
staff; a paper survey response from the list of surveys). A viewset that mixes it in
shows no "Add" button on its list, and its "add" URL (still reachable from a bookmark or
a chooser) sends the person to ``public_form_url_name`` with ``public_form_message``.
Each part passes its own message, so the sentence stays the part's.

``AuditTrailView``: the audit trail's report (Reports → Audit trail), Wagtail's site
history with a user filter that offers everyone who acted.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.views.reports.audit_logging import (
    LogEntriesView,
    SiteHistoryReportFilterSet,
    get_users_for_filter,
)

from .exports import NeutralisingSpreadsheetExportMixin


class PublicFormRedirectView(View):
    """An "add" URL that redirects to where these records are made, saying why."""

    model = None  # given by the viewset; not used
    url_name = None
    message = None

    def dispatch(self, request, *args, **kwargs):
        try:
            url = reverse(self.url_name)
        except NoReverseMatch:  # pragma: no cover - the public part is always mounted
            raise Http404 from None
        if self.message:
            messages.info(request, self.message)
        return redirect(url)


class UsesPublicForm:
    """Mixed into a ``ModelViewSet`` (or ``SnippetViewSet``) before it: no "Add" button,
    and the "add" URL redirects to ``public_form_url_name`` with ``public_form_message``."""

    public_form_url_name = None
    public_form_message = None

    @property
    def add_view(self):
        return self.construct_view(
            PublicFormRedirectView,
            url_name=self.public_form_url_name,
            message=self.public_form_message,
        )

    def get_index_view_kwargs(self, **kwargs):
        # Without an add URL name the list (and its results and exports) has no "Add".
        return super().get_index_view_kwargs(**{"add_url_name": None, **kwargs})


class AuditTrailFilterSet(SiteHistoryReportFilterSet):
    """Wagtail's site-history filters, with every person who has an entry under "User".

    Wagtail 8's filter set offers only the people who have a *page* entry (its base class
    asks ``get_users_queryset``, which it does not override): staff who only changed
    reports or ideas could not be chosen.
    """

    def get_users_queryset(self):
        return get_users_for_filter(self.request.user)


class AuditTrailView(NeutralisingSpreadsheetExportMixin, LogEntriesView):
    """The audit trail (``engage.core.audit``): Wagtail's site history, filterable by every
    person who acted. Its entries' names are residents' words (an idea's title), so its
    CSV is neutralised like every export, and downloading it is itself recorded."""

    page_title = _("Audit trail")
    filterset_class = AuditTrailFilterSet
    index_url_name = "audit_trail"
    index_results_url_name = "audit_trail_results"
