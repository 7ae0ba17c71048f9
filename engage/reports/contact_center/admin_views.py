"""The agent's intake screen in the Wagtail admin.

A call goes: find the caller (or record a new one, or take an anonymous caller), then one
page with their recent history, a knowledge-base search, and two forms — log the contact,
or file a request for them, which ends on a page reading back the reference. Every step
puts the focus where the agent's next keystroke goes. Changes go through ``services``.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from ..knowledge.services import search_answers
from ..models import Contact, KnowledgeAnswerPage, Person, ServiceReport
from . import services
from .forms import AnswerSearchForm, CallerSearchForm, ContactForm, NewPersonForm, RequestForm
from .rules import can_take_calls

HISTORY_SIZE = 5
ANSWERS_SHOWN = 8


class AgentOnly:
    def dispatch(self, request, *args, **kwargs):
        if not can_take_calls(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class IntakeView(AgentOnly, WagtailAdminTemplateMixin, TemplateView):
    """Where every call starts: one search box, and the people it finds."""

    template_name = "reports/contact_center/intake.html"
    page_title = gettext_lazy("Contact center")
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CallerSearchForm(self.request.GET if "q" in self.request.GET else None)
        people = None
        more_match = False
        if form.is_bound and form.is_valid():
            # One more than shown tells whether more people match than the screen lists.
            people = services.people_matching(form.caller_query, limit=services.SEARCH_LIMIT + 1)
            more_match = len(people) > services.SEARCH_LIMIT
            people = people[: services.SEARCH_LIMIT]
        context.update(
            {
                "form": form,
                "people": people,
                "more_match": more_match,
                "new_person_url": _new_person_url(form),
            }
        )
        return context


def _new_person_url(search_form):
    """The "New person" link, with what was searched already in its field."""
    url = reverse("reports_intake_new_person")
    query = getattr(search_form, "caller_query", None)
    if query is None:
        return url
    # The kinds of search are named as the new person form's fields.
    return f"{url}?{urlencode({query.kind: search_form.cleaned_data['q'].strip()})}"


class NewPersonView(AgentOnly, WagtailAdminTemplateMixin, TemplateView):
    """Record a caller the city has not met, after a look at who they might already be."""

    template_name = "reports/contact_center/intake_new_person.html"
    page_title = gettext_lazy("New person")
    header_icon = "user"

    def get(self, request, *args, **kwargs):
        initial = {key: request.GET.get(key, "") for key in ("name", "phone", "email")}
        return self.render_to_response(
            self.get_context_data(form=NewPersonForm(initial=initial), duplicates=[])
        )

    def post(self, request, *args, **kwargs):
        form = NewPersonForm(request.POST)
        duplicates = []
        if form.is_valid():
            data = form.cleaned_data
            fields = {key: data[key] for key in ("name", "phone", "email", "address", "language")}
            if not data["confirm_new"]:
                duplicates = services.possible_duplicates(
                    name=data["name"], phone=data["phone"], email=data["email"]
                )
            if not duplicates:
                try:
                    person = services.create_person(**fields)
                except services.CallRefused as refusal:
                    form.add_error(None, str(refusal))
                else:
                    messages.success(request, _("%(name)s is recorded.") % {"name": person})
                    return redirect("reports_intake_person", person.pk)
        return self.render_to_response(self.get_context_data(form=form, duplicates=duplicates))


def person_history(person):
    """The caller's last contacts and requests (theirs, and those filed by their account)."""
    contacts = (
        Contact.objects.filter(person=person)
        .select_related("answer", "report")
        .order_by("-created_at", "-pk")[:HISTORY_SIZE]
    )
    theirs = Q(person=person)
    if person.user_id:
        theirs |= Q(filed_by_id=person.user_id)
    reports = (
        ServiceReport.objects.filter(theirs)
        .select_related("category")
        .order_by("-submitted_at")[:HISTORY_SIZE]
    )
    return list(contacts), list(reports)


