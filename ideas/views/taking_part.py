"""Taking part on the idea page: voting, following, commenting and flagging.

Every form works without JavaScript; voting and following also answer ``fetch`` calls
with JSON so ``static/js/ideas.js`` can update the page in place.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from engage.core.inputs import parse_id
from engage.core.ratelimit import RateLimit
from engage.core.redirects import redirect_back
from engage.core.write_rate import wait_message

from .. import rules, services
from ..forms import CommentEditForm, CommentForm, FlagForm, editable_text
from ..models import (
    Comment,
    IdeaFollow,
)
from .common import get_idea, login_first, wants_json
from .detail import render_detail, vote_count_label, vote_state

# Voting and following ----------------------------------------------------------------


@require_POST
@login_first(gettext_lazy("Please log in to vote. You will come back to the idea."))
def vote(request, pk):
    idea = get_idea(request, pk)
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

    if not wants_json(request):
        (messages.error if error else messages.success)(request, message)
        return redirect(idea)
    state = vote_state(user, idea)
    return JsonResponse(
        {
            "vote_count": idea.vote_count,
            "vote_count_label": vote_count_label(idea.vote_count),
            "voted": state["voted"],
            "votes_left": state["votes_left"],
            "following": state["following"],
            "refusal": state["refusal"] or "",
            "message": message,
        },
        status=400 if error else 200,
    )


@require_POST
@login_first(gettext_lazy("Please log in to follow ideas. You will come back to the idea."))
def follow(request, pk):
    idea = get_idea(request, pk)
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
    if wants_json(request):
        return JsonResponse({"following": following, "message": message})
    messages.success(request, message)
    return redirect_back(request, idea)


# Comments and flags ------------------------------------------------------------------


@require_POST
@login_first(gettext_lazy("Please log in to comment. You will come back to the idea."))
def comment(request, pk):
    idea = get_idea(request, pk)
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
            return render_detail(request, idea, comment_form=form)
    form = CommentForm(request.POST, reply_to=parent)
    if form.is_valid() and request.POST.get("action") == "preview":
        # Shown again with what it will look like; nothing is posted.
        form.preview_html = form.cleaned_data["body"]
    elif form.is_valid() and (wait := _comment_wait(request)):
        form.add_error(None, wait_message(wait))
        response = render_detail(request, idea, comment_form=form, status=429)
        response["Retry-After"] = str(wait)
        return response
    elif form.is_valid():
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
    return render_detail(request, idea, comment_form=form)


def _comment_wait(request):
    """Seconds before this account may comment again (0: now); see ``COMMENT_RATE``."""
    if not settings.COMMENT_RATE:
        return 0
    return RateLimit.from_rate("idea-comments", settings.COMMENT_RATE).hit(request.user.pk)


@require_http_methods(["GET", "POST"])
@login_first(gettext_lazy("Please log in to edit your comment."), comment=True)
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
        if form.is_valid() and request.POST.get("action") == "preview":
            form.preview_html = form.cleaned_data["body"]
        elif form.is_valid():
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
        return render_detail(
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
        # Refused (a posting block…): said at the form the person used, not at the top.
        form.add_error(None, str(error))
        return render_detail(
            request, idea, flag_form=form, flag_target=target, flagged_comment=comment
        )
    else:
        messages.success(
            request,
            _("Thank you for telling us. A moderator will look at it.")
            if comment is None
            else _("Thank you for telling us about this comment. A moderator will look at it."),
        )
    return redirect(comment.get_absolute_url() if comment else idea)


@require_POST
@login_first(gettext_lazy("Please log in to report content. You will come back to the idea."))
def flag_idea(request, pk):
    return _flag(request, idea=get_idea(request, pk))


@require_POST
@login_first(
    gettext_lazy("Please log in to report content. You will come back to the idea."),
    comment=True,
)
def flag_comment(request, pk):
    comment = get_object_or_404(
        Comment.objects.visible().select_related("idea", "idea__campaign"), pk=pk
    )
    idea = get_idea(request, comment.idea_id)
    return _flag(request, idea=idea, comment=comment)
