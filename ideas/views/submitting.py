"""Submitting an idea (with a preview and similar ideas), editing it and withdrawing it.

A picture chosen before a preview waits in the session, so that a correction or a preview
never loses it.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from engage.core.kept_uploads import KeptImages
from engage.neighborhoods import maps

from .. import rules, services
from ..forms import TITLE_MAX, IdeaForm
from ..models import (
    Idea,
)
from .common import campaign_from, get_idea, login_first

# A picture chosen before a preview (or on a form that had to be corrected) waits in the
# session (see engage/core/kept_uploads.py); publishing removes the one used.
kept_images = KeptImages("ideas_draft_images", limit=3)


def _idea_form_page(request, *, campaign, idea=None):
    """The form, its preview, and publishing (or saving changes), for ``submit`` and ``edit``.

    ``action`` is "preview" (show the idea as it will look, and similar ideas) or "publish".
    A picture that passed the checks is kept in the session until the idea is published,
    so neither a preview nor an error elsewhere in the form makes the person choose it again.
    """
    current_image = idea.image if idea is not None and idea.image else None
    page = {"campaign": campaign, "idea": idea}
    if request.method != "POST":
        initial = IdeaForm.initial_for(idea) if idea is not None else None
        form = IdeaForm(initial=initial, campaign=campaign, current_image=current_image)
        return _render_idea_form(request, form, **page)

    image_token = request.POST.get("image_token", "")
    kept = kept_images.get(request, image_token)
    form = IdeaForm(
        request.POST,
        request.FILES,
        campaign=campaign,
        current_image=current_image,
        image_kept=kept,
    )
    form.is_valid()
    image_token, kept, remove = _keep_chosen_picture(request, form, image_token, kept)
    if not form.is_valid():
        return _render_idea_form(request, form, image_token=image_token, **page)

    if request.POST.get("action") == "publish":
        saved = _save_idea(request, form, image=kept, remove_image=remove and kept is None, **page)
        if saved is None:
            return _render_idea_form(request, form, image_token=image_token, **page)
        kept_images.drop(request, image_token)
        _thank_for_idea(request, saved, edited=idea is not None)
        return redirect(saved)

    if kept:
        image_src = reverse("ideas:kept_picture", args=[image_token])
    else:
        image_src = current_image.url if current_image and not remove else ""
    similar = services.similar_ideas(
        form.cleaned_data["title"], campaign=campaign, exclude_pk=idea.pk if idea else None
    )
    return _render_idea_form(
        request,
        form,
        image_token=image_token,
        preview=_preview(request, form, campaign=campaign, image_src=image_src),
        similar=similar,
        **page,
    )


def _keep_chosen_picture(request, form, image_token, kept):
    """Keep a newly chosen picture in the session, or forget the one removed.

    Returns the token to put in the form ("" when no picture is kept), the kept picture
    and whether the person removed the picture. A token whose picture expired is an error
    on the form.
    """
    new_image = None if "image" in form.errors else form.cleaned_data.get("image")
    remove = bool(form.cleaned_data.get("remove_image")) and new_image is None
    if new_image is not None:
        image_token = kept_images.keep(request, new_image)
        kept = form.image_kept = new_image
    elif remove:
        kept_images.drop(request, image_token)
        kept = form.image_kept = None
    elif image_token and kept is None:
        # Never publish without the picture the person saw in the preview.
        form.add_error(
            "image",
            _("The picture you chose earlier has expired. Please choose it again."),
        )
    if not kept:
        image_token = ""
    return image_token, kept, remove


def _save_idea(request, form, *, campaign, idea, image, remove_image):
    """Submit the new idea or save the changes; None, with the error on the form, if refused."""
    fields = form.idea_fields_data()
    try:
        if idea is None:
            return services.submit_idea(
                author=request.user, campaign=campaign, image=image, **fields
            )
        return services.edit_idea(
            idea, request.user, image=image, remove_image=remove_image, **fields
        )
    except services.IdeaError as error:
        form.add_error(None, str(error))
        return None


def _thank_for_idea(request, saved, *, edited):
    if edited:
        messages.success(request, _("Your changes are saved."))
    elif saved.status == Idea.Status.AWAITING:
        messages.success(
            request,
            _(
                "Thank you. Your idea is waiting for a moderator: it becomes "
                "public once they have checked it, and we will e-mail you."
            ),
        )
    else:
        messages.success(request, _("Thank you. Your idea is published."))


def _preview(request, form, *, campaign, image_src):
    """The idea as it will look once published, unsaved."""
    data = form.cleaned_data
    fields = form.idea_fields_data()
    return {
        "idea": Idea(
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            neighborhood=data["neighborhood"],
            lat=fields["lat"],
            lng=fields["lng"],
            campaign=campaign,
            author=request.user,
        ),
        "tags": fields["tags"],
        "image_src": image_src,
    }


def _render_idea_form(request, form, *, campaign, idea, image_token="", preview=None, similar=None):
    return render(
        request,
        "ideas/idea_form.html",
        {
            "form": form,
            "campaign": campaign.localized if campaign else None,
            "idea": idea,
            "preview": preview,
            "similar": similar if similar is not None else [],
            "image_token": image_token,
            "kept_image_src": (
                reverse("ideas:kept_picture", args=[image_token])
                if form.image_kept and image_token
                else ""
            ),
            "map_config": maps.picker_config(form.fields["neighborhood"].queryset),
        },
    )


@require_http_methods(["GET", "POST"])
def submit(request):
    campaign = None
    if request.GET.get("campaign"):
        campaign = campaign_from(request.GET["campaign"])
        if campaign is None:
            raise Http404
        campaign = campaign.canonical()
    if not request.user.is_authenticated:
        messages.info(request, _("Please log in to share an idea. You will come back here."))
        return redirect_to_login(request.get_full_path())
    refusal = rules.submit_refusal(request.user, campaign)
    if refusal:
        return render(
            request,
            "ideas/idea_form.html",
            {"refusal": refusal, "campaign": campaign.localized if campaign else None},
            status=403,
        )
    return _idea_form_page(request, campaign=campaign)


@require_safe
def similar(request):
    """Ideas like the title being typed: a fragment for the hint beside the form."""
    title = request.GET.get("title", "")[:TITLE_MAX]
    campaign = campaign_from(request.GET.get("campaign"))
    try:
        exclude = int(request.GET.get("exclude") or 0)
    except ValueError:
        exclude = 0
    found = services.similar_ideas(
        title, campaign=campaign.canonical() if campaign else None, exclude_pk=exclude or None
    )
    return render(
        request,
        "ideas/includes/similar_ideas.html",
        {"similar": found, "searched": bool(title.strip())},
    )


@require_http_methods(["GET", "POST"])
@login_first(gettext_lazy("Please log in to edit your idea."))
def edit(request, pk):
    idea = get_idea(request, pk)
    refusal = rules.edit_refusal(request.user, idea)
    if refusal:
        messages.error(request, refusal)
        return redirect(idea)
    return _idea_form_page(request, campaign=idea.campaign, idea=idea)


@require_http_methods(["GET", "POST"])
@login_first(gettext_lazy("Please log in to withdraw your idea."))
def withdraw(request, pk):
    idea = get_idea(request, pk)
    refusal = rules.withdraw_refusal(request.user, idea)
    if refusal:
        messages.error(request, refusal)
        return redirect(idea)
    if request.method == "POST":
        try:
            services.withdraw_idea(idea, request.user)
        except services.IdeaError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Your idea is withdrawn. It stays on the site, marked as withdrawn."),
            )
        return redirect(idea)
    return render(request, "ideas/idea_withdraw.html", {"idea": idea})


@require_safe
def kept_picture(request, token):
    """The picture waiting in this visitor's session, shown on the form and the preview."""
    return kept_images.serve(request, token)
