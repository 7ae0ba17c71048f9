"""Operations on ideas that touch several models. Each runs in one transaction.

Views and the Wagtail admin go through these, so every rule in ``rules`` is checked inside
the transaction that acts on it, every status change is written to the public history, and
everyone concerned hears about it through the notification service.
"""

import re

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.search import index

from engage.accounts.roles import STAFF
from engage.notifications.services import notify, notify_followers

from . import rules
from .audit import record_moderation, record_status
from .emails import (
    CommentReplyEmail,
    ContentHiddenEmail,
    IdeaStatusEmail,
    OfficialReplyEmail,
    ThresholdReachedEmail,
)
from .models import (
    Comment,
    Flag,
    Idea,
    IdeaFollow,
    Moderation,
    ModerationAction,
    PostingBlock,
    StatusChange,
    Vote,
    VoteBudget,
    vote_weight,
)

Status = Idea.Status


class IdeaError(Exception):
    """A rule refused the operation; ``str(error)`` is a translated sentence for the person."""


def _refuse_if(reason):
    if reason:
        raise IdeaError(reason)


def _locked(idea):
    # of=("self",): PostgreSQL cannot lock the nullable side of the campaign join.
    return Idea.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=idea.pk)


# Submitting -----------------------------------------------------------------


@transaction.atomic
def submit_idea(*, author, campaign=None, tags=(), image=None, **fields):
    """Create an idea (published at once, or awaiting moderation); its author follows it.

    ``image`` is a ``CleanImage`` from ``engage.core.images``.
    """
    if campaign is not None:
        campaign = campaign.canonical()
    _refuse_if(rules.submit_refusal(author, campaign))
    idea = Idea(author=author, campaign=campaign, **fields)
    moderation = campaign.moderation if campaign else idea.moderation
    now = timezone.now()
    if moderation == Moderation.POST:
        idea.status = Status.PUBLISHED
        idea.published_at = now
    else:
        idea.status = Status.AWAITING
    if image is not None:
        idea.image = image.to_content_file()
        idea.image_width, idea.image_height = image.width, image.height
    idea.save()
    if tags:
        idea.tags.set(list(tags))
        index.insert_or_update_object(idea)  # saved before its tags: index them too
    StatusChange.objects.create(idea=idea, to_status=idea.status, actor=author, created_at=now)
    IdeaFollow.objects.create(idea=idea, user=author)
    return idea


@transaction.atomic
def edit_idea(idea, user, *, tags=None, image=None, remove_image=False, **fields):
    """The author changes their idea: only until the first vote or comment."""
    idea = _locked(idea)
    _refuse_if(rules.edit_refusal(user, idea))
    for name, value in fields.items():
        setattr(idea, name, value)
    if image is not None:
        idea.image = image.to_content_file()
        idea.image_width, idea.image_height = image.width, image.height
    elif remove_image:
        idea.image = ""
        idea.image_width = idea.image_height = 0
    idea.save()
    if tags is not None:
        idea.tags.set(list(tags))
        index.insert_or_update_object(idea)
    return idea


def similar_ideas(title, *, campaign=None, exclude_pk=None, limit=5):
    """Public ideas whose titles share the most words with ``title``.

    Plain word matching works the same on SQLite and PostgreSQL and catches the usual
    duplicate ("More benches in Norris Square" / "Benches for Norris Square park").
    """
    words = {w for w in re.findall(r"\w+", title.lower()) if len(w) >= 4}
    if not words:
        return []
    query = Q()
    for word in sorted(words)[:8]:
        query |= Q(title__icontains=word)
    candidates = Idea.objects.visible().filter(query).exclude(status=Status.MERGED)
    if campaign is not None:
        candidates = candidates.filter(campaign=campaign.canonical())
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    candidates = candidates.order_by("-vote_count")[:50]

    def shared(idea):
        return len(words & set(re.findall(r"\w+", idea.title.lower())))

    return sorted(candidates, key=lambda idea: (-shared(idea), -idea.vote_count))[:limit]