class CallView(AgentOnly, WagtailAdminTemplateMixin, TemplateView):
    """One call: the caller, their history, the answers, and the two forms.

    The page is also where both forms post (``action``: ``log`` or ``file``); a form with
    errors comes back with everything typed and the focus on its error summary.
    """

    template_name = "reports/contact_center/intake_call.html"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        # Who may, before anything about the person is looked up.
        if not can_take_calls(request.user):
            raise PermissionDenied
        self.person = None
        if "pk" in kwargs:
            self.person = get_object_or_404(Person.objects.select_related("user"), pk=kwargs["pk"])
        if self.person is not None and self.person.merged_into_id is not None:
            messages.info(
                request, _("This record was merged; here is the record it was merged into.")
            )
            return redirect("reports_intake_person", self.person.merged_into_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.person) if self.person else _("Anonymous caller")

    def get_page_subtitle(self):
        return _("Call")

    def here(self):
        if self.person is None:
            return reverse("reports_intake_anonymous")
        return reverse("reports_intake_person", args=[self.person.pk])

    # --- GET: the page, with an answer search and an answer chosen from it -------------

    def get(self, request, *args, **kwargs):
        answer = self._chosen_answer()
        initial = {"kind": Contact.Kind.INFORMATION, "channel": Contact.Channel.PHONE}
        focus = "answers"
        if answer is not None:
            initial.update({"answer": answer.pk, "topic": answer.title[:120]})
            initial["resolved_first_contact"] = True
            focus = "log"
        return self.render_to_response(
            self.get_context_data(
                contact_form=ContactForm(prefix="log", initial=initial),
                request_form=RequestForm(),
                chosen_answer=answer,
                focus=focus,
            )
        )

    def _chosen_answer(self):
        pk = self.request.GET.get("answer", "")
        if not pk.isdigit():
            return None
        answer = KnowledgeAnswerPage.objects.live().filter(pk=pk).first()
        if answer is None:
            messages.warning(self.request, _("That answer is no longer published; search again."))
        return answer

    def _answer_search(self):
        form = AnswerSearchForm(self.request.GET if "aq" in self.request.GET else None)
        if not (form.is_bound and form.is_valid()):
            return form, None
        # In the caller's language when known, else in the screen's.
        language = (self.person.language if self.person else "") or (
            Locale.get_active().language_code
        )
        answers = list(search_answers(form.cleaned_data["aq"], language, limit=ANSWERS_SHOWN))
        return form, answers

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        answer_form, answers = self._answer_search()
        contacts, reports = person_history(self.person) if self.person else ([], [])
        focus = kwargs.get("focus")
        if focus == "answers" and answers:
            context["focus"] = "answer-results"
        elif focus == "answers":
            answer_form.fields["aq"].widget.attrs["autofocus"] = True
        elif focus == "log":
            kwargs["contact_form"].fields["topic"].widget.attrs["autofocus"] = True
        context.update(
            {
                "person": self.person,
                "here": self.here(),
                "answer_form": answer_form,
                "answers": answers,
                "recent_contacts": contacts,
                "recent_reports": reports,
            }
        )
        return context

    # --- POST: log the contact, or file a request ----------------------------------------

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "file":
            return self._file(request)
        return self._log(request)

    def _log(self, request):
        form = ContactForm(request.POST, prefix="log")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.log_contact(
                    person=self.person,
                    agent=request.user,
                    kind=data["kind"],
                    channel=data["channel"],
                    topic=data["topic"] or (data["answer"].title if data["answer"] else ""),
                    resolved_first_contact=data["resolved_first_contact"],
                    notes=data["notes"],
                    answer=data["answer"],
                )
            except services.CallRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    _("The contact with %(caller)s is logged. Ready for the next call.")
                    % {"caller": self.get_page_title()},
                )
                return redirect("reports_intake")
        return self.render_to_response(
            self.get_context_data(contact_form=form, request_form=RequestForm(), focus="log-errors")
        )

    def _file(self, request):
        form = RequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.file_for(
                    self.person,
                    agent=request.user,
                    category=data["category"],
                    channel=data["channel"],
                    description=data["description"],
                    attributes=form.attribute_answers(),
                    lat=data["lat"],
                    lng=data["lng"],
                    address=data["address"],
                )
            except services.CallRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                url = reverse("reports_intake_filed", args=[report.reference])
                if form.address_not_found:
                    messages.info(
                        request,
                        _(
                            "The address was not found on the map, so the request has no "
                            "neighborhood yet. Staff will look for the place described."
                        ),
                    )
                return redirect(f"{url}?from={self.here()}")
        initial = {"kind": Contact.Kind.INFORMATION, "channel": Contact.Channel.PHONE}
        return self.render_to_response(
            self.get_context_data(
                contact_form=ContactForm(prefix="log", initial=initial),
                request_form=form,
                focus="file-errors",
            )
        )


class FiledView(AgentOnly, WagtailAdminTemplateMixin, TemplateView):
    """The reference, large, to read back to the caller before they hang up."""

    template_name = "reports/contact_center/intake_filed.html"
    page_title = gettext_lazy("Request filed")
    header_icon = "tick"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = get_object_or_404(
            ServiceReport.objects.select_related("category", "person"),
            reference=kwargs["reference"].strip().upper(),
        )
        if report.channel not in (ServiceReport.Channel.PHONE, ServiceReport.Channel.WALK_IN):
            raise Http404
        back = self.request.GET.get("from", "")
        context.update(
            {
                "report": report,
                # Read out in groups of four: "K7Q2 · M9XA".
                "reference_groups": [report.reference[:4], report.reference[4:]],
                "back_url": back if back.startswith(reverse("reports_intake")) else "",
            }
        )
        return context
