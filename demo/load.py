"""load_demo: fill an empty archive with the demo content of demo/content.py.

Idempotent: every record is looked up by its slug (or title) first, and what already exists
is left as editors may have changed it. Running it twice changes nothing.

The records are written in one transaction; the sample recordings (demo/recorded.py), which
take a few seconds of synthesis and ffmpeg each, come after it, one at a time with progress.
"""

import io
import json
from decimal import Decimal

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from archive.languages import CODES, translated
from archive.models import (
    ArchiveImage,
    ConsentScope,
    HistoricalDate,
    HistoricalEvent,
    Narrator,
    Partnership,
    Theme,
)
from archive.vocabulary import ensure_place, seed_themes
from demo import content, recorded, sample_photos, sample_recordings, sample_stories
from stories.models import StoryPage, TranslationStatus
from stories.site_structure import ensure_site_structure
from timelines.models import TimelineEra, TimelineEvent, TimelinePage


def load_demo(say=None, warn=None):
    """Create whatever demo content is missing. Returns {kind: number created}.
    `say` and `warn` take a line each: progress, and what was skipped or failed."""
    created, index = _load_records()
    created["recordings"] = recorded.ensure_sample_recordings(index, say or _quiet, warn or _quiet)
    return created


def _quiet(line):
    pass


@transaction.atomic
def _load_records():
    home, index = ensure_site_structure()
    created = {"themes": 0, "places": 0, "events": 0, "photos": 0, "stories": 0, "timelines": 0}
    created["themes"] = -Theme.objects.count()
    themes = seed_themes(Theme)
    created["themes"] += Theme.objects.count()
    places = {}
    for slug, name_en, name_es, country, region, latitude, longitude in content.PLACES:
        places[slug], new = ensure_place(
            slug, name_en, name_es, country, region, Decimal(latitude), Decimal(longitude)
        )
        created["places"] += new
    for partnership in content.PARTNERSHIPS:
        fields = dict(partnership)
        us_place, sv_place = places[fields.pop("us_place")], places[fields.pop("salvadoran_place")]
        fields["description"] = fields["description_en"]
        Partnership.objects.get_or_create(
            us_place=us_place, salvadoran_place=sv_place, defaults=fields
        )
    for event in content.EVENTS:
        created["events"] += _ensure_event(event, themes, places)
    narrators = {
        item["key"]: _ensure_narrator(item, places)
        for item in sample_photos.NARRATORS + sample_recordings.NARRATORS
    }
    photos = {}
    for photo in sample_photos.PHOTOS:
        photos[photo["key"]], new = _ensure_photo(photo, themes, places)
        created["photos"] += new
    for story in sample_stories.STORIES + sample_recordings.STORIES:
        created["stories"] += _ensure_story(index, story, themes, places, narrators, photos)
    created["timelines"] += _ensure_sister_cities_timeline(home)
    for theme in Theme.objects.filter(parent__isnull=True):
        created["timelines"] += _ensure_theme_timeline(home, theme)
    return created, index


def _fact_fields(event):
    """A seed fact's texts and source, as a key date and a curated timeline event take them."""
    return {
        "headline": event["headline_en"],
        "headline_en": event["headline_en"],
        "headline_es": event["headline_es"],
        "text": event["text_en"],
        "text_en": event["text_en"],
        "text_es": event["text_es"],
        "source": event["source"],
    }


def _ensure_event(event, themes, places):
    if HistoricalEvent.objects.filter(headline_en=event["headline_en"]).exists():
        return False
    record = HistoricalEvent(**_fact_fields(event))
    record.set_historical_date(HistoricalDate.parse(event["date"]))
    record.save()
    record.themes.set([themes[slug] for slug in event["themes"]])
    record.places.set([places[slug] for slug in event["places"]])
    record.save()
    return True


def _ensure_narrator(item, places):
    # An earlier demo's narrator takes its new pseudonym (no "(sample)" in English on
    # Spanish pages) instead of standing beside a new one.
    Narrator.objects.filter(pseudonym=item.get("former") or None).update(
        pseudonym=item["pseudonym"]
    )
    narrator, _ = Narrator.objects.get_or_create(
        pseudonym=item["pseudonym"],
        defaults={
            "real_name": item.get("real_name", ""),
            "community": places[item["community"]],
            "consent_scope": ConsentScope(item.get("consent", "public")),
            "consent_date": timezone.localdate(),
            "voice_consent": item.get("voice", False),
        },
    )
    return narrator


def _ensure_photo(photo, themes, places):
    existing = ArchiveImage.objects.filter(title=photo["title"]).first()
    if existing:
        return existing, False
    former = ArchiveImage.objects.filter(title=photo["former"] or None).first()
    if former:  # an earlier demo's English-only title and credit
        former.title, former.credit = photo["title"], sample_photos.CREDIT
        former.caption_en, former.caption_es = photo["caption_en"], photo["caption_es"]
        former.save()
        return former, False
    image = ArchiveImage(
        title=photo["title"],
        caption=photo["caption_en"],
        caption_en=photo["caption_en"],
        caption_es=photo["caption_es"],
        alt_text=photo["alt_en"],
        alt_text_en=photo["alt_en"],
        alt_text_es=photo["alt_es"],
        credit=sample_photos.CREDIT,
        place=places[photo["place"]],
        file=ImageFile(_draw_landscape(*photo["colours"]), name=f"demo-{photo['key']}.jpg"),
    )
    image.set_historical_date(HistoricalDate.parse(photo["date"]))
    image.save()
    image.themes.set([themes[slug] for slug in photo["themes"]])
    image.save()
    return image, True


