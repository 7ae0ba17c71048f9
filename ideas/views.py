"""The idea pages residents use: submit (with a preview), read, vote, follow, comment, flag.

Views are thin: who may do what is ``ideas.rules``, every change is ``ideas.services``
(which checks the rule again inside its transaction and raises ``IdeaError`` with a
sentence for the person). Every form works without JavaScript; voting and following
also answer ``fetch`` calls with JSON so ``static/js/ideas.js`` can update the page in place.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, npgettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from engage.core.inputs import parse_id
from engage.core.kept_uploads import KeptImages, data_uri
from engage.neighborhoods import maps

from . import rules, services
from .forms import TITLE_MAX, CommentEditForm, CommentForm, FlagForm, IdeaForm, editable_text
from .models import (
    COMMENT_PAGE_PARAM,
    COMMENT_THREADS_PER_PAGE,
    Comment,
    Idea,
    IdeaCampaignPage,
    IdeaFollow,
    IdeasIndexPage,
    Vote,
)

# A picture chosen before a preview (or on a form that had to be corrected) waits in the
# session (see engage/core/kept_uploads.py); publishing removes the one used.
kept_images = KeptImages("ideas_draft_images", limit=3)


# Who sees what ---------------------------------------------------------------------


def _get_idea(request, pk):
    idea = get_object_or_404(
        Idea.objects.select_related("campaign", "neighborhood", "author", "merged_into"), pk=pk
    )
    if not rules.can_view(request.user, idea):
        raise Http404
    return idea


def _wants_json(request):
    return (
        "application/json" in request.headers.get("Accept", "")
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
    )


def _login_first(message, *, comment=False):
    """Send an anonymous visitor to log in, then back: to the page they asked for (GET) or
    to the idea (POST: never to the address of an action).

    ``pk`` names a comment when ``comment`` is true, else an idea. A ``fetch`` call gets a
    JSON answer with the address of the log-in page instead.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, pk, *args, **kwargs):
            if request.user.is_authenticated:
                return view(request, pk, *args, **kwargs)
            if comment:
                found = get_object_or_404(Comment.objects.select_related("idea"), pk=pk)
                if not rules.can_view(request.user, found.idea):
                    raise Http404
                back = found.get_absolute_url()
            else:
                back = _get_idea(request, pk).get_absolute_url()
            if request.method == "GET":
                back = request.get_full_path()
            if _wants_json(request):
                login_url = redirect_to_login(back)["Location"]
                return JsonResponse({"message": str(message), "login_url": login_url}, status=401)
            messages.info(request, message)
            return redirect_to_login(back)

        return wrapped

    return decorator


# Submitting and editing ----------------------------------------------------------------


