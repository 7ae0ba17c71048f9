"""A survey's questions as plain objects, and the rules every answer follows.

``Structure(stream)`` reads a survey's StreamField once: its pages (split at page breaks),
its questions (numbered 1, 2, 3 … in order, headings and breaks not counted) and their
display conditions. Answers travel in two shapes:

* **raw**: what the form sent, as JSON-friendly strings, lists and dicts (``raw_answer``).
  It is what the re-shown form displays, what the session and saved drafts keep, and what
  the paper-entry form posts, so nothing a person typed is ever lost to a validation error;
* **clean**: the checked value (``check``), from which ``answer_rows`` makes the ``Answer``
  rows that are stored.

Display conditions are checked on the server in question order, so a question whose
condition names a hidden question is hidden too. Conditions always come from the survey in
the default language (its options carry the same ids in every translation).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from engage.core.inputs import has_control_characters

# The option of a tally key that counts "answered this question at all" (see tallies).
ANSWERED = "*"

OTHER = "other"  # the option id of "Other" on a single-choice question
SHORT_TEXT_MAX = 255
LONG_TEXT_MAX = 5000

CHOICE_KINDS = {"single_choice", "multiple_choice"}
QUESTION_KINDS = {
    "short_text",
    "long_text",
    "single_choice",
    "multiple_choice",
    "rating",
    "number",
    "date",
    "ranking",
    "matrix",
}


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass
class Question:
    id: str
    kind: str
    number: int
    page: int
    label: str
    help_text: str = ""
    required: bool = False
    options: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    allow_other: bool = False
    min_choices: int | None = None
    max_choices: int | None = None
    scale_min: int = 1
    scale_max: int = 5
    min_label: str = ""
    max_label: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    # The display condition as stored: the earlier question's block id and the option's
    # item id (a question number and an option's text in surveys saved before conditions
    # were chosen from lists; ``Structure`` still reads those).
    condition_question: str = ""
    condition_answer: str = ""

    is_question = True

    @property
    def name(self):
        """The form field name (and the prefix of its parts)."""
        return f"q-{self.id}"

    @property
    def other_text_id(self):
        """The id of the "Other" text box (its name is ``<name>-other``, which is also the
        id of the "Other" radio button)."""
        return f"{self.name}-other-text"

    @property
    def first_field_id(self):
        """The id of the question's first input: where a link to its error lands."""
        name = self.name
        if self.kind in {"single_choice", "multiple_choice", "ranking"}:
            options = self.all_options
            return f"{name}-{options[0].id}" if options else name
        if self.kind == "rating":
            return f"{name}-{self.scale_min}"
        if self.kind == "matrix" and self.rows and self.options:
            return f"{name}-{self.rows[0].id}-{self.options[0].id}"
        return name

    @property
    def is_choice(self):
        return self.kind in CHOICE_KINDS

    @property
    def scale(self):
        return list(range(self.scale_min, self.scale_max + 1))

    @property
    def all_options(self):
        """The options, with "Other" last when it is offered."""
        if self.allow_other:
            return [*self.options, Option(OTHER, _("Other"))]
        return list(self.options)

    def option_label(self, option_id):
        for option in self.all_options:
            if option.id == option_id:
                return option.label
        return option_id

    def row_label(self, row_id):
        for row in self.rows:
            if row.id == row_id:
                return row.label
        return row_id

    @property
    def has_condition(self):
        return bool(self.condition_question)


@dataclass
class Heading:
    id: str
    heading: str
    text: str
    page: int

    is_question = False


def _options(items):
    return [Option(str(child.id), str(child.value)) for child in items.bound_blocks]


def _decimal(value):
    return None if value is None else Decimal(str(value))


