"""Admin views for service reports: the triage queue, one report's page, bulk actions
and Open311 API keys.

Every change to a report goes through ``engage.reports.services`` (``change_status``,
``assign``, ``merge``) with ``actor=request.user``, so it is recorded as a ReportEvent
with who and when, and followers hear about public changes.
"""

import datetime
from collections import OrderedDict

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from engage.accounts.naming import ANONYMOUS, EMAIL, actor_name
from engage.core.exports import NeutralisingSpreadsheetExportMixin

from . import services
from .admin_forms import ApiKeyForm, AssignForm, MergeForm, StatusForm
from .maps import triage_map_config
from .models import Open311ApiKey, ServiceReport
from .open311.keys import create_key, revoke
from .rules import can_see_contact_details

Status = ServiceReport.Status


# == The queue ==


class DueColumn(Column):
    """The deadline, flagged when an open report is past it."""

    cell_template_name = "reports/admin/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["overdue"] = instance.is_overdue
        return context


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


# What each exported column holds. Contact details are deliberately left out.
EXPORT_COLUMNS = OrderedDict(
    [
        ("reference", (_("Reference"), lambda r: r.reference)),
        ("category", (_("Category"), lambda r: r.category.name)),
        ("category_code", (_("Category code"), lambda r: r.category.code)),
        ("status", (_("Status"), lambda r: str(r.get_status_display()))),
        ("resolution", (_("Resolution"), lambda r: str(r.get_resolution_display()))),
        ("channel", (_("Channel"), lambda r: str(r.get_channel_display()))),
        ("department", (_("Department"), lambda r: r.department.name if r.department else "")),
        (
            "neighborhood",
            (_("Neighborhood"), lambda r: r.neighborhood.name if r.neighborhood else ""),
        ),
        ("address", (_("Address"), lambda r: r.address)),
        ("lat", (_("Latitude"), lambda r: r.lat)),
        ("lng", (_("Longitude"), lambda r: r.lng)),
        ("description", (_("Description"), lambda r: r.description)),
        ("submitted_at", (_("Submitted"), lambda r: r.submitted_at)),
        ("due_at", (_("Due"), lambda r: r.due_at)),
        ("closed_at", (_("Closed"), lambda r: r.closed_at)),
        ("overdue", (_("Overdue"), lambda r: _("yes") if r.is_overdue else _("no"))),
        ("supporter_count", (_("Supporters"), lambda r: r.supporter_count)),
        (
            "duplicate_of",
            (_("Duplicate of"), lambda r: r.duplicate_of.reference if r.duplicate_of else ""),
        ),
    ]
)


class ReportIndexView(NeutralisingSpreadsheetExportMixin, SnippetIndexView):
    """The triage queue. Reports are never added here: they come from the public form."""

    list_export = list(EXPORT_COLUMNS)
    export_headings = {field: label for field, (label, _getter) in EXPORT_COLUMNS.items()}
    custom_value_preprocess = {
        **SnippetIndexView.custom_value_preprocess,
        datetime.datetime: {
            **SnippetIndexView.custom_value_preprocess[datetime.datetime],
            "csv": _local,
        },
    }

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("category", "neighborhood", "department", "duplicate_of")
        )

    def to_row_dict(self, item):
        return OrderedDict((field, EXPORT_COLUMNS[field][1](item)) for field in self.list_export)

    @cached_property
    def header_buttons(self):
        # Phone and walk-in reports: staff fill in the public form while logged in.
        try:
            url = reverse("reports:new")
        except NoReverseMatch:  # pragma: no cover - the public part is always installed
            return []
        return [HeaderButton(_("File a report for a caller"), url=url, icon_name="plus")]


# == One report ==