@transaction.atomic
def withdraw_idea(idea, user):
    idea = _locked(idea)
    _refuse_if(rules.withdraw_refusal(user, idea))
    return _set_status(idea, Status.WITHDRAWN, actor=user)


# Voting -----------------------------------------------------------------------


@transaction.atomic
def cast_vote(idea, user, *, follow=False):
    """One vote per person per idea, within the campaign's budget. Returns the idea.

    The unique constraint refuses a second vote even when two arrive at once; the budget
    is spent by a conditional UPDATE; the count is an F() addition. No step reads a count
    and writes it back, so simultaneous votes all count, exactly once each.
    """
    idea = Idea.objects.select_related("campaign").get(pk=idea.pk)
    _refuse_if(rules.vote_refusal(user, idea))
    now = timezone.now()
    weight = vote_weight(now)
    try:
        with transaction.atomic():
            Vote.objects.create(
                idea=idea, user=user, campaign=idea.campaign, weight=weight, created_at=now
            )
    except IntegrityError:
        raise IdeaError(_("You have already voted for this idea.")) from None
    campaign = idea.campaign
    if campaign is not None and campaign.vote_budget:
        VoteBudget.objects.get_or_create(campaign=campaign, user=user)
        spent = VoteBudget.objects.filter(
            campaign=campaign, user=user, used__lt=campaign.vote_budget
        ).update(used=F("used") + 1)
        if not spent:
            raise IdeaError(
                _("You have used all %(count)s of your votes in this campaign.")
                % {"count": campaign.vote_budget}
            )
    Idea.objects.filter(pk=idea.pk).update(
        vote_count=F("vote_count") + 1, trending_score=F("trending_score") + weight
    )
    if follow:
        IdeaFollow.objects.get_or_create(idea=idea, user=user)
    idea.refresh_from_db(fields=["vote_count", "trending_score", "status"])
    _check_threshold(idea)
    return idea


@transaction.atomic
def retract_vote(idea, user):
    idea = Idea.objects.select_related("campaign").get(pk=idea.pk)
    _refuse_if(rules.unvote_refusal(user, idea))
    vote = Vote.objects.select_for_update().filter(idea=idea, user=user).first()
    if vote is None:
        raise IdeaError(_("You have not voted for this idea."))
    vote.delete()
    Idea.objects.filter(pk=idea.pk).update(
        vote_count=F("vote_count") - 1, trending_score=F("trending_score") - vote.weight
    )
    if vote.campaign_id and idea.campaign.vote_budget:
        VoteBudget.objects.filter(campaign_id=vote.campaign_id, user=user, used__gt=0).update(
            used=F("used") - 1
        )
    idea.refresh_from_db(fields=["vote_count", "trending_score"])
    return idea


def votes_left(user, campaign):
    """How many votes ``user`` may still cast in ``campaign`` (None: no budget)."""
    if campaign is None or not campaign.vote_budget:
        return None
    used = (
        VoteBudget.objects.filter(campaign=campaign, user=user)
        .values_list("used", flat=True)
        .first()
    )
    return max(campaign.vote_budget - (used or 0), 0)


def _check_threshold(idea):
    """Move an idea to "under review" the moment it reaches its campaign's threshold."""
    campaign = idea.campaign
    if campaign is None or not campaign.support_threshold:
        return
    if idea.status != Status.PUBLISHED or idea.vote_count < campaign.support_threshold:
        return
    # Only the vote that flips the status records it, however many arrive together.
    flipped = Idea.objects.filter(pk=idea.pk, status=Status.PUBLISHED).update(
        status=Status.UNDER_REVIEW
    )
    if not flipped:
        return
    change = StatusChange.objects.create(
        idea=idea,
        from_status=Status.PUBLISHED,
        to_status=Status.UNDER_REVIEW,
        answer=_(
            "This idea reached %(count)s votes, the campaign's threshold, "
            "so the city will review it."
        )
        % {"count": campaign.support_threshold},
    )
    idea.status = Status.UNDER_REVIEW
    _notify_status(idea, change)
    for person in (
        get_user_model()
        .objects.filter(Q(groups__name=STAFF) | Q(is_superuser=True), is_active=True)
        .distinct()
    ):
        notify(person, ThresholdReachedEmail, dedupe_key=f"idea-threshold-{idea.pk}", idea=idea.pk)


