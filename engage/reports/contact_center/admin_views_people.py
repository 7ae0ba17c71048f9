"""The admin screens of people: the People list, a person's record (the timeline and staff
notes) and merging a duplicate record into it. Staff only: a record gathers everything a
person did, so moderators, who help triage reports, do not see it."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from engage.accounts.roles import STAFF, has_role
from engage.core.person_record import PER_PAGE

from ..models import Person
from . import merge, people
from .admin_forms_people import MergeForm, NoteForm, PeopleFilterForm

LIST_PER_PAGE = 50
NOTES_SHOWN = 50


def can_see_people(user):
    return has_role(user, STAFF)


class StaffOnly:
    def dispatch(self, request, *args, **kwargs):
        if not can_see_people(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PersonMixin(StaffOnly):
    """A view of one person's record; a record merged away sends to the one it joined."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.person = get_object_or_404(
            Person.objects.select_related("user", "merged_into"), pk=kwargs["pk"]
        )

    def dispatch(self, request, *args, **kwargs):
        # Only reading is sent on: a note posted from a page opened before the merge is
        # kept (``add_note`` writes it on the record kept), and a merge is refused.
        reading = request.method in ("GET", "HEAD")
        if reading and can_see_people(request.user) and self.person.merged_into_id:
            messages.info(
                request,
                _("Record #%(pk)s was merged into this one.") % {"pk": self.person.pk},
            )
            return redirect("reports_person", pk=self.person.merged_into_id)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("reports_people"), "label": _("People")},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.person)},
        ]


class PeopleListView(StaffOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/contact_center/person_list.html"
    page_title = _("People")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = PeopleFilterForm(self.request.GET or None, languages=settings.LANGUAGES)
        found = Person.objects.current()
        if form.is_bound and form.is_valid():
            found = form.filter(people.search_people(form.cleaned_data["q"], found))
        query = self.request.GET.copy()
        query.pop("p", None)
        context |= {
            "form": form,
            "people_page": Paginator(
                found.select_related("user").order_by("name", "pk"), LIST_PER_PAGE
            ).get_page(self.request.GET.get("p")),
            "query": query.urlencode(),
        }
        return context


class PersonRecordView(PersonMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/contact_center/person.html"
    page_title = _("Person's record")
    header_icon = "user"

    def get_page_subtitle(self):
        return str(self.person)

    def get_context_data(self, note_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.person
        notes = person.notes.select_related("author")
        context |= {
            "person": person,
            "timeline_page": Paginator(people.timeline(person), PER_PAGE).get_page(
                self.request.GET.get("page")
            ),
            "notes": notes[:NOTES_SHOWN],
            "note_count": notes.count(),
            "note_form": note_form or NoteForm(),
            "merged_records": person.merged.order_by("pk"),
            "call_url": self.call_url,
        }
        return context

    @cached_property
    def call_url(self):
        """The intake screen for this caller, where the contact center has one."""
        try:
            return reverse("reports_intake_person", args=[self.person.pk])
        except NoReverseMatch:
            return ""

    def post(self, request, *args, **kwargs):
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                people.add_note(self.person, form.cleaned_data["text"], author=request.user)
            except people.NoteRefused as refused:
                form.add_error("text", str(refused))
        if not form.is_valid():
            messages.validation_error(
                request, _("The note could not be saved. Please check the form."), form
            )
            return self.render_to_response(self.get_context_data(note_form=form))
        messages.success(request, _("The note was saved."))
        return redirect("reports_person", pk=self.person.pk)


class PersonMergeView(PersonMixin, WagtailAdminTemplateMixin, TemplateView):
    """Choose the duplicate (a search, or the likely ones), see what moves, confirm."""

    template_name = "reports/contact_center/person_merge.html"
    page_title = _("Merge a duplicate record")
    header_icon = "resubmit"

    def get_page_subtitle(self):
        return str(self.person)

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        items[-1] = {
            "url": reverse("reports_person", args=[self.person.pk]),
            "label": _("Person's record"),
            "sublabel": str(self.person),
        }
        return [*items, {"url": "", "label": self.get_page_title()}]

    def candidates(self, query):
        if query:
            found = people.search_people(query).exclude(pk=self.person.pk)
            return list(found.select_related("user").order_by("name", "pk")[: people.SEARCH_LIMIT])
        return list(people.likely_duplicates(self.person))

    def chosen(self):
        """The record chosen to merge away (``?duplicate=<pk>``), or None."""
        value = self.request.GET.get("duplicate", "")
        if not value.isdigit():
            return None
        return Person.objects.select_related("user").filter(pk=int(value)).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:160]
        duplicate = self.chosen()
        context |= {
            "person": self.person,
            "query": query,
            "candidates": self.candidates(query),
            "duplicate": duplicate,
        }
        if duplicate is not None:
            context["refusal"] = merge.refusal(duplicate, self.person)
            if not context["refusal"]:
                context["preview"] = merge.preview(duplicate, self.person)
        return context

    def post(self, request, *args, **kwargs):
        form = MergeForm(request.POST)
        if not form.is_valid():
            messages.error(
                request,
                " ".join(form.errors.get("duplicate", []))
                or gettext("Choose the record to merge."),
            )
            return redirect("reports_person_merge", pk=self.person.pk)
        duplicate = form.cleaned_data["duplicate"]
        try:
            merge.merge_people(duplicate, self.person, actor=request.user)
        except merge.MergeRefused as refused:
            messages.error(request, str(refused))
            return redirect("reports_person_merge", pk=self.person.pk)
        messages.success(
            request,
            _("%(duplicate)s's record (#%(pk)s) was merged into this one.")
            % {"duplicate": duplicate, "pk": duplicate.pk},
        )
        return redirect("reports_person", pk=self.person.pk)