class ReportDetailView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A report with its photos and history, and the triage actions.

    Used for both the "edit" URL (``read_only = False``: needs the change permission) and
    the "inspect" URL (read-only, for anyone who may view reports).
    """

    model = ServiceReport
    template_name = "reports/admin/report_detail.html"
    confirm_merge_template_name = "reports/admin/merge_confirm.html"
    index_url_name = None
    edit_url_name = None
    delete_url_name = None
    header_icon = "warning"
    read_only = False
    any_permission_required = ["change", "view"]

    FORMS = {"status": StatusForm, "merge": MergeForm, "assign": AssignForm}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            ServiceReport.objects.select_related(
                "category", "neighborhood", "department", "duplicate_of", "filed_by"
            ),
            pk=kwargs["pk"],
        )

    def dispatch(self, request, *args, **kwargs):
        # Admin URLs are only served to people with admin access; the "edit" URL also
        # needs the change permission (the read-only "inspect" URL does not).
        if not self.read_only and not self.user_has_permission("change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def can_act(self):
        return not self.read_only and self.user_has_permission("change")

    def get_page_title(self):
        return _("Service report")

    def get_page_subtitle(self):
        return self.object.reference

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.index_url_name:
            items.append(
                {
                    "url": reverse(self.index_url_name),
                    "label": capfirst(ServiceReport._meta.verbose_name_plural),
                }
            )
        items.append({"url": "", "label": self.get_page_title(), "sublabel": self.object})
        return items

    @cached_property
    def merge_candidates(self):
        """The open reports near this one, ``(report, metres)``, nearest first."""
        return services.merge_candidates(self.object)

    def make_forms(self, data=None, action=None):
        forms_ = {}
        for name, form_class in self.FORMS.items():
            kwargs = {"prefix": name}
            if name in ("merge", "status"):
                kwargs["report"] = self.object
            if name == "merge":
                kwargs["candidates"] = self.merge_candidates
            if name == "status":
                kwargs["initial"] = {"status": self.object.status}
            if name == "assign":
                kwargs["initial"] = {"department": self.object.department_id}
            forms_[name] = form_class(data if name == action else None, **kwargs)
        return forms_

    def get_context_data(self, forms_=None, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        questions = {a.code: a.description for a in report.category.attributes.all()}
        context.update(
            {
                "report": report,
                "object": report,
                "answers": [
                    (
                        questions.get(code, code),
                        ", ".join(map(str, value)) if isinstance(value, list) else value,
                    )
                    for code, value in (report.attributes or {}).items()
                ],
                "photos": report.photos.all(),
                "events": self.get_events(),
                "duplicates": report.duplicates.all(),
                "show_contact": can_see_contact_details(self.request.user),
                "can_act": self.can_act,
                "forms": forms_ or (self.make_forms() if self.can_act else {}),
                "public_url": report.get_absolute_url(),
                "nearby": self.merge_candidates,
                "triage_radius": services.TRIAGE_RADIUS_M,
                "triage_map": triage_map_config(report, self.merge_candidates),
            }
        )
        return context

    def get_events(self):
        """The history, with who did each step. Residents are named only to staff."""
        show_contact = can_see_contact_details(self.request.user)
        residents = EMAIL if show_contact else ANONYMOUS
        events = list(self.object.events.select_related("actor"))
        for event in events:
            event.who = actor_name(event.actor, residents=residents)
        return events

    def post(self, request, *args, **kwargs):
        if not self.can_act:
            raise PermissionDenied
        action = request.POST.get("action")
        if action not in self.FORMS:
            raise Http404
        forms_ = self.make_forms(request.POST, action)
        form = forms_[action]
        if not form.is_valid():
            messages.validation_error(
                request, _("The report could not be changed. Please check the form."), form
            )
            return self.render_to_response(self.get_context_data(forms_=forms_))
        if action == "merge" and not form.cleaned_data["confirm"]:
            return self.confirm_merge(form)
        try:
            getattr(self, f"do_{action}")(form.cleaned_data)
        except services.MergeRefused as refusal:
            # Someone else merged one of the two a moment ago: say so, change nothing.
            messages.error(request, str(refusal))
        return redirect(request.path)

    def confirm_merge(self, form):
        """The step between picking a report and merging: both side by side, one button."""
        context = self.get_context_data(forms_={"merge": form})
        context.update(
            {
                "target": form.cleaned_data["target"],
                "distance": form.fields["target"].distances[form.cleaned_data["target"].pk],
                "public_note": form.cleaned_data["public_note"],
                "merge_prefix": form.prefix,
            }
        )
        return TemplateResponse(self.request, self.confirm_merge_template_name, context)

    def do_status(self, data):
        services.change_status(
            self.object,
            data["status"],
            actor=self.request.user,
            public_note=data["public_note"],
            internal_note=data["internal_note"],
            resolution=data["resolution"],
        )
        messages.success(
            self.request,
            _("Report %(reference)s is now “%(status)s”.")
            % {"reference": self.object.reference, "status": Status(data["status"]).label},
        )

    def do_merge(self, data):
        target = data["target"]
        services.merge(
            self.object, target, actor=self.request.user, public_note=data["public_note"]
        )
        messages.success(
            self.request,
            _("Report %(duplicate)s was merged into %(target)s.")
            % {"duplicate": self.object.reference, "target": target.reference},
        )

    def do_assign(self, data):
        services.assign([self.object], data["department"], actor=self.request.user)
        messages.success(
            self.request,
            _("Report %(reference)s was assigned to %(department)s.")
            % {"reference": self.object.reference, "department": data["department"]},
        )


# == Bulk actions on the queue ==


class ReportBulkAction(SnippetBulkAction):
    models = [ServiceReport]
    template_name = "reports/admin/bulk_action.html"

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    @classmethod
    def get_queryset(cls, model, object_ids):
        # No 404 for an empty selection: the page says nothing was selected instead.
        return list(
            model.objects.filter(pk__in=object_ids).select_related("category", "department")
        )

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all in listing" would ignore the queue's filters: act only on the
        # reports ticked on the page.
        return ServiceReport.objects.none().values_list("pk", flat=True)

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "user": self.request.user,
            "data": self.cleaned_form.cleaned_data,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_title"] = self.display_name
        context["action_button_text"] = self.display_name
        return context


class AssignDepartmentBulkAction(ReportBulkAction):
    display_name = _("Assign to department")
    action_type = "assign_department"
    aria_label = _("Assign the selected reports to a department")
    action_priority = 10
    form_class = AssignForm

    @classmethod
    def execute_action(cls, objects, user=None, data=None, **kwargs):
        services.assign(objects, data["department"], actor=user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d report assigned to %(department)s.",
            "%(count)d reports assigned to %(department)s.",
            num_parent_objects,
        ) % {
            "count": num_parent_objects,
            "department": self.cleaned_form.cleaned_data["department"],
        }


class ChangeStatusBulkAction(ReportBulkAction):
    display_name = _("Change status")
    action_type = "change_status"
    aria_label = _("Change the status of the selected reports")
    action_priority = 20
    form_class = StatusForm

    @classmethod
    def execute_action(cls, objects, user=None, data=None, **kwargs):
        changed = 0
        for report in objects:
            # Merged reports stay merged; a report already in that status is left alone.
            if report.status in (Status.DUPLICATE, data["status"]):
                continue
            services.change_status(
                report,
                data["status"],
                actor=user,
                public_note=data["public_note"],
                internal_note=data["internal_note"],
                resolution=data["resolution"],
            )
            changed += 1
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d report changed to “%(status)s”.",
            "%(count)d reports changed to “%(status)s”.",
            num_parent_objects,
        ) % {
            "count": num_parent_objects,
            "status": Status(self.cleaned_form.cleaned_data["status"]).label,
        }


# == Open311 API keys ==


class ApiKeyCreateView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Asks for a name only; shows the new key once and never again (only a hash is kept)."""

    model = Open311ApiKey
    permission_required = "add"
    form_class = ApiKeyForm
    template_name = "reports/admin/api_key_create.html"
    created_template_name = "reports/admin/api_key_created.html"
    index_url_name = None
    header_icon = "key"
    page_title = _("New Open311 API key")

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.index_url_name:
            items.append(
                {
                    "url": reverse(self.index_url_name),
                    "label": capfirst(Open311ApiKey._meta.verbose_name_plural),
                }
            )
        items.append({"url": "", "label": self.get_page_title()})
        return items

    def form_valid(self, form):
        key, plain = create_key(form.cleaned_data["name"], user=self.request.user)
        context = self.get_context_data(form=form)
        context.update(
            {
                "key": key,
                "plain_key": plain,
                "index_url": reverse(self.index_url_name) if self.index_url_name else "",
            }
        )
        response = TemplateResponse(self.request, self.created_template_name, context)
        # The page holds a secret: keep it out of every cache and the browser history.
        response["Cache-Control"] = "no-store"
        return response


class ApiKeyRevokeView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then revoke: the key stops working at once and cannot be restored."""

    model = Open311ApiKey
    permission_required = "change"
    template_name = "reports/admin/api_key_revoke.html"
    index_url_name = None
    header_icon = "key"
    page_title = _("Revoke API key")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Open311ApiKey, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["key"] = self.object
        context["index_url"] = reverse(self.index_url_name) if self.index_url_name else ""
        return context

    def post(self, request, *args, **kwargs):
        if self.object.revoked_at is None:
            revoke(self.object, user=request.user)
            messages.success(request, _("API key “%(key)s” revoked.") % {"key": self.object})
        return redirect(self.index_url_name)
