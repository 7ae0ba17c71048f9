"""Insert 50,000 ideas, 1,000,000 votes and 200,000 comments in a few bulk statements.

At ``volume`` ideas the seed adds ``VOTES_PER_IDEA * volume`` votes from
``volume / IDEAS_PER_VOTER`` residents (at least 200) and ``COMMENTS_PER_IDEA * volume`` comments (a
quarter of them replies), in two open campaigns and the general box:

* statuses in a realistic mix (mostly published; some under review, decided, withdrawn,
  merged; 3% awaiting moderation and 1% hidden, which the public lists leave out);
* votes follow a long tail (a few ideas have thousands, most a handful); each vote has a
  time between its idea's publication and now and the weight ``vote_weight(time)``, and
  each idea's ``vote_count`` and ``trending_score`` are exactly its votes' count and sum;
* comments follow a long tail too, and one idea (``HOT_TITLE``) gets
  ``COMMENTS_PER_IDEA * volume // HOT_SHARE`` of them (500 at full volume): the idea
  page the ``ideas-detail`` scenario measures; ``comment_count`` counts visible ones;
* every idea has its "submitted" history entry, decided ones their decisions, tags (one
  or two of ten) and its author as a follower.

Rows are generated in Python with explicit primary keys (so votes and replies can name
their idea and parent without reading anything back) and written with one multi-row
``executemany`` per batch on SQLite and ``COPY … FROM STDIN`` on PostgreSQL; the
sequences are reset afterwards, and on PostgreSQL the three big tables are vacuumed, as
autovacuum soon would be. The search index is not filled (no scenario searches).

Every ideas scenario seeds the same data, so the first one at a given volume keeps a
copy of the seeded database and the others start from that copy instead of seeding again
(a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL; dropped at exit).
"""

import json
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale

from bench import database
from bench.pages import bulk_add_children, home_page
from bench.text import make_rng, sentence, title
from engage.neighborhoods.models import Neighborhood
from ideas.models import (
    Comment,
    Idea,
    IdeaCampaignPage,
    IdeaFollow,
    IdeasIndexPage,
    Moderation,
    StatusChange,
    TaggedIdea,
    Vote,
    vote_weight,
)

VOLUME = 50_000
VOTES_PER_IDEA = 20  # 1,000,000 votes at full volume
COMMENTS_PER_IDEA = 4  # 200,000 comments at full volume
IDEAS_PER_VOTER = 2.5  # 20,000 residents at full volume
HOT_SHARE = 400  # the most discussed idea has 1/400 of the comments (500 at full volume)
BATCH_SIZE = 5_000
SEED = 20_260_404
HOT_TITLE = "Bench: the most discussed idea"
CAMPAIGN_SLUGS = ("bench-campaign-parks", "bench-campaign-streets")
VOTER_EMAIL = "bench-voter-{}@example.org"
TAGS = [
    "benches", "trees", "lighting", "playgrounds", "crossings", "bike lanes", "buses",
    "trash", "libraries", "accessibility",
]  # fmt: skip

Status = Idea.Status
# (status, weight): what the public lists see, and what they leave out (awaiting, hidden).
STATUSES = [
    (Status.PUBLISHED, 70),
    (Status.UNDER_REVIEW, 8),
    (Status.ACCEPTED, 4),
    (Status.IN_PROGRESS, 3),
    (Status.IMPLEMENTED, 3),
    (Status.DECLINED, 4),
    (Status.WITHDRAWN, 2),
    (Status.MERGED, 1),
    (Status.AWAITING, 3),
]
HIDDEN_SHARE = 0.01
# Where ideas go: the two campaigns and the general box (None).
PLACES = [(0, 40), (1, 30), (None, 30)]


# Writing rows ----------------------------------------------------------------------------


def _columns(model, names):
    return [model._meta.get_field(name).column for name in names]


def insert_rows(model, names, rows):
    """Write ``rows`` (tuples, in the order of the field ``names``) into ``model``'s table.

    Values must already be what the database takes: datetimes through ``db_datetime``.
    ``rows`` may be a generator, but one that runs no query: on PostgreSQL it is read
    while the connection is busy with the COPY.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _columns(model, names))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(names))
        # Table and column names come from the models, quoted; the values are parameters.
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH_SIZE:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


@contextmanager
def indexes_built_afterwards(*models):
    """On SQLite, drop the plain indexes of ``models``' tables, and build them at the end.

    Building an index once over a million rows is much faster than updating it a million
    times. Primary keys and unique constraints stay, so they check every row. Not for a
    table that foreign keys point to (comments: replies name their parent): SQLite checks
    a deferred foreign key on each insert into the parent table by looking up the
    referencing rows, which without their index is a scan each time.

    PostgreSQL keeps its indexes: COPY maintains them fast enough, and it cannot build an
    index on a table with foreign key checks still pending (the ideas come last).
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN (SELECT value FROM json_each(%s))",
            [json.dumps([model._meta.db_table for model in models])],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)


