"""A timeline as a PowerPoint deck (.pptx), for teachers whose PowerPoint, Keynote or Google
Slides cannot show the embed's iframe: a title slide, then one slide per event with its
date, headline, text, photo and credit, source and a link back to the archive.

What the deck shows is what timelines/building.py gives the embed: public records only, a
photo only while it is public (entry.image), in the language and filters asked for. Photos
are resized copies (renditions), never the uploaded original, which may carry metadata.
"""

import io

from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Inches, Pt

from archive import site_url
from timelines.building import RENDITION, timeline_entries, translated

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5  # in python-pptx's default template
# 16:9, what projectors and screens in classrooms show now.
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
# python-pptx reads these; any other rendition (WebP) is converted to JPEG for the deck.
PICTURE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif")
LONGEST_TEXT = 700  # characters on a slide; the link back leads to the rest
GREY = RGBColor(0x55, 0x55, 0x55)
LANGUAGE_IDS = {"en": MSO_LANGUAGE_ID.ENGLISH_US, "es": MSO_LANGUAGE_ID.SPANISH}


def timeline_deck(timeline, language, **filters):
    """The .pptx file's bytes: `timeline` in `language` (en or es), narrowed by the filters
    the embed and the TimelineJS data take (theme, year_from, year_to)."""
    entries = timeline_entries(timeline, language, **filters)
    with translation.override(language):
        deck = Presentation()
        deck.slide_width, deck.slide_height = WIDTH, HEIGHT
        title = getattr(timeline, f"title_{language}", None) or timeline.title
        page_url = site_url.absolute(timeline.get_url())
        _properties(deck, title, language)
        _title_slide(deck, timeline, (title, page_url), language, entries, filters)
        for entry in entries:
            _event_slide(deck, entry, language, title, page_url)
        output = io.BytesIO()
        deck.save(output)
        return output.getvalue()


def _properties(deck, title, language):
    """The file's own properties: its title and language, and nothing of python-pptx's
    template (its author's name, its "generated using python-pptx" comment)."""
    properties = deck.core_properties
    properties.title = title
    properties.language = language
    properties.author = properties.last_modified_by = "Memoria"
    properties.comments = properties.keywords = properties.subject = ""
    properties.created = properties.modified = timezone.now().replace(tzinfo=None)
    properties.revision = 1


def _title_slide(deck, timeline, title_and_url, language, entries, filters):
    """The timeline's title and introduction, what the filters kept, its address."""
    title, page_url = title_and_url
    theme, year_from, year_to = (filters.get(name) for name in ("theme", "year_from", "year_to"))
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    _place(slide.shapes.title, top=Inches(1.6), height=Inches(1.8))
    _write(slide.shapes.title.text_frame, title, language)
    subtitle = slide.placeholders[1]
    _place(subtitle, top=Inches(3.6), height=Inches(3.2))
    frame = subtitle.text_frame
    intro, intro_language = translated(timeline, "introduction", language)
    lines = [(intro, intro_language)] if intro else []
    if theme is not None:
        lines.append((_("Theme: %(name)s") % {"name": theme.name}, language))
    if year_from or year_to:
        lines.append((_period(year_from, year_to), language))
    if entries:
        count = ngettext("%(count)d event", "%(count)d events", len(entries))
        lines.append((count % {"count": len(entries)}, language))
    else:
        lines.append((_("This timeline has no events yet."), language))
    for text, text_language in lines:
        _paragraph(frame, text, text_language, size=20)
    _link(frame, page_url, page_url, language, size=16)


def _period(year_from, year_to):
    if year_from and year_to:
        return _("Years %(start)d to %(end)d") % {"start": year_from, "end": year_to}
    if year_from:
        return _("From %(year)d on") % {"year": year_from}
    return _("Up to %(year)d") % {"year": year_to}


