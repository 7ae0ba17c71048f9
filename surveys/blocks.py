"""The questions staff put in a survey, as StreamField blocks.

Every block that asks something has a label, help text, "required" and an optional display
condition. Options and matrix rows are ``ListBlock`` items, which Wagtail stores with an id
each: answers name the question by its block id and the option by its item id, so staff
can fix a typo or reorder options after responses came in without mislabelling any answer
(``surveys.versioning`` refuses the edits that would orphan answers). A translation of the
survey is a copy of the page and keeps the same ids, so answers in every language add up.
Display conditions refer to those ids too, so moving questions does not break them.
"""

import json

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ConditionInput(forms.TextInput):
    """Holds a condition's reference (a question's block id, an option's item id). In the
    editor, ``admin-survey-conditions.js`` hides it behind a list of the earlier choice
    questions or of the chosen question's options, read from the editor as it stands, so
    staff pick rather than type, and the list follows every edit and move."""

    def __init__(self, role, attrs=None):
        super().__init__(attrs={**(attrs or {}), "data-survey-condition": role})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The script's texts, in the editor's language (%n: a number, %s: a question).
        context["widget"]["attrs"]["data-survey-condition-messages"] = json.dumps(
            {
                "always": gettext("Always show"),
                "question": gettext("Question %n: %s"),
                "missing": gettext("(not an earlier choice question any more: choose again)"),
                "missingOption": gettext("(not one of its options any more: choose again)"),
                "chooseQuestionFirst": gettext("(choose a question first)"),
            }
        )
        return context

    class Media:
        js = ["js/admin-survey-conditions.js"]


class ConditionReferenceBlock(blocks.FieldBlock):
    """A stable reference (an id), never a position or a text that edits would change."""

    def __init__(self, role, required=False, help_text=None, **kwargs):
        self.field = forms.CharField(
            required=required,
            help_text=help_text,
            max_length=255,
            widget=ConditionInput(role),
        )
        super().__init__(**kwargs)


class ConditionBlock(blocks.StructBlock):
    # Stored: the earlier question's block id and the option's item id, which stay the
    # same when questions or options are moved, relabelled or translated.
    question = ConditionReferenceBlock(
        "question",
        label=_("Show only if the answer to"),
        help_text=_("An earlier single- or multiple-choice question. Leave empty to always show."),
    )
    answer = ConditionReferenceBlock(
        "answer",
        label=_("is"),
        help_text=_("One of that question's options."),
    )

    class Meta:
        label = _("Display condition")
        collapsed = True


class QuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Question"), max_length=500)
    help_text = blocks.CharBlock(label=_("Help text"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=_("Required"), required=False, default=True)
    condition = ConditionBlock()

    class Meta:
        icon = "help"


def option_list(label=None, min_num=2):
    return blocks.ListBlock(
        blocks.CharBlock(label=_("Option"), max_length=255),
        label=label or _("Options"),
        min_num=min_num,
    )


class ShortTextBlock(QuestionBlock):
    class Meta:
        label = _("Short text")
        icon = "pilcrow"


class LongTextBlock(QuestionBlock):
    class Meta:
        label = _("Long text")
        icon = "doc-full"


class SingleChoiceBlock(QuestionBlock):
    options = option_list()
    allow_other = blocks.BooleanBlock(
        label=_("Offer “Other” with a free answer"), required=False, default=False
    )

    class Meta:
        label = _("Single choice")
        icon = "radio-full"


class MultipleChoiceBlock(QuestionBlock):
    options = option_list()
    min_choices = blocks.IntegerBlock(label=_("At least"), required=False, min_value=1)
    max_choices = blocks.IntegerBlock(label=_("At most"), required=False, min_value=1)

    class Meta:
        label = _("Multiple choice")
        icon = "tick-inverse"


class RatingBlock(QuestionBlock):
    scale_min = blocks.IntegerBlock(label=_("From"), default=1, min_value=0, max_value=1)
    scale_max = blocks.IntegerBlock(label=_("To"), default=5, min_value=2, max_value=10)
    min_label = blocks.CharBlock(label=_("Label of the lowest"), required=False, max_length=60)
    max_label = blocks.CharBlock(label=_("Label of the highest"), required=False, max_length=60)

    class Meta:
        label = _("Rating scale")
        icon = "pick"


class NumberBlock(QuestionBlock):
    min_value = blocks.DecimalBlock(label=_("Smallest"), required=False)
    max_value = blocks.DecimalBlock(label=_("Largest"), required=False)

    class Meta:
        label = _("Number")
        icon = "order"


class DateBlock(QuestionBlock):
    class Meta:
        label = _("Date")
        icon = "date"


class RankingBlock(QuestionBlock):
    options = option_list(_("Options to rank"))

    class Meta:
        label = _("Ranking")
        icon = "list-ol"


class MatrixBlock(QuestionBlock):
    rows = option_list(_("Rows"), min_num=1)
    options = option_list(_("Scale (the columns)"))

    class Meta:
        label = _("Matrix")
        icon = "table"


class SectionHeadingBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=255)
    text = blocks.TextBlock(label=_("Text"), required=False)

    class Meta:
        label = _("Section heading")
        icon = "title"


class PageBreakBlock(blocks.StaticBlock):
    class Meta:
        label = _("Page break")
        icon = "horizontalrule"
        admin_text = _("The questions after this come on the next page.")


class SurveyBlock(blocks.StreamBlock):
    short_text = ShortTextBlock()
    long_text = LongTextBlock()
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    rating = RatingBlock()
    number = NumberBlock()
    date = DateBlock()
    ranking = RankingBlock()
    matrix = MatrixBlock()
    section = SectionHeadingBlock()
    page_break = PageBreakBlock()
