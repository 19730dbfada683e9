"""One synthetic story's content, pure: it depends only on the seed, the story's number and
the vocabulary, so a story is the same whatever the batch size."""

import random
import uuid
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.text import slugify

from archive.languages import CODES, other
from archive.models import Precision
from demo.corpus.texts import ENVIRONMENT, QUOTES, SENTENCES, SUBJECTS, TITLES

FIRST_YEAR, LAST_YEAR = 1980, 2026


# --- One story's content (pure: depends only on seed, number and vocabulary) -------------
@dataclass
class StorySpec:
    number: int
    fields: dict  # StoryPage field values, both languages
    themes: list = field(default_factory=list)
    places: list = field(default_factory=list)
    narrators: list = field(default_factory=list)


def _spanish(text):
    # The word lists keep their article ("el río"); Spanish contracts "de el" and "a el".
    return text.replace(" de el ", " del ").replace(" a el ", " al ")


def _fill(template, values):
    subject = values["subject"]
    return template.format(Subject=subject[:1].upper() + subject[1:], **values)


def _block_id(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _historical_date(rng):
    """Date fields of HistoricalDateFields: mostly years, some months, days, decades, spans."""
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    dates = {"date_year": year, "date_precision": Precision.YEAR, "date_circa": False}
    kind = rng.random()
    if kind < 0.45:
        dates["date_circa"] = rng.random() < 0.2
    elif kind < 0.65:
        dates.update(date_precision=Precision.MONTH, date_month=rng.randint(1, 12))
    elif kind < 0.80:
        dates.update(
            date_precision=Precision.DAY, date_month=rng.randint(1, 12), date_day=rng.randint(1, 28)
        )
    elif kind < 0.90:
        dates.update(date_precision=Precision.DECADE, date_year=year - year % 10)
    elif year < LAST_YEAR:
        dates["date_end_year"] = min(year + rng.randint(1, 12), LAST_YEAR)
    return dates


def story_spec(seed, number, vocabulary):
    """Everything about story `number` of `seed`, drawn from its own random.Random."""
    rng = random.Random(f"memoria-corpus:{seed}:{number}")
    theme_slug = rng.choice(sorted(SUBJECTS))
    themes = [vocabulary.themes[theme_slug]]
    if theme_slug in ("water", "mining") and rng.random() < 0.5:
        themes.append(vocabulary.themes[ENVIRONMENT])
    if rng.random() < 0.25:
        second_theme = rng.choice(sorted(set(SUBJECTS) - {theme_slug}))
        themes.append(vocabulary.themes[second_theme])
    places = rng.sample(vocabulary.places, rng.choice((1, 1, 2)))
    narrators = rng.sample(vocabulary.narrators, rng.choice((1, 1, 1, 2)))
    dates = _historical_date(rng)
    year = dates["date_year"]
    subject = rng.choice(SUBJECTS[theme_slug])
    values = {
        language: {
            "subject": subject[index],
            "place": getattr(places[0], f"name_{language}") or places[0].name,
            "narrator": narrators[0].pseudonym,
            "year": year,
            "later": min(year + rng.randint(3, 20), LAST_YEAR),
        }
        for index, language in enumerate(CODES)
    }
    title = rng.choice(TITLES)
    titles = {"en": _fill(title[0], values["en"]), "es": _spanish(_fill(title[1], values["es"]))}
    summaries = {
        "en": f"Synthetic corpus story {number} (seed {seed}): "
        + _fill("{narrator} recalls {subject} in {place}.", values["en"]),
        "es": f"Relato sintético del corpus n.º {number} (semilla {seed}): "
        + _spanish(_fill("{narrator} recuerda {subject} en {place}.", values["es"])),
    }
    paragraphs = []
    for _paragraph in range(rng.randint(3, 5)):
        paragraphs.append(rng.sample(SENTENCES, rng.randint(2, 4)))
    quote = rng.choice(QUOTES) if rng.random() < 0.5 else None
    bodies = {}
    for index, language in enumerate(CODES):
        label = "Synthetic corpus story" if language == "en" else "Relato sintético del corpus"
        blocks = [{"type": "paragraph", "value": f"<p><em>{label}.</em></p>", "id": _block_id(rng)}]
        for sentences in paragraphs:
            text = " ".join(_fill(pair[index], values[language]) for pair in sentences)
            text = escape(_spanish(text) if language == "es" else text)
            blocks.append({"type": "paragraph", "value": f"<p>{text}</p>", "id": _block_id(rng)})
        if quote:
            value = {"quote": quote[index], "attribution": narrators[0].pseudonym}
            blocks.append({"type": "quote", "value": value, "id": _block_id(rng)})
        bodies[language] = blocks

    original = "es" if rng.random() < 0.7 else "en"
    other_language = other(original)
    translated = rng.random() < 0.85  # else only the original language has text
    fields = {
        **dates,
        "original_language": original,
        f"translation_status_{original}": "original",
        f"translation_status_{other_language}": "reviewed" if translated else "needed",
        "visibility": "public",
        "is_sample": True,
        "sensitive_content_note": "",
    }
    for language in CODES:
        # As StoryPage.full_clean does: an untranslated story borrows the original's title
        # (Wagtail needs one in the default language); its summary and body stay empty, so
        # readers get the "shown in the original" notice.
        has_text = language == original or translated
        source = language if has_text else original
        fields[f"title_{language}"] = titles[source]
        fields[f"summary_{language}"] = summaries[language] if has_text else None
        fields[f"body_{language}"] = bodies[language] if has_text else None
    suffix = f"s{seed}-{number}"
    for language in CODES:
        fields[f"slug_{language}"] = f"{slugify(fields[f'title_{language}'])[:80]}-{suffix}"
    return StorySpec(number, fields, themes, places, narrators)