def _event_slide(deck, entry, language, timeline_title, page_url):
    """Date, headline (the slide's title, which screen readers and the outline show),
    notes, text, source and link on the left; the photo and its credit on the right."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    picture = _picture(slide, entry.image, language) if entry.image is not None else None
    text_width = (WIDTH - 2 * MARGIN) if picture is None else Inches(6.4)
    date = slide.shapes.add_textbox(MARGIN, Inches(0.35), text_width, Inches(0.5))
    _paragraph(date.text_frame, entry.date.render(language), language, size=18, color=GREY)
    _place(slide.shapes.title, top=Inches(0.8), height=Inches(1.3), width=text_width)
    _write(slide.shapes.title.text_frame, entry.headline, entry.language, size=34)
    body = slide.shapes.add_textbox(MARGIN, Inches(2.2), text_width, Inches(4.4)).text_frame
    body.word_wrap = True
    body.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for note in _notes(entry):
        _paragraph(body, note, language, size=14, color=GREY)
    text = entry.text if entry.text != entry.headline else ""
    for part in Truncator(text).chars(LONGEST_TEXT).split("\n\n"):
        if part.strip():
            _paragraph(body, part.strip(), entry.language, size=20 if len(text) < 400 else 16)
    for testimony in entry.testimonies:
        _testimony(body, testimony, language)
    if entry.source:
        _paragraph(body, f"{_('Source:')} {entry.source}", language, size=14, color=GREY)
    if entry.url:
        label = _("See the photo") if entry.kind == "photo" else _("Read the story")
        url = site_url.absolute(entry.url)
        _link(body, f"{label}: {url}", url, language, size=14)
    footer = slide.shapes.add_textbox(MARGIN, Inches(6.85), WIDTH - 2 * MARGIN, Inches(0.4))
    _link(footer.text_frame, f"{timeline_title} · {page_url}", page_url, language, size=11)


def _testimony(body, testimony, language):
    """A recorded testimony's parts, each a link to the story at its moment (a deck
    cannot play the recording; the story page can, when the narrators agreed to it)."""
    if testimony.recorded.words_only:
        note = _(
            "The narrator agreed to publish the words of this recording, not the recording itself."
        )
        _paragraph(body, note, language, size=14, color=GREY)
    if testimony.moments:
        _paragraph(body, _("Parts of the testimony"), language, size=14, color=GREY)
    for moment in testimony.moments:
        text = f"{moment.clock} {moment.title}"
        _link(body, text, site_url.absolute(moment.url), moment.title_language, size=14)


def _notes(entry):
    notes = []
    if entry.fallback:
        notes.append(_("Not yet translated; shown in the original language."))
    if entry.is_sample:
        notes.append(_("Sample content: illustrative, not a real person's words."))
    return notes


def _picture(slide, image, language):
    """The photo in the right half, as large as fits, its credit below; alt text set."""
    rendition = image.get_rendition(RENDITION)
    if not rendition.file.name.lower().endswith(PICTURE_EXTENSIONS):
        rendition = image.get_rendition(f"{RENDITION}|format-jpeg")
    with rendition.file.open("rb") as file:
        data = io.BytesIO(file.read())
    box_left, box_top = Inches(7.3), Inches(0.5)
    box_width, box_height = WIDTH - box_left - MARGIN, Inches(5.6)
    scale = min(box_width / rendition.width, box_height / rendition.height)
    width, height = int(rendition.width * scale), int(rendition.height * scale)
    picture = slide.shapes.add_picture(data, box_left, box_top, width, height)
    alt = translated(image, "alt_text", language)[0] or translated(image, "caption", language)[0]
    # Read aloud by PowerPoint's and Google Slides' screen reader support (cNvPr descr).
    picture._element.nvPicPr.cNvPr.set("descr", strip_tags(alt).strip())
    if image.credit:
        credit = slide.shapes.add_textbox(box_left, box_top + height, box_width, Inches(0.5))
        credit.text_frame.word_wrap = True
        text = _("Photo: %(credit)s") % {"credit": image.credit}
        _paragraph(credit.text_frame, text, language, size=12, color=GREY)
    return picture


def _place(shape, *, top, height, width=None):
    """Template placeholders are laid out for 4:3 slides: this one moved onto ours."""
    shape.left, shape.top = MARGIN, top
    shape.width, shape.height = width or (WIDTH - 2 * MARGIN), height


def _write(frame, text, language, size=None):
    frame.text = ""
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.language_id = LANGUAGE_IDS[language]
    if size:
        run.font.size = Pt(size)


def _paragraph(frame, text, language, *, size, color=None):
    """A paragraph at the end of `frame` (the first one if the frame is still empty)."""
    empty = len(frame.paragraphs) == 1 and not frame.paragraphs[0].runs
    paragraph = frame.paragraphs[0] if empty else frame.add_paragraph()
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.language_id = LANGUAGE_IDS[language]
    if color is not None:
        run.font.color.rgb = color
    return run


def _link(frame, text, url, language, *, size):
    _paragraph(frame, text, language, size=size).hyperlink.address = url