def db_datetime(value):
    """A datetime as the database driver takes it (SQLite: Django's text format)."""
    if connection.vendor == "sqlite":
        return connection.ops.adapt_datetimefield_value(value)
    return value


def reset_sequences(*models):
    """After inserting explicit primary keys, the next automatic one must come after them."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def next_id(model):
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


# The places ideas go -----------------------------------------------------------------------


def ideas_index():
    index = IdeasIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        (index,) = bulk_add_children(
            home_page(),
            [IdeasIndexPage(title="Ideas", slug="ideas", general_box_moderation=Moderation.PRE)],
        )
    return index


def campaigns(now):
    """Two open campaigns without vote budget or threshold (as many ideas as residents want)."""
    index = ideas_index()
    existing = {c.slug: c for c in IdeaCampaignPage.objects.filter(slug__in=CAMPAIGN_SLUGS)}
    missing = [
        IdeaCampaignPage(
            title=f"Benchmark campaign {number}",
            slug=slug,
            question="How should we improve the city?",
            opens_at=now - timedelta(days=400),
            moderation=Moderation.POST,
        )
        for number, slug in enumerate(CAMPAIGN_SLUGS, 1)
        if slug not in existing
    ]
    bulk_add_children(index, missing)
    return list(IdeaCampaignPage.objects.filter(slug__in=CAMPAIGN_SLUGS).order_by("slug"))


# People -------------------------------------------------------------------------------------


def residents(count, now):
    """``count`` residents who cannot log in (no usable password): the voters and authors."""
    User = get_user_model()
    first = next_id(User)
    joined = db_datetime(now - timedelta(days=500))
    names = [
        "password", "last_login", "is_superuser", "first_name", "last_name", "is_staff",
        "is_active", "date_joined", "email", "display_name", "home_neighborhood_id",
        "preferred_language", "email_notifications",
    ]  # fmt: skip
    rows = (
        (
            first + n, "!", None, False, "", "", False, True, joined,
            VOTER_EMAIL.format(first + n), f"Resident {first + n}", None,
            "es" if n % 5 == 0 else "en", True,
        )
        for n in range(count)
    )  # fmt: skip
    insert_rows(User, ["id", *names], rows)
    reset_sequences(User)
    return list(range(first, first + count))


# Ideas, votes, comments -------------------------------------------------------------------


def long_tail(rng, count, total, cap):
    """``count`` whole numbers summing to ``total``, most small and a few large, each <= cap."""
    if count * cap < total:
        raise ValueError(f"{total} cannot be shared among {count} at most {cap} each.")
    if count == 0:
        return []
    weights = [rng.paretovariate(1.2) for _ in range(count)]
    scale = total / sum(weights)
    numbers = [min(cap, int(w * scale)) for w in weights]
    short = total - sum(numbers)
    position = 0
    while short > 0:
        if numbers[position % count] < cap:
            numbers[position % count] += 1
            short -= 1
        position += 1
    return numbers


def _decisions(status):
    """The history after "submitted" (and "published") that leads to ``status``."""
    if status in (Status.AWAITING, Status.PUBLISHED, Status.WITHDRAWN, Status.MERGED):
        return [status] if status in (Status.WITHDRAWN, Status.MERGED) else []
    if status == Status.UNDER_REVIEW:
        return [Status.UNDER_REVIEW]
    if status == Status.DECLINED:
        return [Status.UNDER_REVIEW, Status.DECLINED]
    path = [Status.UNDER_REVIEW, Status.ACCEPTED, Status.IN_PROGRESS, Status.IMPLEMENTED]
    return path[: path.index(status) + 1]


class Clock:
    """The hours of the past year, each with its time as the database takes it and the
    trending weight of a vote cast then: times are drawn as hours (computing a datetime,
    its text and its weight a million times would dominate the seed)."""

    HOURS = 365 * 24

    def __init__(self, now):
        start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=self.HOURS)
        self.times = [start + timedelta(hours=h) for h in range(self.HOURS)]
        self.text = [db_datetime(t) for t in self.times]
        self.weight = [vote_weight(t) for t in self.times]


@transaction.atomic
def seed_ideas(volume, seed=SEED):
    """Insert ``volume`` ideas with their votes, comments, history, tags and follows."""
    rng = make_rng(seed)
    random = rng.random
    now = timezone.now()
    clock = Clock(now)
    hours = clock.HOURS
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # this connection only: room for the indexes
            cursor.execute("PRAGMA cache_size = -262144")
    places = campaigns(now)
    neighborhoods = list(Neighborhood.objects.values_list("pk", flat=True)) or [None]
    people = residents(max(200, int(volume / IDEAS_PER_VOTER)), now)
    first_person, people_count = people[0], len(people)
    titles = [title(rng) for _ in range(500)]
    sentences = [sentence(rng) for _ in range(500)]

    statuses, status_weights = zip(*STATUSES, strict=True)
    place_choices, place_weights = zip(*PLACES, strict=True)
    first_idea = next_id(Idea)
    ideas = []
    last_in_place = {}
    for n in range(volume):
        idea_id = first_idea + n
        place = rng.choices(place_choices, place_weights)[0]
        campaign_id = places[place].pk if place is not None else None
        status = rng.choices(statuses, status_weights)[0] if n else Status.PUBLISHED
        if status == Status.MERGED and campaign_id not in last_in_place:
            status = Status.PUBLISHED  # nothing to merge into yet
        hidden = n > 0 and status != Status.AWAITING and random() < HIDDEN_SHARE
        ideas.append(
            {
                "id": idea_id,
                "campaign_id": campaign_id,
                "author_id": rng.choice(people),
                "status": status,
                "hour": rng.randrange(hours - 1),  # submitted (and published) then
                "is_hidden": hidden,
                "merged_into_id": last_in_place[campaign_id] if status == Status.MERGED else None,
                "title": titles[n % len(titles)] if n else HOT_TITLE,
                "neighborhood_id": rng.choice(neighborhoods),
                "vote_count": 0,
                "comment_count": 0,
                "trending_score": 0.0,
            }
        )
        if status not in (Status.MERGED, Status.AWAITING, Status.WITHDRAWN):
            last_in_place[campaign_id] = idea_id
    hot = ideas[0]  # published, visible: the idea page the detail scenario measures

    # Votes: only on ideas that take them (awaiting and merged ideas have none), each
    # from a different resident (a run of consecutive ones), cast after publication.
    votable = [i for i in ideas if i["status"] not in (Status.AWAITING, Status.MERGED)]
    counts = long_tail(rng, len(votable), VOTES_PER_IDEA * volume, cap=people_count)

    first_vote = next_id(Vote)  # (not inside the generator: it runs during the COPY)

    def votes():
        vote_id = first_vote
        text, weight = clock.text, clock.weight
        for idea, count in zip(votable, counts, strict=True):
            start = rng.randrange(people_count)
            published, campaign_id, idea_id = idea["hour"], idea["campaign_id"], idea["id"]
            width = hours - published
            score = 0.0
            for k in range(count):
                hour = published + int(width * random())
                score += weight[hour]
                user_id = first_person + (start + k) % people_count
                yield (vote_id, idea_id, user_id, campaign_id, weight[hour], text[hour])
                vote_id += 1
            idea["vote_count"], idea["trending_score"] = count, score

    with indexes_built_afterwards(Vote):
        insert_rows(Vote, ["id", "idea", "user", "campaign", "weight", "created_at"], votes())

    # Comments: a long tail over the public ideas, and the hot idea's share on top; a
    # quarter are replies to an earlier comment of the same idea, 2% are hidden.
    public = [i for i in ideas if i["status"] != Status.AWAITING and not i["is_hidden"]]
    total = COMMENTS_PER_IDEA * volume
    hot_count = max(5, total // HOT_SHARE)
    per_idea = long_tail(rng, len(public), total - hot_count, cap=max(5, hot_count // 2))
    per_idea[public.index(hot)] += hot_count
    bodies = [f"<p>{text}</p>" for text in sentences]

    first_comment = next_id(Comment)

    def comments():
        comment_id = first_comment
        for idea, count in zip(public, per_idea, strict=True):
            threads = []
            width = hours - idea["hour"]
            visible = 0
            for hour in sorted(idea["hour"] + int(width * random()) for _ in range(count)):
                parent = rng.choice(threads) if threads and random() < 0.25 else None
                hidden = idea is not hot and random() < 0.02
                yield (
                    comment_id, idea["id"], first_person + rng.randrange(people_count), parent,
                    bodies[comment_id % len(bodies)], False, hidden,
                    "Off topic." if hidden else "", clock.text[hour], None,
                )  # fmt: skip
                if parent is None:
                    threads.append(comment_id)
                visible += not hidden
                comment_id += 1
            idea["comment_count"] = visible

    comment_fields = [
        "id", "idea", "author", "parent", "body", "is_official", "is_hidden", "hidden_reason",
        "created_at", "edited_at",
    ]  # fmt: skip
    insert_rows(Comment, comment_fields, comments())

    # The ideas themselves, now that their counts are known; a merged idea names a target
    # that comes earlier in the same place.
    insert_rows(
        Idea,
        [
            "id", "campaign", "author", "title", "summary", "body", "neighborhood", "image",
            "image_width", "image_height", "status", "merged_into", "is_hidden",
            "hidden_reason", "vote_count", "comment_count", "trending_score", "created_at",
            "published_at", "updated_at",
        ],
        (
            (
                i["id"], i["campaign_id"], i["author_id"], i["title"],
                sentences[i["id"] % len(sentences)][:300], bodies[i["id"] % len(bodies)],
                i["neighborhood_id"], "", 0, 0, i["status"], i["merged_into_id"],
                i["is_hidden"], "Personal information." if i["is_hidden"] else "",
                i["vote_count"], i["comment_count"], i["trending_score"],
                clock.text[i["hour"]],
                None if i["status"] == Status.AWAITING else clock.text[i["hour"]],
                clock.text[i["hour"]],
            )
            for i in ideas
        ),
    )  # fmt: skip

    # History: submitted (published at once, or awaiting moderation), then the decisions,
    # a few hours apart.
    first_change = next_id(StatusChange)

    def history():
        change_id = first_change
        for idea in ideas:
            first = Status.AWAITING if idea["status"] == Status.AWAITING else Status.PUBLISHED
            hour = idea["hour"]
            for from_status, to_status in [("", first), *_pairs(first, _decisions(idea["status"]))]:
                answer = "<p>The city's answer.</p>" if to_status in Idea.DECISIONS else ""
                yield (
                    change_id, idea["id"], from_status, to_status, answer, None,
                    clock.text[min(hour, hours - 1)],
                )  # fmt: skip
                change_id += 1
                hour += 1

    insert_rows(
        StatusChange,
        ["id", "idea", "from_status", "to_status", "answer", "actor", "created_at"],
        history(),
    )

    # Tags (one or two of ten per idea) and the author following their idea.
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": name.replace(" ", "-")})[0].pk
        for name in TAGS
    ]
    tagged_id, follow_id = next_id(TaggedIdea), next_id(IdeaFollow)
    tag_rows, follow_rows = [], []
    for idea in ideas:
        for tag_id in rng.sample(tags, rng.randint(1, 2)):
            tag_rows.append((tagged_id, tag_id, idea["id"]))
            tagged_id += 1
        follow_rows.append((follow_id, idea["id"], idea["author_id"], clock.text[idea["hour"]]))
        follow_id += 1
    insert_rows(TaggedIdea, ["id", "tag", "content_object"], tag_rows)
    insert_rows(IdeaFollow, ["id", "idea", "user", "created_at"], follow_rows)
    reset_sequences(Idea, Vote, Comment, StatusChange, TaggedIdea, IdeaFollow)
    return ideas


def _pairs(first, statuses):
    previous = first
    for status in statuses:
        yield previous, status
        previous = status


# What the scenarios request ------------------------------------------------------------------


def hot_idea():
    return Idea.objects.get(title=HOT_TITLE)


def campaign_url():
    return IdeaCampaignPage.objects.get(slug=CAMPAIGN_SLUGS[0]).url


# One seed for every ideas scenario ------------------------------------------------------------

# Ideas, votes and comments vacuumed (PostgreSQL 13+): with the visibility map set,
# counting the listed ideas is an index-only scan.
_seeded = database.SeededCopies("ideas", seed_ideas, ["ideas_idea", "ideas_vote", "ideas_comment"])


def seed(volume):
    """What each ideas scenario's ``seed(volume)`` does: seed once per volume, then copy."""
    _seeded.seed(volume)


def expected_totals(volume):
    """(votes, comments) the seed writes at ``volume`` ideas."""
    return VOTES_PER_IDEA * volume, COMMENTS_PER_IDEA * volume


# Checks -------------------------------------------------------------------------------------


def check_list(response, sort):
    """The page lists ideas, the first one being the top idea for ``sort``."""
    html = response.content.decode()
    top = Idea.objects.visible().sorted_by(sort).first()
    listed = html.count('class="idea-card ')
    assert listed > 0, "No idea is listed."
    assert f'href="{top.get_absolute_url()}"' in html, f"The top idea by {sort} is not listed."
    return f"{listed} ideas listed, led by #{top.pk} ({top.vote_count} votes)"