# Following ------------------------------------------------------------------


def follow(idea, user):
    IdeaFollow.objects.get_or_create(idea=idea, user=user)


def unfollow(idea, user):
    IdeaFollow.objects.filter(idea=idea, user=user).delete()


def _followers(follows):
    """The people of ``follows`` (IdeaFollow rows), read in one query."""
    return [following.user for following in follows.select_related("user")]


# Comments ---------------------------------------------------------------------


@transaction.atomic
def add_comment(idea, user, body, *, parent=None):
    """A comment or a reply (one level: a reply to a reply joins the same thread)."""
    idea = _locked(idea)
    _refuse_if(rules.comment_refusal(user, idea))
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise IdeaError(_("That comment belongs to another idea."))
        if parent.parent_id:
            parent = parent.parent
    official = rules.can_decide(user)
    comment = Comment.objects.create(
        idea=idea, author=user, parent=parent, body=body, is_official=official
    )
    Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
    notified = {user.pk}
    if parent is not None and parent.author_id not in notified:
        notified.add(parent.author_id)
        notify(
            parent.author,
            CommentReplyEmail,
            dedupe_key=f"idea-reply-{comment.pk}-{parent.author_id}",
            reply=comment.pk,
        )
    if official:
        notify_followers(
            _followers(IdeaFollow.objects.filter(idea=idea)),
            OfficialReplyEmail,
            dedupe_key=f"idea-official-{comment.pk}-{{user_id}}",
            except_users=notified,
            comment=comment.pk,
        )
    return comment


@transaction.atomic
def edit_comment(comment, user, body):
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _refuse_if(rules.comment_edit_refusal(user, comment))
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


def flag(user, *, reason, details="", idea=None, comment=None):
    """Flag an idea or a comment once; flagging again updates the reason."""
    _refuse_if(rules.flag_refusal(user))
    target = {"idea": idea, "comment": None} if idea else {"idea": None, "comment": comment}
    found, _created = Flag.objects.update_or_create(
        reporter=user,
        **target,
        defaults={"reason": reason, "details": details, "resolved_at": None, "resolved_by": None},
    )
    return found


# Moderation ---------------------------------------------------------------------


def _require_moderator(user):
    if not rules.can_moderate(user):
        raise IdeaError(_("Only moderators can do this."))


def _resolve_flags(moderator, *, idea=None, comment=None):
    flags = Flag.objects.filter(resolved_at=None)
    flags = flags.filter(idea=idea) if idea is not None else flags.filter(comment=comment)
    flags.update(resolved_at=timezone.now(), resolved_by=moderator)


@transaction.atomic
def publish(idea, moderator):
    """Approve an idea awaiting pre-moderation."""
    _require_moderator(moderator)
    idea = _locked(idea)
    if idea.status != Status.AWAITING:
        raise IdeaError(_("This idea is not awaiting moderation."))
    idea.published_at = timezone.now()
    previous = idea.status
    _set_status(idea, Status.PUBLISHED, actor=moderator)
    ModerationAction.objects.create(
        kind=ModerationAction.Kind.PUBLISH, idea=idea, moderator=moderator
    )
    record_status(idea, previous, Status.PUBLISHED, action="ideas.publish", user=moderator)
    return idea