def _campaign_from(value):
    """The live campaign with this page id (any translation of it), or None."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return IdeaCampaignPage.objects.live().filter(pk=pk).first()


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
        image_src = data_uri(kept)
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
            "kept_image_src": data_uri(form.image_kept) if form.image_kept else "",
            "map_config": maps.picker_config(form.fields["neighborhood"].queryset),
        },
    )


@require_http_methods(["GET", "POST"])
def submit(request):
    campaign = None
    if request.GET.get("campaign"):
        campaign = _campaign_from(request.GET["campaign"])
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
    campaign = _campaign_from(request.GET.get("campaign"))
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
@_login_first(gettext_lazy("Please log in to edit your idea."))
def edit(request, pk):
    idea = _get_idea(request, pk)
    refusal = rules.edit_refusal(request.user, idea)
    if refusal:
        messages.error(request, refusal)
        return redirect(idea)
    return _idea_form_page(request, campaign=idea.campaign, idea=idea)


@require_http_methods(["GET", "POST"])
@_login_first(gettext_lazy("Please log in to withdraw your idea."))
def withdraw(request, pk):
    idea = _get_idea(request, pk)
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


# The idea page ----------------------------------------------------------------------


def _vote_state(user, idea):
    """What the vote box shows: whether ``user`` voted, and why they cannot change it."""
    state = {"voted": False, "refusal": None, "votes_left": None, "following": False}
    if not user.is_authenticated:
        return state
    state["voted"] = Vote.objects.filter(idea=idea, user=user).exists()
    state["following"] = IdeaFollow.objects.filter(idea=idea, user=user).exists()
    state["refusal"] = (
        rules.unvote_refusal(user, idea) if state["voted"] else rules.vote_refusal(user, idea)
    )
    state["votes_left"] = services.votes_left(user, idea.campaign)
    return state


def _vote_count_label(count):
    # A context of its own: the model's verbose name "vote" has no plural form.
    return npgettext("vote count", "vote", "votes", count)


def _comment_page_url(request, idea, number):
    """The idea page at page ``number`` of its comments, keeping the other parameters."""
    query = request.GET.copy()  # empty when a form posted elsewhere comes back with an error
    query.pop(COMMENT_PAGE_PARAM, None)
    if number > 1:
        query[COMMENT_PAGE_PARAM] = number
    encoded = query.urlencode()
    return f"{idea.get_absolute_url()}{'?' if encoded else ''}{encoded}#comments"


def _comment_page(request, idea, around=None):
    """One page of the idea's comment threads, each with its replies, in three queries
    (count, threads, replies) however many comments the idea has.

    The page is the one showing ``around`` (a comment whose reply or flag form came back
    with an error), else the one ``?comments=<n>`` names; a wrong number gives the nearest.
    """
    replies = Prefetch("replies", queryset=Comment.objects.visible().select_related("author"))
    threads = idea.comments.threads().select_related("author").prefetch_related(replies)
    number = around.thread_page_number() if around else request.GET.get(COMMENT_PAGE_PARAM)
    page = Paginator(threads, COMMENT_THREADS_PER_PAGE).get_page(number)
    page.object_list = list(page.object_list)
    if page.has_previous():
        page.previous_url = _comment_page_url(request, idea, page.previous_page_number())
    if page.has_next():
        page.next_url = _comment_page_url(request, idea, page.next_page_number())
    return page


def _editable_comment_pks(user, comments):
    """The pks of the comments and replies on this page that ``user`` may still edit."""
    editable = set()
    if not user.is_authenticated:
        return editable
    # Only the person's own comments from the last few minutes can be editable.
    since = timezone.now() - rules.COMMENT_EDIT_WINDOW
    for item in comments:
        for candidate in [item, *item.replies.all()]:
            if (
                candidate.author_id == user.pk
                and candidate.created_at >= since
                and rules.comment_edit_refusal(user, candidate) is None
            ):
                editable.add(candidate.pk)
    return editable


def _attach_comment_forms(comments, *, editable, reply_to, comment_form, flag_form, flag_target):
    """Give each thread its reply form, and each comment its flag form and ``can_edit``.

    The form that came back with an error takes the place of the blank one it replaces.
    """
    for item in comments:
        item.can_edit = item.pk in editable
        for reply in item.replies.all():
            reply.can_edit = reply.pk in editable
        if reply_to is not None and reply_to.pk == item.pk:
            item.reply_form = comment_form
        else:
            item.reply_form = CommentForm(reply_to=item)
        target = f"comment-{item.pk}"
        item.flag_form = flag_form if flag_target == target else FlagForm(prefix_id=target)
        for reply in item.replies.all():
            target = f"comment-{reply.pk}"
            reply.flag_form = flag_form if flag_target == target else FlagForm(prefix_id=target)


def _render_detail(
    request,
    idea,
    *,
    comment_form=None,
    flag_form=None,
    flag_target="",
    flagged_comment=None,
    status=200,
):
    user = request.user
    reply_to = comment_form.reply_to if comment_form is not None else None
    comment_page = _comment_page(request, idea, around=reply_to or flagged_comment)
    comments = comment_page.object_list
    # Reply and flag forms are shown to people logged in only: building a reply form per
    # thread and a flag form per comment for anonymous visitors would be wasted work.
    if user.is_authenticated:
        _attach_comment_forms(
            comments,
            editable=_editable_comment_pks(user, comments),
            reply_to=reply_to,
            comment_form=comment_form,
            flag_form=flag_form,
            flag_target=flag_target,
        )

    is_author = user.is_authenticated and idea.author_id == user.pk
    campaign = idea.campaign.localized if idea.campaign_id else None
    index_page = None if campaign else IdeasIndexPage.objects.live().first()
    changes = list(idea.status_changes.all())
    absolute_url = request.build_absolute_uri(idea.get_absolute_url())
    context = {
        "idea": idea,
        "campaign": campaign,
        "tags": list(idea.tags.all()),
        "tag_list_url": campaign.url
        if campaign
        else (index_page.localized.url if index_page else ""),
        "changes": changes,
        "answers": [change for change in reversed(changes) if change.answer],
        "merged_here": list(idea.merged_ideas.visible().only("pk", "title")),
        "comments": comments,
        "comment_page": comment_page,
        "comment_form": (
            comment_form if comment_form is not None and reply_to is None else CommentForm()
        ),
        "comment_refusal": rules.comment_refusal(user, idea),
        "idea_flag_form": flag_form if flag_target == "idea" else FlagForm(prefix_id="idea"),
        "flag_target": flag_target,
        "vote": _vote_state(user, idea),
        "show_votes": not (idea.campaign_id and not idea.campaign.voting_enabled),
        "is_author": is_author,
        "can_edit": is_author and rules.edit_refusal(user, idea) is None,
        "can_withdraw": is_author and rules.withdraw_refusal(user, idea) is None,
        "absolute_url": absolute_url,
        "image_src": idea.image.url if idea.image else "",
        "og_image": request.build_absolute_uri(idea.image.url) if idea.image else "",
    }
    # The map of where the idea is, with its neighborhood's outline only.
    location_config = maps.location_config(
        idea.lat, idea.lng, [idea.neighborhood] if idea.neighborhood else []
    )
    if location_config:
        context["location_config"] = location_config
    return render(request, "ideas/idea_detail.html", context, status=status)


@require_safe
def detail(request, pk):
    return _render_detail(request, _get_idea(request, pk))


# Voting and following ----------------------------------------------------------------


@require_POST
@_login_first(gettext_lazy("Please log in to vote. You will come back to the idea."))
def vote(request, pk):
    idea = _get_idea(request, pk)
    user = request.user
    action = request.POST.get("action", "vote")
    follow = bool(request.POST.get("follow"))
    error = False
    try:
        if action == "unvote":
            idea = services.retract_vote(idea, user)
            message = _("Your vote is removed.")
        elif action == "vote":
            idea = services.cast_vote(idea, user, follow=follow)
            message = _("Thank you: your vote is counted.")
            if follow:
                message += " " + _("We will e-mail you about what happens to this idea.")
        else:
            raise services.IdeaError(_("Choose whether to vote or to remove your vote."))
    except services.IdeaError as refused:
        error, message = True, str(refused)

    if not _wants_json(request):
        (messages.error if error else messages.success)(request, message)
        return redirect(idea)
    state = _vote_state(user, idea)
    return JsonResponse(
        {
            "vote_count": idea.vote_count,
            "vote_count_label": _vote_count_label(idea.vote_count),
            "voted": state["voted"],
            "votes_left": state["votes_left"],
            "following": state["following"],
            "refusal": state["refusal"] or "",
            "message": message,
        },
        status=400 if error else 200,
    )


@require_POST
@_login_first(gettext_lazy("Please log in to follow ideas. You will come back to the idea."))
def follow(request, pk):
    idea = _get_idea(request, pk)
    user = request.user
    following = IdeaFollow.objects.filter(idea=idea, user=user).exists()
    # An explicit action makes a double click harmless; without one, the button toggles.
    action = request.POST.get("action") or ("unfollow" if following else "follow")
    if action == "unfollow":
        services.unfollow(idea, user)
        following, message = False, _("You no longer follow this idea.")
    else:
        services.follow(idea, user)
        following = True
        message = _("You follow this idea: we will e-mail you when its status changes.")
    if _wants_json(request):
        return JsonResponse({"following": following, "message": message})
    messages.success(request, message)
    return redirect(idea)


# Comments and flags ------------------------------------------------------------------


@require_POST
@_login_first(gettext_lazy("Please log in to comment. You will come back to the idea."))
def comment(request, pk):
    idea = _get_idea(request, pk)
    refusal = rules.comment_refusal(request.user, idea)
    if refusal:
        messages.error(request, refusal)
        return redirect(idea)
    parent = None
    parent_pk = request.POST.get("parent")
    if parent_pk:
        parent = (
            Comment.objects.visible().filter(idea=idea, pk=parent_pk).first()
            if parse_id(parent_pk) is not None
            else None
        )
        if parent is None:
            form = CommentForm(request.POST)
            form.is_valid()
            form.add_error(
                "body",
                _(
                    "The comment you replied to is no longer there. You can post your "
                    "text as a new comment."
                ),
            )
            return _render_detail(request, idea, comment_form=form)
    form = CommentForm(request.POST, reply_to=parent)
    if form.is_valid():
        try:
            posted = services.add_comment(
                idea, request.user, form.cleaned_data["body"], parent=parent
            )
        except services.IdeaError as error:
            form.add_error("body", str(error))
        else:
            messages.success(
                request,
                _("Your reply is posted.") if parent else _("Your comment is posted."),
            )
            return redirect(posted.get_absolute_url())
    return _render_detail(request, idea, comment_form=form)


@require_http_methods(["GET", "POST"])
@_login_first(gettext_lazy("Please log in to edit your comment."), comment=True)
def edit_comment(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related("idea", "idea__campaign", "author"), pk=pk
    )
    idea = comment.idea
    if not rules.can_view(request.user, idea):
        raise Http404
    refusal = rules.comment_edit_refusal(request.user, comment)
    if refusal:
        messages.error(request, refusal)
        return redirect(comment.get_absolute_url())
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        if form.is_valid():
            try:
                services.edit_comment(comment, request.user, form.cleaned_data["body"])
            except services.IdeaError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your comment is updated."))
            return redirect(comment.get_absolute_url())
    else:
        form = CommentEditForm(initial={"body": editable_text(comment.body)})
    ends_at = comment.created_at + rules.COMMENT_EDIT_WINDOW
    return render(
        request,
        "ideas/comment_form.html",
        {"form": form, "comment": comment, "idea": idea, "ends_at": ends_at},
    )


def _flag(request, *, idea, comment=None):
    target = f"comment-{comment.pk}" if comment else "idea"
    form = FlagForm(request.POST, prefix_id=target)
    if not form.is_valid():
        return _render_detail(
            request, idea, flag_form=form, flag_target=target, flagged_comment=comment
        )
    try:
        services.flag(
            request.user,
            reason=form.cleaned_data["reason"],
            details=form.cleaned_data["details"],
            idea=None if comment else idea,
            comment=comment,
        )
    except services.IdeaError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Thank you for telling us. A moderator will look at it.")
            if comment is None
            else _("Thank you for telling us about this comment. A moderator will look at it."),
        )
    return redirect(comment.get_absolute_url() if comment else idea)


@require_POST
@_login_first(gettext_lazy("Please log in to report content. You will come back to the idea."))
def flag_idea(request, pk):
    return _flag(request, idea=_get_idea(request, pk))


@require_POST
@_login_first(
    gettext_lazy("Please log in to report content. You will come back to the idea."),
    comment=True,
)
def flag_comment(request, pk):
    comment = get_object_or_404(
        Comment.objects.visible().select_related("idea", "idea__campaign"), pk=pk
    )
    idea = _get_idea(request, comment.idea_id)
    return _flag(request, idea=idea, comment=comment)
