"""The blocks a lesson is written in (``LessonPage.body``)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class ActivityBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    minutes = blocks.IntegerBlock(label=_("minutes"), min_value=1, max_value=600)
    instructions = blocks.RichTextBlock(
        label=_("instructions"), features=["bold", "italic", "link", "ul", "ol"]
    )

    class Meta:
        icon = "time"
        label = _("Activity")
        template = "youth/blocks/activity.html"


class VocabularyEntry(blocks.StructBlock):
    term = blocks.CharBlock(label=_("word"))
    definition = blocks.CharBlock(label=_("meaning"))


class HandoutBlock(blocks.StructBlock):
    """What the students take home: printed on the lesson's handout."""

    title = blocks.CharBlock(label=_("title"))
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "ul", "ol", "link"])

    class Meta:
        icon = "doc-full"
        label = _("Handout")
        template = "youth/blocks/handout.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("text alternative"),
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "youth/blocks/figure.html"


class VideoLinkBlock(blocks.StructBlock):
    """A link, not an embed: a classroom may be offline, and a link prints."""

    title = blocks.CharBlock(label=_("title"))
    url = blocks.URLBlock(label=_("address"))
    minutes = blocks.IntegerBlock(label=_("length (minutes)"), required=False, min_value=1)

    class Meta:
        icon = "media"
        label = _("Video link")
        template = "youth/blocks/video_link.html"


class LessonBlock(blocks.StreamBlock):
    objectives = blocks.ListBlock(
        blocks.CharBlock(label=_("objective")),
        label=_("Learning objectives"),
        icon="tick",
        template="youth/blocks/objectives.html",
    )
    materials = blocks.ListBlock(
        blocks.CharBlock(label=_("material")),
        label=_("Materials"),
        icon="list-ul",
        template="youth/blocks/materials.html",
    )
    activity = ActivityBlock()
    discussion = blocks.ListBlock(
        blocks.CharBlock(label=_("question")),
        label=_("Discussion questions"),
        icon="help",
        template="youth/blocks/discussion.html",
    )
    vocabulary = blocks.ListBlock(
        VocabularyEntry(),
        label=_("Vocabulary"),
        icon="openquote",
        template="youth/blocks/vocabulary.html",
    )
    handout = HandoutBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"), features=["h3", "bold", "italic", "link", "ul", "ol"]
    )
    image = FigureBlock()
    video = VideoLinkBlock()