@transaction.atomic
def hide(moderator, reason, *, idea=None, comment=None):
    """Hide an idea or a comment; its author is told the reason."""
    _require_moderator(moderator)
    reason = reason.strip()
    if not reason:
        raise IdeaError(_("Please give a reason; it is sent to the author."))
    if comment is not None:
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.is_hidden:
            raise IdeaError(_("This comment is already hidden."))
        comment.is_hidden, comment.hidden_reason = True, reason
        comment.save(update_fields=["is_hidden", "hidden_reason"])
        Idea.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") - 1)
        author, idea_pk = comment.author, comment.idea_id
    else:
        idea = _locked(idea)
        if idea.is_hidden:
            raise IdeaError(_("This idea is already hidden."))
        idea.is_hidden, idea.hidden_reason = True, reason
        idea.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
        author, idea_pk = idea.author, idea.pk
    _resolve_flags(moderator, idea=idea, comment=comment)
    action = ModerationAction.objects.create(
        kind=ModerationAction.Kind.HIDE,
        idea=idea,
        comment=comment,
        target_user=author,
        moderator=moderator,
        reason=reason,
    )
    record_moderation(action, "ideas.hide")
    notify(
        author,
        ContentHiddenEmail,
        dedupe_key=f"idea-hidden-{action.pk}",
        idea=idea_pk,
        comment=comment.pk if comment else None,
        reason=reason,
    )
    return action


@transaction.atomic
def restore(moderator, *, idea=None, comment=None, reason=""):
    _require_moderator(moderator)
    if comment is not None:
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if not comment.is_hidden:
            raise IdeaError(_("This comment is not hidden."))
        comment.is_hidden, comment.hidden_reason = False, ""
        comment.save(update_fields=["is_hidden", "hidden_reason"])
        Idea.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") + 1)
    else:
        idea = _locked(idea)
        if not idea.is_hidden:
            raise IdeaError(_("This idea is not hidden."))
        idea.is_hidden, idea.hidden_reason = False, ""
        idea.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    action = ModerationAction.objects.create(
        kind=ModerationAction.Kind.RESTORE,
        idea=idea,
        comment=comment,
        moderator=moderator,
        reason=reason,
    )
    record_moderation(action, "ideas.restore")
    return action


@transaction.atomic
def dismiss_flags(moderator, *, idea=None, comment=None, reason=""):
    """The flagged item is fine: close its flags without hiding it."""
    _require_moderator(moderator)
    _resolve_flags(moderator, idea=idea, comment=comment)
    action = ModerationAction.objects.create(
        kind=ModerationAction.Kind.DISMISS,
        idea=idea,
        comment=comment,
        moderator=moderator,
        reason=reason,
    )
    record_moderation(action, "ideas.dismiss_flags")
    return action


@transaction.atomic
def block_user(moderator, user, reason):
    _require_moderator(moderator)
    reason = reason.strip()
    if not reason:
        raise IdeaError(_("Please give a reason for blocking this person."))
    if user.pk == moderator.pk:
        raise IdeaError(_("You cannot block yourself."))
    PostingBlock.objects.update_or_create(
        user=user, defaults={"reason": reason, "blocked_by": moderator}
    )
    action = ModerationAction.objects.create(
        kind=ModerationAction.Kind.BLOCK, target_user=user, moderator=moderator, reason=reason
    )
    record_moderation(action, "ideas.block")
    return action


@transaction.atomic
def unblock_user(moderator, user, reason=""):
    _require_moderator(moderator)
    if not PostingBlock.objects.filter(user=user).delete()[0]:
        raise IdeaError(_("This person is not blocked."))
    action = ModerationAction.objects.create(
        kind=ModerationAction.Kind.UNBLOCK, target_user=user, moderator=moderator, reason=reason
    )
    record_moderation(action, "ideas.unblock")
    return action


# Status and answers ---------------------------------------------------------------


def _set_status(idea, to_status, *, actor=None, answer=""):
    change = StatusChange.objects.create(
        idea=idea, from_status=idea.status, to_status=to_status, answer=answer, actor=actor
    )
    idea.status = to_status
    idea.save()
    _notify_status(idea, change, except_user=actor)
    return idea


def _notify_status(idea, change, *, except_user=None, followers=None):
    """Tell the idea's followers (or ``followers``, read earlier) about a status change."""
    notify_followers(
        _followers(IdeaFollow.objects.filter(idea=idea)) if followers is None else followers,
        IdeaStatusEmail,
        dedupe_key=f"idea-status-{change.pk}-{{user_id}}",
        except_users=[except_user],
        idea=idea.pk,
        change=change.pk,
    )