def _draw_landscape(sky, hills, ground, size=(1200, 800)):
    """A simple drawn landscape, so the demo has photos without shipping any."""
    width, height = size
    picture = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((width * 0.7, height * 0.1, width * 0.85, height * 0.32), fill=(255, 240, 200))
    draw.polygon(
        [
            (0, height * 0.6),
            (width * 0.3, height * 0.35),
            (width * 0.6, height * 0.55),
            (width * 0.85, height * 0.4),
            (width, height * 0.5),
            (width, height),
            (0, height),
        ],
        fill=hills,
    )
    draw.rectangle((0, height * 0.8, width, height), fill=ground)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    buffer.seek(0)
    return buffer


def _ensure_story(index, story, themes, places, narrators, photos):
    if StoryPage.objects.child_of(index).filter(slug_en=story["slug"]).exists():
        return False
    fields = {
        "is_sample": True,
        # Every demo story is a testimony with a narrator; one without would be the
        # archive's own text, which must be said for it to be published (stories.consent).
        "is_editorial": not story["narrators"],
        "original_language": story["original"],
        "visibility": story.get("visibility", "public"),
    }
    for language in CODES:
        slug = story["slug"] if language == "en" else story["slug_es"]
        fields[f"slug_{language}"] = slug
        fields[f"sensitive_content_note_{language}"] = story.get(f"sensitive_{language}", "")
        if language not in story:
            fields[f"translation_status_{language}"] = TranslationStatus.NEEDED
            continue
        title, summary, paragraphs, quote = story[language]
        fields[f"title_{language}"] = title
        fields[f"summary_{language}"] = summary
        photo = photos.get(story.get("photo"))
        fields[f"body_{language}"] = _body(paragraphs, quote, photo, language)
        fields[f"translation_status_{language}"] = (
            TranslationStatus.ORIGINAL
            if language == story["original"]
            else TranslationStatus.REVIEWED
        )
    page = StoryPage(
        title=fields.get("title_en") or fields["title_es"], slug=story["slug"], **fields
    )
    page.set_historical_date(HistoricalDate.parse(story["date"]))
    # Before the first save: a new page is live, and publishing asks for its narrators.
    page.narrators.set([narrators[key] for key in story["narrators"]])
    index.add_child(instance=page)
    page.themes.set([themes[slug] for slug in story["themes"]])
    page.places.set([places[slug] for slug in story["places"]])
    page.save_revision().publish()
    return True


def _body(paragraphs, quote, photo, language):
    """StreamField data: paragraphs, with the photo after the first one and the quote last."""
    blocks = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]
    if photo is not None:
        alt_text = getattr(photo, f"alt_text_{language}")
        image = {"image": photo.pk, "alt_text": alt_text, "decorative": False}
        blocks.insert(1, {"type": "image", "value": image})
    blocks.append({"type": "quote", "value": {"quote": quote, "attribution": ""}})
    return json.dumps(blocks)


def _timeline_exists(home, slug):
    return TimelinePage.objects.child_of(home).filter(slug_en=slug).exists()


def _ensure_sister_cities_timeline(home):
    spec = content.SISTER_CITIES_TIMELINE
    if _timeline_exists(home, spec["slug_en"]):
        return False
    fields = {key: value for key, value in spec.items() if key not in ("events", "eras")}
    page = TimelinePage(title=spec["title_en"], slug=spec["slug_en"], **fields)
    events = {event["key"]: event for event in content.EVENTS}
    for order, key in enumerate(spec["events"]):
        event = events[key]
        item = TimelineEvent(sort_order=order, **_fact_fields(event))
        item.set_historical_date(HistoricalDate.parse(event["date"]))
        page.events.add(item)
    for order, (label_en, label_es, start, end) in enumerate(spec["eras"]):
        page.eras.add(
            TimelineEra(
                sort_order=order,
                label=label_en,
                label_en=label_en,
                label_es=label_es,
                start_year=start,
                end_year=end,
            )
        )
    home.add_child(instance=page)
    page.save_revision().publish()
    return True


def _ensure_theme_timeline(home, theme):
    """One timeline per top-level theme, drawn automatically from its public records."""
    slug = f"timeline-{theme.slug}"
    if _timeline_exists(home, slug):
        return False
    page = TimelinePage(
        title=f"Timeline: {theme.name_en}",
        title_en=f"Timeline: {theme.name_en}",
        title_es=f"Línea de tiempo: {translated(theme, 'name', 'es')[0]}",
        slug=slug,
        slug_en=slug,
        slug_es=slugify(f"linea-de-tiempo-{theme.name_es or theme.slug}"),
        include_stories=True,
        include_photos=True,
        include_key_dates=True,
    )
    home.add_child(instance=page)
    page.themes.set([theme])
    page.save_revision().publish()
    return True