class Structure:
    """The pages, questions and conditions of one survey's ``questions`` StreamField."""

    def __init__(self, stream):
        self.pages = [[]]
        self.questions = []
        for child in stream:
            kind = child.block_type
            if kind == "page_break":
                if self.pages[-1]:
                    self.pages.append([])
                continue
            value = child.value
            page = len(self.pages) - 1
            if kind == "section":
                item = Heading(str(child.id), value["heading"], value.get("text") or "", page)
            elif kind in QUESTION_KINDS:
                item = self._question(child, kind, page)
                self.questions.append(item)
            else:
                continue
            self.pages[-1].append(item)
        if len(self.pages) > 1 and not self.pages[-1]:
            self.pages.pop()
        self.by_id = {q.id: q for q in self.questions}
        self.by_number = {q.number: q for q in self.questions}
        self.conditions = self._conditions()

    def use_conditions_of(self, source):
        """Take the display conditions of ``source`` (the survey in the default language):
        they name options by id, which a translation shares, so a translated option label
        cannot break them."""
        self.conditions = {
            qid: condition for qid, condition in source.conditions.items() if qid in self.by_id
        }
        return self

    def _conditions(self):
        """{question id: (target question id, option id)}; an unresolvable condition
        hides its question ((None, None)), which ``condition_problems`` tells staff."""
        conditions = {}
        for question in self.questions:
            if question.has_condition:
                target = self.condition_target(question)
                option = self.condition_option(question)
                valid = target is not None and target.number < question.number and option
                conditions[question.id] = (target.id, option) if valid else (None, None)
        return conditions

    def _question(self, child, kind, page):
        value = child.value
        condition = value.get("condition") or {}
        question = Question(
            id=str(child.id),
            kind=kind,
            number=len(self.questions) + 1,
            page=page,
            label=value["label"],
            help_text=value.get("help_text") or "",
            required=bool(value.get("required")),
            condition_question=str(condition.get("question") or "").strip(),
            condition_answer=str(condition.get("answer") or "").strip(),
        )
        if "options" in value:
            question.options = _options(value["options"])
        if "rows" in value:
            question.rows = _options(value["rows"])
        if kind == "single_choice":
            question.allow_other = bool(value.get("allow_other"))
        if kind == "multiple_choice":
            question.min_choices = value.get("min_choices") or None
            question.max_choices = value.get("max_choices") or None
        if kind == "rating":
            question.scale_min = value.get("scale_min") if value.get("scale_min") is not None else 1
            question.scale_max = value.get("scale_max") or 5
            question.min_label = value.get("min_label") or ""
            question.max_label = value.get("max_label") or ""
        if kind == "number":
            question.min_value = _decimal(value.get("min_value"))
            question.max_value = _decimal(value.get("max_value"))
        return question

    @property
    def page_count(self):
        return len(self.pages)

    def questions_on(self, page):
        return [item for item in self.pages[page] if item.is_question]

    # Display conditions ------------------------------------------------------------------

    def condition_problems(self):
        """What is wrong with the display conditions, as messages for staff (empty: fine)."""
        problems = []
        for question in self.questions:
            if not question.has_condition:
                continue
            target = self.condition_target(question)
            if target is None or target.number >= question.number:
                problems.append(
                    _("Question %(number)s: its condition must name an earlier question.")
                    % {"number": question.number}
                )
            elif not target.is_choice:
                problems.append(
                    _(
                        "Question %(number)s: its condition must name a single- or "
                        "multiple-choice question."
                    )
                    % {"number": question.number}
                )
            elif self.condition_option(question) is None:
                problems.append(
                    _(
                        "Question %(number)s: its condition's answer is not an option of "
                        "question %(target)s (any more). Choose one from the list."
                    )
                    % {"number": question.number, "target": target.number}
                )
        return problems

    def condition_target(self, question):
        """The question a condition depends on, or None.

        Conditions name it by block id, which moving questions around does not change. A
        number is read as in surveys saved before that (old revisions can be restored).
        """
        reference = question.condition_question
        if reference in self.by_id:
            return self.by_id[reference]
        if reference.isdigit():
            return self.by_number.get(int(reference))
        return None

    def condition_option(self, question):
        """The option id a question's condition asks for, or None (by id; by its text in
        surveys saved before conditions were chosen from lists)."""
        target = self.condition_target(question)
        if target is None:
            return None
        wanted = question.condition_answer
        if any(option.id == wanted for option in target.options):
            return wanted
        for option in target.options:
            if option.label.strip().casefold() == wanted.casefold():
                return option.id
        return None

    def is_shown(self, question, clean, shown):
        """Whether ``question`` is asked, given the clean answers and which earlier
        questions were shown (``shown``: ids). A condition on a hidden question is unmet."""
        if question.id not in self.conditions:
            return True
        target_id, option = self.conditions[question.id]
        if target_id is None or target_id not in shown:
            return False
        answer = clean.get(target_id)
        if self.by_id[target_id].kind == "single_choice":
            return bool(answer) and answer["option"] == option
        return bool(answer) and option in answer

    def conditions_for_browser(self):
        """{question id: {"target": target's field name, "option": option id}} for the
        script that shows and hides questions while a person answers."""
        return {
            qid: {"target": self.by_id[target_id].name, "option": option}
            for qid, (target_id, option) in self.conditions.items()
            if target_id is not None
        }

    # Checking answers --------------------------------------------------------------------

    def check(self, raw, *, pages=None):
        """Check the raw answers of ``pages`` (all by default).

        Returns ``(clean, errors, shown)``: clean values and error messages by question id,
        and the ids of the questions that were asked. Questions after ``pages`` still see
        earlier answers for their conditions. An answer to a question that is not shown is
        dropped, never stored.
        """
        pages = range(self.page_count) if pages is None else pages
        clean, errors, shown = {}, {}, set()
        for question in self.questions:
            if not self.is_shown(question, clean, shown):
                continue
            shown.add(question.id)
            value, error = check_answer(question, raw.get(question.id))
            if question.page not in pages and error:
                # Not being checked now: keep what can be used for later conditions.
                continue
            if error:
                errors[question.id] = error
            elif value is not None:
                clean[question.id] = value
        return clean, errors, shown

    def first_page_with(self, errors):
        pages = [self.by_id[qid].page for qid in errors if qid in self.by_id]
        return min(pages) if pages else None


