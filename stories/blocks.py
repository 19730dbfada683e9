from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        label=_("Attribution"),
        required=False,
        help_text=_("Use the narrator's public name or pseudonym, never a real name at risk."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "stories/blocks/quote.html"


class TranscriptBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False)
    transcript = blocks.TextBlock(label=_("Transcript"))

    class Meta:
        icon = "doc-full"
        label = _("Transcript")
        template = "stories/blocks/transcript.html"


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul", "h2", "h3"]
    )
    quote = QuoteBlock()
    image = ImageBlock(label=_("Photo"), template="stories/blocks/image.html")
    embed = EmbedBlock(label=_("Audio or video"), max_width=800)
    transcript = TranscriptBlock()
