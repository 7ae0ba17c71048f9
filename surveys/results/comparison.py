"""A pre survey set beside its post survey: the shares of each option of matched choice
questions, the means of matched rating and number questions, overall and per segment.

By default every response counts (the stored tallies). ``segments`` limits both sides to
responses carrying one of those segments (a youth program's sessions), and ``paired``
to the people who answered both surveys: responses whose ``pair_key`` (``surveys.pairing``)
is found on both sides, so a change is not an artefact of who happened to answer which
survey. Limited comparisons are counted by the database over those responses.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils.translation import gettext as _

from .. import charts, tallies
from ..models import Answer, Response
from ..questions import CHOICE_KINDS
from .numbers import format_number, mean_from_counts, share, signed
from .summary import SCALE_KINDS


@dataclass
class ComparedOption:
    label: str
    pre: float  # share in %
    post: float
    pre_count: int = 0
    post_count: int = 0

    @property
    def change(self):
        """The change in percentage points."""
        return self.post - self.pre

    @property
    def change_text(self):
        return signed(self.change, 1)


@dataclass
class ComparedMean:
    pre: float | None
    post: float | None
    pre_n: int = 0
    post_n: int = 0

    @property
    def change(self):
        if self.pre is None or self.post is None:
            return None
        return self.post - self.pre

    @property
    def change_text(self):
        return "" if self.change is None else signed(self.change, 2)

    @property
    def pre_text(self):
        return format_number(self.pre)

    @property
    def post_text(self):
        return format_number(self.post)


@dataclass
class Comparison:
    """One matched pair of questions: overall and per segment."""

    pre_question: object
    post_question: object
    kind: str  # "choice", "mean" or "" (cannot be compared)
    overall: object = None  # [ComparedOption] or ComparedMean
    by_segment: list = field(default_factory=list)  # [(segment, [ComparedOption] | ComparedMean)]
    problem: str = ""
    pre_answered: int = 0
    post_answered: int = 0
    # {segment: (answered the pre question, answered the post question)}
    segment_answered: dict = field(default_factory=dict)

    @property
    def chart(self):
        chart_id = f"chart-compare-{self.post_question.number}"
        title = _("Pre and post answers to question %(number)s: %(label)s") % {
            "number": self.post_question.number,
            "label": self.post_question.label,
        }
        if self.kind == "choice":
            rows = [
                (
                    option.label,
                    option.pre / 100,
                    option.post / 100,
                    format_number(option.pre, 1) + "\u00a0%",
                    format_number(option.post, 1) + "\u00a0%",
                )
                for option in self.overall
            ]
            return charts.paired_chart(chart_id, title, rows)
        if self.kind == "mean":
            mean = self.overall
            if self.post_question.kind == "rating":
                top = max(self.post_question.scale_max, self.pre_question.scale_max)
            else:
                top = max(abs(mean.pre or 0), abs(mean.post or 0))
            rows = [
                (
                    _("Mean"),
                    (mean.pre or 0) / top if top else 0,
                    (mean.post or 0) / top if top else 0,
                    mean.pre_text or "–",
                    mean.post_text or "–",
                )
            ]
            return charts.paired_chart(chart_id, title, rows)
        return ""


def _label_key(label):
    return " ".join(str(label).split()).casefold()


def _choice_shares(question, counts):
    """{label key: (count, share)} for a choice question over ``counts``."""
    answered = counts[(question.id, tallies.ANSWERED, "", 0.0)]
    return {
        _label_key(option.label): (
            counts[(question.id, option.id, "", 0.0)],
            share(counts[(question.id, option.id, "", 0.0)], answered),
        )
        for option in question.all_options
    }


def _mean(question, counts):
    values = sorted(
        (number, count)
        for (qid, option, row, number), count in counts.items()
        if qid == question.id and option == "" and row == ""
    )
    return mean_from_counts(values), sum(count for _value, count in values)


def compare_choice(pre_question, post_question, pre_counts, post_counts, labels):
    pre = _choice_shares(pre_question, pre_counts)
    post = _choice_shares(post_question, post_counts)
    compared = []
    for key, label in labels:
        pre_count, pre_share = pre.get(key, (0, 0.0))
        post_count, post_share = post.get(key, (0, 0.0))
        compared.append(ComparedOption(label, pre_share, post_share, pre_count, post_count))
    return compared


def compare_mean(pre_question, post_question, pre_counts, post_counts):
    pre_mean, pre_n = _mean(pre_question, pre_counts)
    post_mean, post_n = _mean(post_question, post_counts)
    return ComparedMean(pre_mean, post_mean, pre_n, post_n)


def _option_labels(pre_question, post_question, post_labels):
    """(label key, label shown) of every option in either question, post options first;
    options are the same when their labels are (ignoring case and spacing)."""
    labels, seen = [], set()
    for option in post_question.all_options:
        key = _label_key(option.label)
        if key not in seen:
            seen.add(key)
            labels.append((key, post_labels.get(option.id, option.label)))
    for option in pre_question.all_options:
        key = _label_key(option.label)
        if key not in seen:
            seen.add(key)
            labels.append((key, option.label))
    return labels


def counts_by_segment(survey, question_ids, responses=None):
    """{segment: Counter of keys} for the named segments of ``survey``, limited to
    ``question_ids`` (and to ``responses``, a ``Response`` queryset, when given), in three
    queries whatever the number of segments."""
    by_segment = {}
    answers = Answer.objects.filter(survey=survey, question__in=question_ids).exclude(
        response__segment=""
    )
    if responses is None:
        responses = Response.objects.filter(survey=survey)
    else:
        answers = answers.filter(response__in=responses.values("pk"))
    segment_counts = (
        responses.exclude(segment="").values("segment").annotate(n=Count("pk")).order_by()
    )
    for row in segment_counts:
        by_segment.setdefault(row["segment"], Counter())[tallies.RESPONSES] = row["n"]
    answered = (
        answers.values("response__segment", "question")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    for row in answered:
        counter = by_segment.setdefault(row["response__segment"], Counter())
        counter[(row["question"], tallies.ANSWERED, "", 0.0)] = row["n"]
    groups = (
        answers.values("response__segment", "question", "option", "row", "number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in groups:
        counter = by_segment.setdefault(row["response__segment"], Counter())
        number = float(row["number"]) if row["number"] is not None else 0.0
        counter[(row["question"], row["option"], row["row"], number)] += row["n"]
    return by_segment


def compared_responses(pre_source, post_source, *, segments=None, paired=False):
    """The responses of each side a limited comparison counts (querysets, not run)."""
    pre = Response.objects.filter(survey=pre_source)
    post = Response.objects.filter(survey=post_source)
    if segments is not None:
        pre = pre.filter(segment__in=list(segments))
        post = post.filter(segment__in=list(segments))
    if paired:
        pre_keys = pre.exclude(pair_key="").values("pair_key")
        post_keys = post.exclude(pair_key="").values("pair_key")
        pre, post = pre.filter(pair_key__in=post_keys), post.filter(pair_key__in=pre_keys)
    return pre, post


def _matched_pairs(pre_source, post_source, matches):
    """(pre question, post question) of each match whose two numbers exist."""
    pre_structure, post_structure = pre_source.structure, post_source.structure
    pairs = []
    for pre_number, post_number in matches:
        pre_q = pre_structure.by_number.get(pre_number)
        post_q = post_structure.by_number.get(post_number)
        if pre_q is not None and post_q is not None:
            pairs.append((pre_q, post_q))
    return pairs


def compare(pre_page, post_page, matches, *, segments=None, paired=False):
    """The comparisons of ``matches`` ([(pre number, post number)]) between the responses
    to ``pre_page`` and to ``post_page`` (labels in those pages' languages).

    ``segments`` (names) limits both sides to the responses of those segments; ``paired``
    to responses whose pair key answered the other survey too (then the two response
    counts returned are both the number of pairs)."""
    pre_source, post_source = pre_page.source, post_page.source
    pairs = _matched_pairs(pre_source, post_source, matches)
    pre_ids = [pre_q.id for pre_q, _post_q in pairs]
    post_ids = [post_q.id for _pre_q, post_q in pairs]
    if segments is None and not paired:
        pre_counts = tallies.stored_counts(pre_source.pk)
        post_counts = tallies.stored_counts(post_source.pk)
        pre_segments = counts_by_segment(pre_source, pre_ids)
        post_segments = counts_by_segment(post_source, post_ids)
    else:
        pre_responses, post_responses = compared_responses(
            pre_source, post_source, segments=segments, paired=paired
        )
        pre_segments = counts_by_segment(pre_source, pre_ids, pre_responses)
        post_segments = counts_by_segment(post_source, post_ids, post_responses)
        if segments is not None and "" not in segments:
            pre_counts, post_counts = _summed(pre_segments), _summed(post_segments)
        else:
            pre_counts = tallies.computed_counts(pre_source.pk, pre_responses)
            post_counts = tallies.computed_counts(post_source.pk, post_responses)
    return _comparisons(
        pre_page, post_page, pairs, (pre_counts, post_counts), (pre_segments, post_segments)
    )


def _summed(by_segment):
    """The whole of responses that are each in exactly one segment: the sum of the
    segments' counts (distinct respondents included)."""
    return sum(by_segment.values(), Counter())


def compare_everyone_and_pairs(pre_page, post_page, matches, segments):
    """``compare(…, segments=segments)`` and ``compare(…, segments=segments, paired=True)``
    at once, for half the work: each side's answers are read in one pass, grouped by
    segment and by whether the response's pair key answered the other side (a youth
    program's results: session by session, and the change over its pairs)."""
    segments = [segment for segment in segments if segment]
    pre_source, post_source = pre_page.source, post_page.source
    pairs = _matched_pairs(pre_source, post_source, matches)
    pre, post = compared_responses(pre_source, post_source, segments=segments)
    pre_all, pre_paired = counts_by_segment_and_pairing(
        pre_source, [pre_q.id for pre_q, _post_q in pairs], pre, post
    )
    post_all, post_paired = counts_by_segment_and_pairing(
        post_source, [post_q.id for _pre_q, post_q in pairs], post, pre
    )
    everyone = _comparisons(
        pre_page,
        post_page,
        pairs,
        (_summed(pre_all), _summed(post_all)),
        (pre_all, post_all),
    )
    paired = _comparisons(
        pre_page,
        post_page,
        pairs,
        (_summed(pre_paired), _summed(post_paired)),
        (pre_paired, post_paired),
    )
    return everyone, paired


def counts_by_segment_and_pairing(survey, question_ids, responses, other_side):
    """({segment: Counter} of every response of ``responses``, {segment: Counter} of those
    whose pair key is among ``other_side``'s), from three queries over the answers."""
    kinds = {q.id: q.kind for q in survey.structure.questions}
    partner_keys = other_side.exclude(pair_key="").values("pair_key")
    is_paired = ExpressionWrapper(
        Q(pair_key__in=partner_keys) & ~Q(pair_key=""), output_field=BooleanField()
    )
    everyone, paired = {}, {}

    def counters(segment, pair):
        found = everyone.setdefault(segment, Counter())
        return (found, paired.setdefault(segment, Counter())) if pair else (found,)

    for row in (
        responses.annotate(paired=is_paired)
        .values("segment", "paired")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        for counter in counters(row["segment"], row["paired"]):
            counter[tallies.RESPONSES] += row["n"]
    answers = Answer.objects.filter(
        survey=survey, question__in=question_ids, response__in=responses.values("pk")
    ).annotate(
        paired=ExpressionWrapper(
            Q(response__pair_key__in=partner_keys) & ~Q(response__pair_key=""),
            output_field=BooleanField(),
        )
    )
    groups = (
        answers.values("response__segment", "paired", "question", "option", "row", "number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in groups:
        number = float(row["number"]) if row["number"] is not None else 0.0
        key = (row["question"], row["option"], row["row"], number)
        one_row = kinds.get(row["question"]) in tallies.ONE_ROW_KINDS
        for counter in counters(row["response__segment"], row["paired"]):
            counter[key] += row["n"]
            if one_row:  # one row per respondent: the rows are the people answering
                counter[(row["question"], tallies.ANSWERED, "", 0.0)] += row["n"]
    several_rows = [qid for qid in question_ids if kinds.get(qid) not in tallies.ONE_ROW_KINDS]
    if several_rows:
        answered = (
            answers.filter(question__in=several_rows)
            .values("response__segment", "paired", "question")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        )
        for row in answered:
            key = (row["question"], tallies.ANSWERED, "", 0.0)
            for counter in counters(row["response__segment"], row["paired"]):
                counter[key] += row["n"]
    return everyone, {segment: counter for segment, counter in paired.items() if counter}


def _comparisons(pre_page, post_page, pairs, counts, segment_counts):
    """``compare``'s answer from the counts of each side, whole and by segment."""
    pre_counts, post_counts = counts
    pre_segments, post_segments = segment_counts
    found_segments = sorted(set(pre_segments) | set(post_segments))
    shown_pre = pre_page.structure.by_id
    shown_post = post_page.structure.by_id
    comparisons = []
    for pre_q, post_q in pairs:
        shown_pre_q = shown_pre.get(pre_q.id, pre_q)
        shown_post_q = shown_post.get(post_q.id, post_q)
        comparison = Comparison(
            shown_pre_q,
            shown_post_q,
            "",
            pre_answered=pre_counts[(pre_q.id, tallies.ANSWERED, "", 0.0)],
            post_answered=post_counts[(post_q.id, tallies.ANSWERED, "", 0.0)],
        )
        comparison.segment_answered = {
            segment: (
                pre_segments.get(segment, Counter())[(pre_q.id, tallies.ANSWERED, "", 0.0)],
                post_segments.get(segment, Counter())[(post_q.id, tallies.ANSWERED, "", 0.0)],
            )
            for segment in found_segments
        }
        if pre_q.kind in CHOICE_KINDS and post_q.kind in CHOICE_KINDS:
            post_labels = {option.id: option.label for option in shown_post_q.all_options}
            labels = _option_labels(pre_q, post_q, post_labels)
            comparison.kind = "choice"
            comparison.overall = compare_choice(pre_q, post_q, pre_counts, post_counts, labels)
            comparison.by_segment = [
                (
                    segment,
                    compare_choice(
                        pre_q,
                        post_q,
                        pre_segments.get(segment, Counter()),
                        post_segments.get(segment, Counter()),
                        labels,
                    ),
                )
                for segment in found_segments
            ]
        elif pre_q.kind in SCALE_KINDS and post_q.kind in SCALE_KINDS:
            comparison.kind = "mean"
            comparison.overall = compare_mean(pre_q, post_q, pre_counts, post_counts)
            comparison.by_segment = [
                (
                    segment,
                    compare_mean(
                        pre_q,
                        post_q,
                        pre_segments.get(segment, Counter()),
                        post_segments.get(segment, Counter()),
                    ),
                )
                for segment in found_segments
            ]
        else:
            comparison.problem = _(
                "These questions cannot be compared: only choice questions (shares of each "
                "option) and rating or number questions (means) can."
            )
        comparisons.append(comparison)
    return (
        comparisons,
        found_segments,
        pre_counts[tallies.RESPONSES],
        post_counts[tallies.RESPONSES],
    )