# One answer -----------------------------------------------------------------------------


def raw_answer(question, data):
    """What the form sent for ``question`` (a QueryDict or a dict of lists), JSON-friendly."""
    name = question.name
    if question.kind == "multiple_choice":
        return [value for value in data.getlist(name) if value]
    if question.kind == "single_choice":
        return {"option": data.get(name, ""), "other": data.get(f"{name}-other", "")}
    if question.kind in {"ranking", "matrix"}:
        parts = question.options if question.kind == "ranking" else question.rows
        return {part.id: data.get(f"{name}-{part.id}", "") for part in parts}
    return data.get(name, "")


def raw_from_form(structure, data, pages):
    return {
        question.id: raw_answer(question, data)
        for page in pages
        for question in structure.questions_on(page)
    }


def _blank(raw):
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list):
        return not raw
    if isinstance(raw, dict):
        if "option" in raw and "other" in raw:
            return not str(raw.get("option") or "").strip()
        return not any(str(value or "").strip() for value in raw.values())
    return False


def unusable_message():
    return _(
        "Your answer contains invisible control characters (such as NUL) that cannot be "
        "stored. Please type it again."
    )


def unusable_answers(raw_answers):
    """``{question id: message}`` for raw answers that cannot even be kept as a draft.

    Text with control characters cannot be stored (PostgreSQL refuses NUL in text and
    JSON; see ``engage.core.inputs``), so such an answer is refused before it reaches the
    session, a draft or a response.
    """
    return {
        question_id: unusable_message()
        for question_id, raw in raw_answers.items()
        if has_control_characters(raw)
    }


def check_answer(question, raw):
    """``(clean value or None, error message or None)`` for one question."""
    if has_control_characters(raw):
        return None, unusable_message()
    if _blank(raw):
        if question.required:
            return None, _("Please answer this question.")
        return None, None
    checker = CHECKERS[question.kind]
    try:
        return checker(question, raw), None
    except AnswerError as error:
        return None, str(error)


class AnswerError(Exception):
    pass


def _text(limit):
    def check(question, raw):
        if not isinstance(raw, str):
            raise AnswerError(_("Please type your answer."))
        text = raw.strip()
        if len(text) > limit:
            raise AnswerError(
                ngettext(
                    "Please keep your answer to %(limit)d character (it has %(count)d).",
                    "Please keep your answer to %(limit)d characters (it has %(count)d).",
                    limit,
                )
                % {"limit": limit, "count": len(text)}
            )
        return text

    return check


def _offered(question, option_id, options):
    if option_id not in {option.id for option in options}:
        raise AnswerError(_("Please choose one of the options offered."))
    return option_id


def _single(question, raw):
    if not isinstance(raw, dict):
        raise AnswerError(_("Please choose one of the options offered."))
    option = _offered(question, str(raw.get("option", "")), question.all_options)
    other = str(raw.get("other") or "").strip()
    if option == OTHER:
        if not other:
            raise AnswerError(_("You chose “Other”: please say what."))
        if len(other) > SHORT_TEXT_MAX:
            raise AnswerError(
                _("Please keep “Other” to %(limit)d characters.") % {"limit": SHORT_TEXT_MAX}
            )
        return {"option": OTHER, "other": other}
    return {"option": option, "other": ""}


