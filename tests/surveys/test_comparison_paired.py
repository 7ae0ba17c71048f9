"""The pre/post comparison limited to some segments and to people who answered both
surveys (their responses share a pair key): what a youth program's results page shows."""

import pytest

from surveys.pairing import pseudonym
from surveys.results.comparison import compare, compare_everyone_and_pairs, compared_responses
from surveys.services import submit_response
from tests.surveys.factories import make_survey, q, raw

MATCHES = [(1, 1), (2, 2)]


def answer(survey, answers, *, segment="", token=""):
    submit_response(
        survey, raw(survey, answers), segment=segment, pair_key=pseudonym(token) if token else ""
    )


@pytest.fixture
def surveys(db):
    pre = make_survey(
        [q.single("Do you know what 311 is?", ["Yes", "No"]), q.rating("How sure are you?")],
        title="Before",
    )
    post = make_survey(
        [q.single("Do you know what 311 is?", ["Yes", "No"]), q.rating("How sure are you?")],
        title="After",
        pre_survey=pre,
    )
    # Program A, first session (pre): four children with handout codes, one without.
    for token, known, sure in [("AAAA", "No", 1), ("BBBB", "No", 2), ("CCCC", "Yes", 3)]:
        answer(pre, {1: known, 2: sure}, segment="A · session 1", token=token)
    answer(pre, {1: "No", 2: 1}, segment="A · session 1", token="DDDD")  # never answers after
    answer(pre, {1: "Yes", 2: 5}, segment="A · session 1")  # anonymous: no pair
    # Program A, last session (post): three of them again, and a newcomer.
    for token, known, sure in [("AAAA", "Yes", 4), ("BBBB", "Yes", 4), ("CCCC", "Yes", 5)]:
        answer(post, {1: known, 2: sure}, segment="A · session 4", token=token)
    answer(post, {1: "No", 2: 2}, segment="A · session 4", token="EEEE")  # no pre answer
    # Another program's responses, paired too, must never count for program A.
    answer(pre, {1: "No", 2: 1}, segment="B · session 1", token="ZZZZ")
    answer(post, {1: "No", 2: 1}, segment="B · session 2", token="ZZZZ")
    return pre, post


def shares(options):
    return {o.label: (round(o.pre, 1), round(o.post, 1)) for o in options}


def test_paired_counts_only_people_who_answered_both_within_the_segments(surveys):
    pre, post = surveys
    found, segments, pre_n, post_n = compare(
        pre, post, MATCHES, segments=["A · session 1", "A · session 4"], paired=True
    )
    known, sure = found
    assert (pre_n, post_n) == (3, 3)
    assert (known.pre_answered, known.post_answered) == (3, 3)
    # AAAA, BBBB, CCCC: 1 of 3 knew before, 3 of 3 after.
    assert shares(known.overall) == {"Yes": (33.3, 100.0), "No": (66.7, 0.0)}
    assert (sure.overall.pre, sure.overall.post, sure.overall.pre_n) == (2.0, 13 / 3, 3)
    assert segments == ["A · session 1", "A · session 4"]
    by_segment = dict(known.by_segment)
    assert shares(by_segment["A · session 1"]) == {"Yes": (33.3, 0.0), "No": (66.7, 0.0)}
    assert shares(by_segment["A · session 4"]) == {"Yes": (0.0, 100.0), "No": (0.0, 0.0)}
    assert known.segment_answered == {"A · session 1": (3, 0), "A · session 4": (0, 3)}


def test_segments_without_pairing_keep_everyone_of_those_segments(surveys):
    pre, post = surveys
    found, segments, pre_n, post_n = compare(
        pre, post, MATCHES, segments=["A · session 1", "A · session 4"]
    )
    known, _sure = found
    assert (pre_n, post_n) == (5, 4)
    # Before: CCCC and the anonymous child knew (2 of 5); after 3 of 4.
    assert shares(known.overall) == {"Yes": (40.0, 75.0), "No": (60.0, 25.0)}
    assert "B · session 1" not in segments


def test_paired_over_every_segment_pairs_across_programs_too(surveys):
    pre, post = surveys
    _found, segments, pre_n, post_n = compare(pre, post, MATCHES, paired=True)
    assert (pre_n, post_n) == (4, 4)  # AAAA, BBBB, CCCC and ZZZZ
    assert segments == ["A · session 1", "A · session 4", "B · session 1", "B · session 2"]


def test_no_segment_given_means_no_response(surveys):
    pre, post = surveys
    found, segments, pre_n, post_n = compare(pre, post, MATCHES, segments=[], paired=True)
    assert (pre_n, post_n, segments) == (0, 0, [])
    assert shares(found[0].overall) == {"Yes": (0.0, 0.0), "No": (0.0, 0.0)}
    assert found[1].overall.change is None


def test_the_default_is_unchanged_every_response_from_the_tallies(surveys):
    pre, post = surveys
    found, _segments, pre_n, post_n = compare(pre, post, MATCHES)
    assert (pre_n, post_n) == (6, 5)
    assert shares(found[0].overall) == {"Yes": (33.3, 60.0), "No": (66.7, 40.0)}


def test_compared_responses_are_the_pairs(surveys):
    pre, post = surveys
    pre_responses, post_responses = compared_responses(
        pre.source, post.source, segments=["A · session 1", "A · session 4"], paired=True
    )
    expected = {pseudonym(token) for token in ("AAAA", "BBBB", "CCCC")}
    assert set(pre_responses.values_list("pair_key", flat=True)) == expected
    assert set(post_responses.values_list("pair_key", flat=True)) == expected


def test_everyone_and_pairs_at_once_are_the_two_comparisons(surveys):
    pre, post = surveys
    segments = ["A · session 1", "A · session 4", "B · session 1"]
    both = compare_everyone_and_pairs(pre, post, MATCHES, segments)
    alone = (
        compare(pre, post, MATCHES, segments=segments),
        compare(pre, post, MATCHES, segments=segments, paired=True),
    )
    for (found, segs, pre_n, post_n), (expected, exp_segs, exp_pre, exp_post) in zip(
        both, alone, strict=True
    ):
        assert (segs, pre_n, post_n) == (exp_segs, exp_pre, exp_post)
        for got, wanted in zip(found, expected, strict=True):
            assert (got.pre_answered, got.post_answered) == (
                wanted.pre_answered,
                wanted.post_answered,
            )
            assert got.segment_answered == wanted.segment_answered
            assert repr(got.overall) == repr(wanted.overall)
            assert repr(got.by_segment) == repr(wanted.by_segment)
    # ZZZZ answered after in "B · session 2", not among the segments: no pair in B.
    assert both[1][2] == 3
