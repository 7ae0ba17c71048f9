"""Edits that would orphan answers, refused once a survey has responses.

Answers name questions, options and matrix rows by id, so staff may reword, reorder and
add freely. What cannot be undone is removing a question, option or row that has answers,
changing a question's type, or shrinking a rating scale below ratings already given: the
answers would no longer mean anything. ``SurveyPage.clean`` shows these as errors on the
questions field; the way forward is a new version (Wagtail's *Copy* of the page), which
starts with no responses.

The check is pure: the page hands it the stored and the new questions and the keys that
have answers, so this module never imports the models (which call it).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .questions import ANSWERED

NEW_VERSION_HINT = gettext_lazy(
    "To change it, copy the survey (page menu → Copy) and edit the copy."
)


def orphaning_changes(old, new, keys):
    """Why ``new`` may not replace ``old`` (both ``Structure``), given the answered ``keys``:
    (question, option, row, number) of every stored answer."""
    problems = []
    reported = set()

    def problem(key, message):
        if key not in reported:
            reported.add(key)
            problems.append(f"{message} {NEW_VERSION_HINT}")

    for question_id, option, row, number in keys:
        if not question_id:
            continue  # the survey's response count
        before = old.by_id.get(question_id)
        label = before.label if before else question_id
        after = new.by_id.get(question_id)
        if after is None:
            problem(
                question_id, _("“%(label)s” has answers and cannot be removed.") % {"label": label}
            )
            continue
        if before and before.kind != after.kind:
            problem(
                question_id,
                _("“%(label)s” has answers: its type cannot change.") % {"label": label},
            )
            continue
        if option == ANSWERED:
            continue  # how many answered the question: only its existence matters
        if option and option not in {o.id for o in after.all_options}:
            name = before.option_label(option) if before else option
            problem(
                (question_id, option),
                _("The option “%(option)s” of “%(label)s” has answers and cannot be removed.")
                % {"option": name, "label": label},
            )
        if row and row not in {r.id for r in after.rows}:
            name = before.row_label(row) if before else row
            problem(
                (question_id, row),
                _("The row “%(row)s” of “%(label)s” has answers and cannot be removed.")
                % {"row": name, "label": label},
            )
        if after.kind == "rating" and not after.scale_min <= number <= after.scale_max:
            problem(
                (question_id, "scale"),
                _("“%(label)s” has ratings of %(value)g: its scale must still include them.")
                % {"label": label, "value": number},
            )
    return problems
