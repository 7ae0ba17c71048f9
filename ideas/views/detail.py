"""The idea page: the idea, its status history, its vote box and its comments, page by page."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import npgettext
from django.views.decorators.http import require_safe

from engage.neighborhoods import maps

from .. import rules, services
from ..forms import CommentForm, FlagForm
from ..models import (
    COMMENT_PAGE_PARAM,
    COMMENT_THREADS_PER_PAGE,
    Comment,
    IdeaFollow,
    IdeasIndexPage,
    Vote,
)
from .common import get_idea

# The idea page ----------------------------------------------------------------------


def vote_state(user, idea):
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


def vote_count_label(count):
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


def render_detail(
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
        "vote": vote_state(user, idea),
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
    return render_detail(request, get_idea(request, pk))