def _multiple(question, raw):
    if not isinstance(raw, list):
        raise AnswerError(_("Please choose among the options offered."))
    chosen = []
    for value in raw:
        option = _offered(question, str(value), question.options)
        if option not in chosen:
            chosen.append(option)
    if question.min_choices and len(chosen) < question.min_choices:
        raise AnswerError(
            ngettext(
                "Please choose at least %(count)d option.",
                "Please choose at least %(count)d options.",
                question.min_choices,
            )
            % {"count": question.min_choices}
        )
    if question.max_choices and len(chosen) > question.max_choices:
        raise AnswerError(
            ngettext(
                "Please choose at most %(count)d option.",
                "Please choose at most %(count)d options.",
                question.max_choices,
            )
            % {"count": question.max_choices}
        )
    # Stored in the order of the options, whatever order the browser sent them in.
    order = [option.id for option in question.options]
    return sorted(chosen, key=order.index)


def _rating(question, raw):
    try:
        value = int(str(raw).strip())
    except ValueError:
        value = None
    if value is None or not question.scale_min <= value <= question.scale_max:
        raise AnswerError(
            _("Please choose a rating from %(low)d to %(high)d.")
            % {"low": question.scale_min, "high": question.scale_max}
        )
    return value


def _number(question, raw):
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise AnswerError(_("Please enter a number, such as 12 or 3.5.")) from None
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise AnswerError(_("Please enter a number, such as 12 or 3.5."))
    if question.min_value is not None and value < question.min_value:
        raise AnswerError(
            _("Please enter a number of at least %(min)s.") % {"min": question.min_value}
        )
    if question.max_value is not None and value > question.max_value:
        raise AnswerError(
            _("Please enter a number of at most %(max)s.") % {"max": question.max_value}
        )
    return value


def _date(question, raw):
    try:
        return datetime.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise AnswerError(_("Please enter a date such as 2026-05-31.")) from None


def _ranking(question, raw):
    if not isinstance(raw, dict) or set(raw) - {option.id for option in question.options}:
        raise AnswerError(_("Please rank the options offered."))
    count = len(question.options)
    positions = {}
    for option in question.options:
        value = str(raw.get(option.id) or "").strip()
        try:
            position = int(value)
        except ValueError:
            position = None
        if position is None or not 1 <= position <= count:
            raise AnswerError(
                _("Please give every option a place from 1 to %(count)d.") % {"count": count}
            )
        positions[option.id] = position
    if len(set(positions.values())) != count:
        raise AnswerError(_("Please give each option a different place."))
    return sorted(positions, key=positions.get)


def _matrix(question, raw):
    if not isinstance(raw, dict) or set(raw) - {row.id for row in question.rows}:
        raise AnswerError(_("Please answer the rows offered."))
    answers = {}
    for row in question.rows:
        value = str(raw.get(row.id) or "").strip()
        if not value:
            if question.required:
                raise AnswerError(_("Please answer every row."))
            continue
        answers[row.id] = _offered(question, value, question.options)
    return answers


CHECKERS = {
    "short_text": _text(SHORT_TEXT_MAX),
    "long_text": _text(LONG_TEXT_MAX),
    "single_choice": _single,
    "multiple_choice": _multiple,
    "rating": _rating,
    "number": _number,
    "date": _date,
    "ranking": _ranking,
    "matrix": _matrix,
}


# Storage --------------------------------------------------------------------------------


def answer_rows(question, value):
    """The ``Answer`` fields for one clean answer: a list of dicts (one per stored row)."""
    kind = question.kind
    if kind in {"short_text", "long_text"}:
        return [{"text": value}]
    if kind == "single_choice":
        return [{"option": value["option"], "text": value["other"]}]
    if kind == "multiple_choice":
        return [{"option": option} for option in value]
    if kind in {"rating", "number"}:
        return [{"number": value}]
    if kind == "date":
        return [{"date": value}]
    if kind == "ranking":
        return [{"option": option, "number": place} for place, option in enumerate(value, 1)]
    if kind == "matrix":
        return [{"row": row, "option": option} for row, option in value.items()]
    raise ValueError(kind)


def clean_to_raw(question, value):
    """A clean answer back in the raw shape (to show a stored answer in a form)."""
    kind = question.kind
    if kind == "single_choice":
        return dict(value)
    if kind == "multiple_choice":
        return list(value)
    if kind == "ranking":
        return {option: str(place) for place, option in enumerate(value, 1)}
    if kind == "matrix":
        return dict(value)
    return str(value)
