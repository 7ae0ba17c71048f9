"""Surveys for tests: ``make_survey(questions)`` with the question blocks given as
``q.single("Do you use the park?", ["Yes", "No"])`` and friends.

Options and rows get readable ids (``opt3-yes``; the admin makes UUIDs) so a failing
test's output can be read. ``raw(survey, {number: value})`` turns readable answers into the
raw shape the form posts (see ``surveys.questions.raw_answer``); ``post_data`` into a POST.
"""

import itertools
import uuid

from django.utils.text import slugify
from wagtail.models import Locale

from surveys.models import SurveyIndexPage, SurveyPage
from tests.ideas.factories import home_page

_counter = itertools.count(1)


def _items(labels, prefix):
    return [
        {"type": "item", "value": label, "id": f"{prefix}-{slugify(label) or n}"}
        for n, label in enumerate(labels, 1)
    ]


def _question(kind, label, *, required=True, help_text="", condition=None, **value):
    block_id = str(uuid.uuid4())
    base = {
        "label": label,
        "help_text": help_text,
        "required": required,
        "condition": {
            "question": condition[0] if condition else None,
            "answer": condition[1] if condition else "",
        },
    }
    for key in ("options", "rows"):
        if key in value:
            value[key] = _items(value[key], f"{key[:3]}{next(_counter)}")
    return {"type": kind, "value": {**base, **value}, "id": block_id}


class q:  # noqa: N801 - reads as q.single(...), q.rating(...)
    @staticmethod
    def short(label, **kw):
        return _question("short_text", label, **kw)

    @staticmethod
    def long(label, **kw):
        return _question("long_text", label, **kw)

    @staticmethod
    def single(label, options, allow_other=False, **kw):
        return _question("single_choice", label, options=options, allow_other=allow_other, **kw)

    @staticmethod
    def multiple(label, options, min_choices=None, max_choices=None, **kw):
        return _question(
            "multiple_choice",
            label,
            options=options,
            min_choices=min_choices,
            max_choices=max_choices,
            **kw,
        )

    @staticmethod
    def rating(label, scale_min=1, scale_max=5, min_label="Poor", max_label="Excellent", **kw):
        return _question(
            "rating",
            label,
            scale_min=scale_min,
            scale_max=scale_max,
            min_label=min_label,
            max_label=max_label,
            **kw,
        )

    @staticmethod
    def number(label, min_value=None, max_value=None, **kw):
        return _question("number", label, min_value=min_value, max_value=max_value, **kw)

    @staticmethod
    def date(label, **kw):
        return _question("date", label, **kw)

    @staticmethod
    def ranking(label, options, **kw):
        return _question("ranking", label, options=options, **kw)

    @staticmethod
    def matrix(label, rows, options, **kw):
        return _question("matrix", label, rows=rows, options=options, **kw)

    @staticmethod
    def section(heading, text=""):
        return {
            "type": "section",
            "value": {"heading": heading, "text": text},
            "id": str(uuid.uuid4()),
        }

    @staticmethod
    def page_break():
        return {"type": "page_break", "value": None, "id": str(uuid.uuid4())}


def surveys_index():
    index = SurveyIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        index = SurveyIndexPage(title="Surveys", slug="surveys")
        home_page().add_child(instance=index)
        index.save_revision().publish()
    return index


def make_survey(questions, **fields):
    fields.setdefault("title", f"Survey {next(_counter)}")
    fields.setdefault("slug", slugify(fields["title"]))
    neighborhoods = fields.pop("neighborhoods", None)
    survey = SurveyPage(questions=questions, **fields)
    surveys_index().add_child(instance=survey)
    if neighborhoods:
        survey.neighborhoods = neighborhoods
    survey.save_revision().publish()
    return SurveyPage.objects.get(pk=survey.pk)


def question(survey, number):
    return survey.structure.by_number[number]


def option_id(survey, number, label):
    """The id of the option labelled ``label`` of question ``number`` ("Other": ``other``)."""
    found = question(survey, number)
    for option in found.all_options:
        if option.label == label:
            return option.id
    raise KeyError(label)


def row_id(survey, number, label):
    for row in question(survey, number).rows:
        if row.label == label:
            return row.id
    raise KeyError(label)


def raw(survey, answers):
    """Readable answers by question number → raw answers by question id.

    single: "Yes" or ("Other", "text"); multiple: ["A", "B"]; ranking: ["B", "A", "C"]
    (best first); matrix: {"Row": "Column"}; everything else: its text.
    """
    result = {}
    for number, value in answers.items():
        found = question(survey, number)
        kind = found.kind
        if kind == "single_choice":
            label, other = value if isinstance(value, tuple) else (value, "")
            result[found.id] = {"option": option_id(survey, number, label), "other": other}
        elif kind == "multiple_choice":
            result[found.id] = [option_id(survey, number, label) for label in value]
        elif kind == "ranking":
            result[found.id] = {
                option_id(survey, number, label): str(place) for place, label in enumerate(value, 1)
            }
        elif kind == "matrix":
            result[found.id] = {
                row_id(survey, number, r): option_id(survey, number, c) for r, c in value.items()
            }
        else:
            result[found.id] = str(value)
    return result


def post_data(survey, answers, **extra):
    """The POST body of the survey form for readable ``answers`` (see ``raw``)."""
    data = dict(extra)
    for number, value in raw(survey, answers).items():
        found = survey.structure.by_id[number]
        name = found.name
        if found.kind == "single_choice":
            data[name] = value["option"]
            data[f"{name}-other"] = value["other"]
        elif found.kind == "multiple_choice":
            data[name] = value
        elif found.kind in {"ranking", "matrix"}:
            for part, choice in value.items():
                data[f"{name}-{part}"] = choice
        else:
            data[name] = value
    return data


def every_type_survey(**fields):
    """One question of every type, on two pages, with a condition (question 3 → 4)."""
    return make_survey(
        [
            q.section("About you"),
            q.short("Your street"),  # 1
            q.number("How many years have you lived here?", min_value=0, max_value=100),  # 2
            q.single("Do you use the park?", ["Yes", "No"], allow_other=True),  # 3
            q.multiple(
                "What do you do there?",
                ["Walk", "Play", "Sport", "Picnic"],
                min_choices=1,
                max_choices=3,
                condition=(3, "Yes"),
            ),  # 4
            q.page_break(),
            q.rating("How clean is it?"),  # 5
            q.date("When did you last go?", required=False),  # 6
            q.ranking("Rank these improvements", ["Lights", "Benches", "Trees"]),  # 7
            q.matrix("Rate these", ["Paths", "Toilets"], ["Bad", "OK", "Good"]),  # 8
            q.long("Anything else?", required=False),  # 9
        ],
        **fields,
    )
