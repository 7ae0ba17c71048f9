"""Ideas: campaigns (pages) and what residents do in them (plain models).

A campaign is content staff publish, so it is a Wagtail page. Ideas, votes, comments and
flags are transactional data written by residents, so they are plain models. Counts that
people see (``vote_count``, ``comment_count``) are stored on the idea and only ever
changed by ``F()`` updates in the same transaction as the row they count, so they stay
exact under concurrent voting; the unique constraints below are what make a second vote
impossible, whatever the timing.
"""

import math
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale
from wagtail.search import index

from engage.core import page_cache
from engage.core.models import IntroBodyPage


class Moderation(models.TextChoices):
    PRE = "pre", _("Before publishing (a moderator approves each idea)")
    POST = "post", _("After publishing (ideas appear at once; moderators act on flags)")


# Paths under /<language>/ideas/ that belong to Django views, not to campaign pages.
RESERVED_SLUGS = {"new", "similar", "comments", "feed", "open-data.json"}


class IdeasIndexPage(IntroBodyPage):
    """The Ideas section: every campaign, every idea, and the general idea box."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    general_box_open = models.BooleanField(
        _("general idea box open"),
        default=True,
        help_text=_("Residents may submit ideas outside any campaign."),
    )
    general_box_moderation = models.CharField(
        _("moderation of the general box"),
        max_length=4,
        choices=Moderation.choices,
        default=Moderation.PRE,
    )

    content_panels = IntroBodyPage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("general_box_open"), FieldPanel("general_box_moderation")],
            heading=_("General idea box"),
        )
    ]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["ideas.IdeaCampaignPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("ideas index page")

    def get_context(self, request, *args, **kwargs):
        from . import routes  # imported when served: routes imports the models

        context = super().get_context(request, *args, **kwargs)
        context.update(routes.index_page_context(self, request))
        return context


class CampaignSuggestedTag(TaggedItemBase):
    content_object = ParentalKey(
        "ideas.IdeaCampaignPage", on_delete=models.CASCADE, related_name="suggested_tag_items"
    )


class IdeaCampaignPage(IntroBodyPage):
    """A question staff ask residents, with the rules ideas and votes follow."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    question = models.CharField(
        _("question"),
        max_length=255,
        help_text=_("What residents are asked, e.g. “How should we improve parks in Kensington?”"),
    )
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    closes_at = models.DateTimeField(
        _("closes"), null=True, blank=True, help_text=_("Leave empty to keep it open.")
    )
    neighborhoods = ParentalManyToManyField(
        "neighborhoods.Neighborhood",
        blank=True,
        verbose_name=_("neighborhoods"),
        help_text=_("Leave empty for the whole city."),
    )
    moderation = models.CharField(
        _("moderation"), max_length=4, choices=Moderation.choices, default=Moderation.POST
    )
    voting_enabled = models.BooleanField(_("voting on"), default=True)
    vote_budget = models.PositiveSmallIntegerField(
        _("votes per person"),
        null=True,
        blank=True,
        help_text=_("At most this many votes per person in this campaign. Empty: no limit."),
    )
    support_threshold = models.PositiveIntegerField(
        _("support threshold"),
        null=True,
        blank=True,
        help_text=_(
            "An idea with this many votes moves to “under review” by itself, "
            "and staff are told. Empty: no threshold."
        ),
    )
    suggested_tags = ClusterTaggableManager(
        through=CampaignSuggestedTag,
        blank=True,
        verbose_name=_("suggested tags"),
        help_text=_("Offered first to residents submitting an idea."),
    )

    # TitleFieldPanel, as in Page.content_panels: it is what makes the slug follow the
    # title while the page is a draft (Wagtail's w-sync controller).
    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("question"),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Dates")),
        MultiFieldPanel(
            [
                FieldPanel("moderation"),
                FieldPanel("voting_enabled"),
                FieldPanel("vote_budget"),
                FieldPanel("support_threshold"),
            ],
            heading=_("Rules"),
        ),
        FieldPanel("neighborhoods"),
        FieldPanel("suggested_tags"),
        FieldPanel("body"),
    ]
    search_fields = IntroBodyPage.search_fields + [index.SearchField("question")]
    parent_page_types = ["ideas.IdeasIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("idea campaign")

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS or self.slug.isdigit():
            raise ValidationError({"slug": _("This address is reserved; choose another slug.")})
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A campaign must close after it opens.")})

    def canonical(self):
        """The campaign in the default language: ideas and votes always point to it."""
        if self.locale_id == Locale.get_default().pk:
            return self
        return (
            IdeaCampaignPage.objects.filter(
                translation_key=self.translation_key, locale=Locale.get_default()
            ).first()
            or self
        )

    def is_open(self, now=None):
        now = now or timezone.now()
        page_cache.changes_at(self.opens_at, self.closes_at)
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    def has_closed(self, now=None):
        now = now or timezone.now()
        page_cache.changes_at(self.closes_at)
        return self.closes_at is not None and now >= self.closes_at

    def voting_open(self, now=None):
        return self.voting_enabled and self.is_open(now)

    def get_context(self, request, *args, **kwargs):
        from . import routes  # imported when served: routes imports the models

        context = super().get_context(request, *args, **kwargs)
        context.update(routes.campaign_page_context(self, request))
        return context


# Trending: every vote weighs 2^((t - EPOCH) / HALF_LIFE). Ideas are ordered by the sum of
# their votes' weights, which orders them exactly as "votes, each halved for every
# HALF_LIFE of age" would (the common factor 2^(now / HALF_LIFE) cancels out), but it can
# be kept up to date with one atomic addition per vote. Doubles hold it until about 2045.
TRENDING_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
TRENDING_HALF_LIFE_DAYS = 7


def vote_weight(at):
    days = (at - TRENDING_EPOCH).total_seconds() / 86400
    return math.pow(2.0, days / TRENDING_HALF_LIFE_DAYS)


# Ideas the public lists show: published (past moderation, so an idea withdrawn while it
# still awaited moderation never appears) and not hidden. Written once, so the queries and
# the partial indexes below use the very same condition.
LISTED = Q(is_hidden=False, published_at__isnull=False)


class IdeaQuerySet(models.QuerySet):
    def visible(self):
        """What the public lists show: published onwards, not hidden by a moderator."""
        return self.filter(LISTED)

    def awaiting_moderation(self):
        return self.filter(status=Idea.Status.AWAITING, is_hidden=False)

    def in_campaign(self, campaign):
        return self.filter(campaign=campaign.canonical() if campaign else None)

    def sorted_by(self, sort):
        return self.order_by(*SORTS.get(sort, SORTS["trending"]))


SORTS = {
    "trending": ("-trending_score", "-published_at", "-pk"),
    "votes": ("-vote_count", "-published_at", "-pk"),
    "newest": ("-published_at", "-pk"),
    "discussed": ("-comment_count", "-published_at", "-pk"),
}


class TaggedIdea(TaggedItemBase):
    content_object = models.ForeignKey(
        "ideas.Idea", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Idea(index.Indexed, models.Model):
    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        UNDER_REVIEW = "review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")
        DECLINED = "declined", _("Declined")
        # Its own context: Spanish says "fusionada" of an idea, "fusionado" of a report.
        MERGED = "merged", pgettext_lazy("idea", "Merged")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Votes are only taken while staff have not decided yet.
    VOTABLE = (Status.PUBLISHED, Status.UNDER_REVIEW)
    # Statuses staff choose when they decide; each comes with an official answer.
    DECISIONS = (
        Status.UNDER_REVIEW,
        Status.ACCEPTED,
        Status.IN_PROGRESS,
        Status.IMPLEMENTED,
        Status.DECLINED,
    )

    campaign = models.ForeignKey(
        IdeaCampaignPage,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ideas",
        verbose_name=_("campaign"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ideas",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=140)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("description"), help_text=_("Cleaned HTML."))
    tags = TaggableManager(through=TaggedIdea, blank=True, verbose_name=_("tags"))
    neighborhood = models.ForeignKey(
        "neighborhoods.Neighborhood",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        verbose_name=_("neighborhood"),
    )
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    image = models.ImageField(_("image"), upload_to="ideas/%Y/%m/", blank=True)
    image_width = models.PositiveIntegerField(default=0)
    image_height = models.PositiveIntegerField(default=0)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.AWAITING
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_ideas",
        verbose_name=_("merged into"),
    )
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    vote_count = models.PositiveIntegerField(_("votes"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    trending_score = models.FloatField(default=0.0)

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IdeaQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("status"),
        index.FilterField("is_hidden"),
        index.FilterField("campaign_id"),
        index.FilterField("neighborhood_id"),
        index.FilterField("published_at"),
    ]

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        permissions = [
            ("moderate_idea", "Can moderate ideas and comments"),
            ("decide_idea", "Can decide an idea's status and answer officially"),
        ]
        # Partial indexes: the public lists read only listed ideas, in one of four orders.
        indexes = [
            models.Index(fields=list(order), condition=LISTED, name=f"idea_{name}")
            for name, order in (
                ("trending", ("-trending_score", "-published_at")),
                ("votes", ("-vote_count", "-published_at")),
                ("newest", ("-published_at",)),
                ("discussed", ("-comment_count", "-published_at")),
            )
        ] + [
            models.Index(
                fields=["campaign", *order], condition=LISTED, name=f"idea_campaign_{name}"
            )
            for name, order in (
                ("trending", ("-trending_score",)),
                ("votes", ("-vote_count",)),
                ("newest", ("-published_at",)),
                ("discussed", ("-comment_count",)),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="merged_idea_names_its_target",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:detail", kwargs={"pk": self.pk})

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def is_public(self):
        return not self.is_hidden and self.published_at is not None

    @property
    def moderation(self):
        """The moderation rule this idea was submitted under."""
        if self.campaign_id:
            return self.campaign.moderation
        index_page = IdeasIndexPage.objects.first()
        return index_page.general_box_moderation if index_page else Moderation.PRE


class Vote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_votes"
    )
    # Denormalised so the vote budget is one indexed count, and merges can move votes.
    campaign = models.ForeignKey(
        IdeaCampaignPage, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    weight = models.FloatField(help_text="This vote's share of the idea's trending score.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="one_vote_per_person_per_idea")
        ]
        indexes = [models.Index(fields=["user", "campaign"], name="vote_budget")]

    def __str__(self):
        return f"{self.user_id} → {self.idea_id}"


class VoteBudget(models.Model):
    """How many votes a person has used in a campaign with a vote budget.

    The budget is spent with a conditional ``UPDATE … WHERE used < budget``: the database
    row lock makes two simultaneous votes queue up, so the limit can never be overshot.
    """

    campaign = models.ForeignKey(IdeaCampaignPage, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="one_budget_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} used {self.used} in {self.campaign_id}"


class IdeaFollow(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="one_idea_follow_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.idea_id}"


class StatusChange(models.Model):
    """One entry of an idea's public status history, with the official answer."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Idea.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Idea.Status.choices)
    answer = models.TextField(_("official answer"), blank=True, help_text=_("Cleaned HTML."))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status history")

    def __str__(self):
        return f"{self.idea_id}: {self.from_status} → {self.to_status}"


# The idea page lists its comment threads (a top-level comment with its replies) this many
# at a time, oldest first; ``?comments=<n>`` names a page after the first.
COMMENT_THREADS_PER_PAGE = 20
COMMENT_PAGE_PARAM = "comments"


class CommentQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_hidden=False)

    def threads(self):
        """The visible top-level comments: the threads of an idea's comment list."""
        return self.visible().filter(parent=None)


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="idea_comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(_("comment"), help_text=_("Cleaned HTML."))
    is_official = models.BooleanField(_("official reply"), default=False)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["idea", "parent", "created_at"], name="comment_thread")]

    def __str__(self):
        return f"{self.author} on {self.idea_id}"

    def get_absolute_url(self):
        """The comment on the page of its idea's comment list that shows it."""
        page = self.thread_page_number()
        query = f"?{COMMENT_PAGE_PARAM}={page}" if page > 1 else ""
        return f"{self.idea.get_absolute_url()}{query}#comment-{self.pk}"

    def thread_page_number(self):
        """The page of the idea's comment list that shows this comment's thread.

        One COUNT of the visible threads listed before it (the list's order is
        ``created_at, pk``); a reply is on its top-level comment's page.
        """
        if self.parent_id is None:
            thread_pk, started = self.pk, self.created_at
        elif "parent" in self._state.fields_cache:
            thread_pk, started = self.parent_id, self.parent.created_at
        else:  # the thread's start, read in the same query
            thread_pk = self.parent_id
            started = Subquery(Comment.objects.filter(pk=thread_pk).values("created_at")[:1])
        before = (
            Comment.objects.threads()
            .filter(idea_id=self.idea_id)
            .filter(Q(created_at__lt=started) | Q(created_at=started, pk__lt=thread_pk))
            .count()
        )
        return before // COMMENT_THREADS_PER_PAGE + 1


class Flag(models.Model):
    """A resident's report that an idea or comment is inappropriate."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive or hateful")
        PERSONAL = "personal", _("Shares someone's personal information")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.CASCADE)
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_flags"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    details = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("flagged"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=False, comment__isnull=True)
                | Q(idea__isnull=True, comment__isnull=False),
                name="flag_names_one_item",
            ),
            models.UniqueConstraint(
                fields=["reporter", "idea"],
                condition=Q(comment__isnull=True),
                name="one_flag_per_person_per_idea",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(idea__isnull=True),
                name="one_flag_per_person_per_comment",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.reporter_id})"

    @property
    def target(self):
        return self.idea or self.comment


class PostingBlock(models.Model):
    """A person a moderator has stopped from posting ideas and comments."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="idea_posting_block",
        verbose_name=_("person"),
    )
    reason = models.TextField(_("reason"))
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("blocked by"),
    )
    created_at = models.DateTimeField(_("blocked"), default=timezone.now)

    class Meta:
        verbose_name = _("posting block")
        verbose_name_plural = _("posting blocks")

    def __str__(self):
        return str(self.user)


class ModerationAction(models.Model):
    """Who did what to which idea, comment or person, when, and why."""

    class Kind(models.TextChoices):
        PUBLISH = "publish", _("Published")
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        DISMISS = "dismiss", _("Flags dismissed")
        BLOCK = "block", _("User blocked")
        UNBLOCK = "unblock", _("User unblocked")

    kind = models.CharField(_("action"), max_length=10, choices=Kind.choices)
    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("idea")
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("comment")
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderator"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"
