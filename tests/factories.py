"""Small builders for test records. Each returns a saved object with both languages set
where that matters, so tests read as the situation they describe."""

import io
import itertools

from django.core.files.base import ContentFile
from PIL import Image
from wagtail.rich_text import RichText

from archive.models import ArchiveImage, ConsentScope, Narrator, Place, Theme

_counter = itertools.count(1)


def make_theme(slug="migration", name_en="Migration", name_es="Migración", parent=None):
    theme, _ = Theme.objects.get_or_create(
        slug=slug,
        defaults={"name": name_en, "name_en": name_en, "name_es": name_es, "parent": parent},
    )
    return theme


def make_place(slug="arcatao", name="Arcatao", country="SV"):
    place, _ = Place.objects.get_or_create(
        slug=slug, defaults={"name": name, "name_en": name, "name_es": name, "country": country}
    )
    return place


def make_narrator(consent=ConsentScope.PUBLIC, **fields):
    fields.setdefault("pseudonym", f"Narrator {next(_counter)}")
    return Narrator.objects.create(consent_scope=consent, **fields)


def make_story(index, *, english=True, spanish=True, narrators=(), themes=(), places=(), **fields):
    """A live story under `index`. english/spanish choose which languages have text. Without
    narrators it is marked as editorial text, unless `is_editorial` says otherwise."""
    number = next(_counter)
    texts = {}
    if english:
        texts.update(
            title_en=f"Water came back {number}",
            slug_en=f"water-{number}",
            summary_en="How the community protected its river.",
            body_en=[("paragraph", RichText("<p>The river is our life.</p>"))],
        )
    if spanish:
        texts.update(
            title_es=f"Volvió el agua {number}",
            slug_es=f"agua-{number}",
            summary_es="Cómo la comunidad protegió su río.",
            body_es=[("paragraph", RichText("<p>El río es nuestra vida.</p>"))],
        )
    texts.update({key: fields.pop(key) for key in list(fields) if key in texts})
    texts.setdefault("slug_en", texts.get("slug_es"))
    texts.setdefault("slug_es", texts.get("slug_en"))
    title = texts.get("title_en") or texts["title_es"]
    fields.setdefault("original_language", "es" if spanish else "en")
    # A published story names a narrator or is the archive's own text (stories.consent).
    fields.setdefault("is_editorial", not narrators)
    story = _story_model()(title=title, slug=texts["slug_en"], **texts, **fields)
    # Before the first save: a new page is live, and publishing asks for its narrators.
    story.narrators.set(narrators)
    story = index.add_child(instance=story)
    story.themes.set(themes)
    story.places.set(places)
    story.save_revision().publish()
    return story


def _story_model():
    from stories.models import StoryPage

    return StoryPage


def make_photo(title="Harvest in Arcatao", name="harvest.jpg", size=(800, 600), **fields):
    """A stored photo (a real JPEG) with English and Spanish captions."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "JPEG")
    fields.setdefault("caption_en", "Harvest")
    fields.setdefault("caption_es", "Cosecha")
    return ArchiveImage.objects.create(
        title=title, file=ContentFile(buffer.getvalue(), name), **fields
    )


def photo_block(photo):
    """Story body data showing `photo` (use as body_en=... / body_es=...)."""
    return [("image", {"image": photo, "decorative": False, "alt_text": "Harvest"})]


def make_long_timeline(home, events, slug="long"):
    """A published timeline of `events` curated events, one a year from 1900, under `home`:
    their card ids (event-<pk>) in the order shown."""
    from archive.models import HistoricalDate
    from timelines.models import TimelineEvent, TimelinePage

    timeline = TimelinePage(title="Long", title_en="Long", slug=slug, slug_en=slug)
    for number in range(events):
        event = TimelineEvent(headline_en=f"Event number {number:04d}", text_en="Text.")
        event.set_historical_date(HistoricalDate.parse(str(1900 + number)))
        timeline.events.add(event)
    home.add_child(instance=timeline)
    timeline.save_revision().publish()
    ordered = timeline.events.order_by("date_year").values_list("pk", flat=True)
    return [f"event-{pk}" for pk in ordered]
