"""The published timeline the browser tests open ("Our timeline", /our-timeline/, Spanish
/es/nuestra-linea/), built by the `timeline` and `rich_timeline` fixtures in conftest.py."""

EVENTS = [  # (date, English headline, Spanish headline)
    ("1986", "Sistering begins", "Comienza el hermanamiento"),
    ("1992", "Peace accords", "Acuerdos de paz"),
    ("2000", "New century", "Nuevo siglo"),
]

# What `rich_timeline` adds, so the page, the embed and the TimelineJS JSON show every kind
# of field we emit: a period with an end year in a lane (group), a photo with its alt text
# and credit, a source, and an event with no Spanish text yet (the "not yet translated" note).
RANGE_EVENT = {
    "date": "1987–1991",
    "headline_en": "Delegations travel south",
    "headline_es": "Las delegaciones viajan al sur",
    "text_en": "Church groups visit the repopulated villages.",
    "text_es": "Grupos de iglesias visitan las comunidades repobladas.",
    "group": "Delegations",
    "source": "Sister-city newsletter, 1991",
}
PHOTO_EVENT = {
    "date": "1995-06",
    "headline_en": "A school opens in Arcatao",
    "headline_es": "Abre una escuela en Arcatao",
    "text_en": "Built with the sister city's help.",
    "group": "Delegations",
}
UNTRANSLATED_EVENT = {"date": "1998", "headline_en": "A second delegation", "text_en": "Text."}


def create_timeline(*, rich=False):
    """Publish the timeline: three events and an era ("Civil war", 1980–1992); with `rich`,
    also the events above. Returns the card ids (event-<pk>) in the order shown."""
    from archive.models import HistoricalDate
    from stories.site_structure import ensure_site_structure
    from timelines.building import timeline_entries
    from timelines.models import TimelineEra, TimelineEvent, TimelinePage

    home, _index = ensure_site_structure()
    timeline = TimelinePage(
        title="Our timeline",
        title_en="Our timeline",
        title_es="Nuestra línea de tiempo",
        slug="our-timeline",
        slug_en="our-timeline",
        slug_es="nuestra-linea",
    )
    events = [
        {"date": date, "headline_en": english, "headline_es": spanish, "text_en": "Text."}
        for date, english, spanish in EVENTS
    ]
    if rich:
        from tests.factories import make_photo

        timeline.introduction_en = "Three decades of sister cities."
        timeline.introduction_es = "Tres décadas de ciudades hermanas."
        photo = make_photo(
            title="School in Arcatao",
            shown_on_its_own=True,
            caption_en="The new school",
            caption_es="La escuela nueva",
            alt_text_en="A one-storey school building with a tin roof",
            alt_text_es="Una escuela de una planta con techo de lámina",
            credit="Arcatao community archive",
        )
        events += [RANGE_EVENT, {**PHOTO_EVENT, "image": photo}, UNTRANSLATED_EVENT]
    for fields in events:
        fields = dict(fields)
        date = HistoricalDate.parse(fields.pop("date"))
        event = TimelineEvent(**fields)
        event.set_historical_date(date)
        timeline.events.add(event)
    timeline.eras.add(
        TimelineEra(label_en="Civil war", label_es="Guerra civil", start_year=1980, end_year=1992)
    )
    home.add_child(instance=timeline)
    timeline.save_revision().publish()
    return [entry.unique_id for entry in timeline_entries(timeline, "en")]