@transaction.atomic
def decide(idea, staff_member, to_status, answer):
    """Staff move an idea to a decision status, with the official answer."""
    if not rules.can_decide(staff_member):
        raise IdeaError(_("Only staff can change an idea's status."))
    idea = _locked(idea)
    if to_status not in Idea.DECISIONS:
        raise IdeaError(_("Choose one of the decision statuses."))
    if idea.status in (Status.AWAITING, Status.WITHDRAWN, Status.MERGED):
        raise IdeaError(
            _("An idea that is %(status)s cannot be given a decision.")
            % {"status": idea.get_status_display().lower()}
        )
    if idea.status == to_status:
        raise IdeaError(_("The idea already has this status."))
    if not answer.strip():
        raise IdeaError(
            _("Please write the public reason for declining.")
            if to_status == Status.DECLINED
            else _("Please write the official answer that goes with this decision.")
        )
    previous = idea.status
    _set_status(idea, to_status, actor=staff_member, answer=answer)
    record_status(idea, previous, to_status, action="ideas.decide", user=staff_member)
    return idea


@transaction.atomic
def merge(source, target, staff_member, answer=""):
    """Merge ``source`` into ``target``: votes and followers move without double-counting.

    A person who voted for both keeps one vote on the target (and gets the other back in
    the campaign's budget); each moved vote keeps its weight in the trending score.
    """
    if not rules.can_decide(staff_member):
        raise IdeaError(_("Only staff can merge ideas."))
    if source.pk == target.pk:
        raise IdeaError(_("An idea cannot be merged into itself."))
    first, second = sorted([source.pk, target.pk])  # lock in a fixed order: no deadlock
    locked = {
        idea.pk: idea
        for idea in Idea.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .filter(pk__in=[first, second])
    }
    source, target = locked[source.pk], locked[target.pk]
    if source.campaign_id != target.campaign_id:
        raise IdeaError(_("Ideas can only be merged within the same campaign."))
    inactive = (Status.AWAITING, Status.MERGED, Status.WITHDRAWN)
    if source.status in inactive or target.status in inactive:
        raise IdeaError(_("Only public, active ideas can be merged."))

    target_voters = Vote.objects.filter(idea=target).values("user_id")
    duplicates = Vote.objects.filter(idea=source, user_id__in=target_voters)
    twice = list(duplicates.values_list("user_id", flat=True))
    duplicates.delete()
    Vote.objects.filter(idea=source).update(idea=target)
    if twice and source.campaign_id and source.campaign.vote_budget:
        VoteBudget.objects.filter(
            campaign_id=source.campaign_id, user_id__in=twice, used__gt=0
        ).update(used=F("used") - 1)
    totals = Vote.objects.filter(idea=target).aggregate(count=Count("pk"), score=Sum("weight"))
    Idea.objects.filter(pk=target.pk).update(
        vote_count=totals["count"], trending_score=totals["score"] or 0.0
    )
    Idea.objects.filter(pk=source.pk).update(vote_count=0, trending_score=0.0)

    target_followers = IdeaFollow.objects.filter(idea=target).values("user_id")
    source_followers = _followers(IdeaFollow.objects.filter(idea=source))
    IdeaFollow.objects.filter(idea=source).exclude(user_id__in=target_followers).update(idea=target)
    source.merged_into = target
    change = StatusChange.objects.create(
        idea=source,
        from_status=source.status,
        to_status=Status.MERGED,
        answer=answer,
        actor=staff_member,
    )
    previous = source.status
    source.status = Status.MERGED
    source.vote_count, source.trending_score = 0, 0.0
    source.save()
    record_status(
        source,
        previous,
        Status.MERGED,
        action="ideas.merge",
        user=staff_member,
        into=target.title,
        into_id=target.pk,
        target_votes=totals["count"],
    )
    # The source's followers now follow the target; tell them where their idea went.
    _notify_status(source, change, except_user=staff_member, followers=source_followers)
    target.refresh_from_db()
    return target
