"""The contact center's figures in the Wagtail admin: the page (``reports_contact_figures``)
and its CSV downloads (``reports_contact_figures_csv``), for staff only — the figures
count what callers said and which answers they read, the way a contact center manager
reads them, not for moderators or the public.

Imported by ``engage.reports.wagtail_hooks`` (Wagtail loads only an app's own
``wagtail_hooks`` module), which registers the hooks below.
"""

from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from engage.accounts.roles import STAFF, has_role

from .figures import EXPORTS, MAX_MONTHS, cached_compute, default_period
from .models import Contact


def can_see_contact_figures(user):
    return has_role(user, STAFF)


class MonthField(forms.CharField):
    """A month typed as YYYY-MM (a browser's month picker sends that), as its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2026-03.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class PeriodForm(forms.Form):
    first = MonthField(label=_("From (month)"), required=False)
    last = MonthField(label=_("To (month)"), required=False)

    def clean(self):
        cleaned = super().clean()
        default_first, default_last = default_period()
        first = cleaned.get("first") or default_first
        last = cleaned.get("last") or default_last
        if first > last:
            raise forms.ValidationError(_("The first month must come before the last one."))
        if (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
            raise forms.ValidationError(
                _("Choose at most %(count)s months at a time.") % {"count": MAX_MONTHS}
            )
        cleaned["first"], cleaned["last"] = first, last
        return cleaned


class StaffOnly:
    def dispatch(self, request, *args, **kwargs):
        if not can_see_contact_figures(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def period(self):
        """The form, and the period it asks for (the last twelve months when it asks for
        none or for one that is not valid: the error is shown above that)."""
        form = PeriodForm(self.request.GET or None)
        if form.is_bound and form.is_valid():
            return form, form.cleaned_data["first"], form.cleaned_data["last"]
        return form, *default_period()


class ContactFiguresView(StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/admin/contact_figures.html"
    page_title = _("Contact center figures")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, first, last = self.period()
        valid = form.is_bound and form.is_valid()
        context |= {
            "form": form,
            "figures": cached_compute(first, last),
            "channel_labels": Contact.Channel.labels,
            "kind_labels": Contact.Kind.labels,
            "query": self.request.GET.urlencode() if valid else "",
            "cache_minutes": -(-settings.CONTACT_FIGURES_CACHE_SECONDS // 60),
            "exports": [
                ("months", _("This table, a row a month")),
                ("contacts", _("Contacts per month, channel and kind")),
                ("answers", _("Every answer read, with its feedback")),
            ],
        }
        return context


class ContactFiguresCsvView(StaffOnly, View):
    def get(self, request, table):
        if table not in EXPORTS:
            raise Http404
        _form, first, last = self.period()
        return EXPORTS[table](first, last).response()


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_contact_figures(request.user)


@hooks.register("register_admin_urls")
def register_contact_figures_urls():
    return [
        path(
            "contact-center/figures/",
            ContactFiguresView.as_view(),
            name="reports_contact_figures",
        ),
        path(
            "contact-center/figures/<slug:table>.csv",
            ContactFiguresCsvView.as_view(),
            name="reports_contact_figures_csv",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_contact_figures_menu_item():
    return StaffMenuItem(
        _("Contact center figures"),
        reverse("reports_contact_figures"),
        name="contact-center-figures",
        icon_name="table",
        order=260,
    )
