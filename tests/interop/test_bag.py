"""The preservation bag: BagIt with SHA-512 fixity, public stories only, public names only,
photos without metadata; validate_bag finds changed and missing files."""

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import bagit
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image
from wagtail.rich_text import RichText

from archive.models import ArchiveImage, ConsentScope, Narrator
from archive.visibility import public_stories
from interop import bag as bag_module
from interop.bag import ExportError, export_bag, validate_bag
from stories.models import StoryIndexPage, StoryPage, Visibility
from stories.site_structure import ensure_site_structure
from tests import built_once
from tests.archive.test_uploads import stored_bytes
from tests.factories import make_narrator, make_photo, make_place, make_story, make_theme
from tests.pictures import assert_no_metadata, jpeg_with_gps, png_with_metadata, webp_with_metadata

pytestmark = pytest.mark.django_db

REAL_NAME = "Secreta Realname"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def paragraph(text):
    return ("paragraph", RichText(f"<p>{text}</p>"))


def shows(photo, alt_text="Harvest"):
    # A fresh instance: the block keeps the alt text on the photo object it is given.
    fresh = ArchiveImage.objects.get(pk=photo.pk)
    return ("image", {"image": fresh, "decorative": False, "alt_text": alt_text})


def _make_archive():
    """The archive's content (see `archive`); returns what names it."""
    _, index = ensure_site_structure()
    # Not the seeded vocabulary (archive/vocabulary.py): this test owns the tree.
    land = make_theme("land-defence", "Land defence", "Defensa del territorio")
    water = make_theme("rivers", "Rivers", "Ríos", parent=land)
    migration = make_theme("migration")
    arcatao = make_place()
    photo = ArchiveImage.objects.create(
        title="River crossing",
        file=ContentFile(jpeg_with_gps(), "river.jpg"),
        caption_en="The river at dawn",
        caption_es="El río al amanecer",
        alt_text_en="A river between hills",
        alt_text_es="Un río entre cerros",
        credit="Sister City Committee",
    )
    narrator = make_narrator(pseudonym="La Ceiba", real_name=REAL_NAME)
    public = make_story(
        index,
        narrators=[narrator],
        themes=[water],
        places=[arcatao],
        title_en="The river came back",
        title_es="Volvió el río",
        body_en=[paragraph("The river is our life."), shows(photo)],
        body_es=[paragraph("El río es nuestra vida."), shows(photo, "Cosecha")],
        date_year=1989,
        date_month=3,
        date_precision="month",
    )
    public.tags.add("mining")
    public.save_revision().publish()
    other = make_story(index, narrators=[make_narrator()], themes=[migration])
    stored = Path(photo.file.path)
    return {
        "keys": {"index": index.pk, "photo": photo.pk, "public": public.pk, "other": other.pk},
        "photo_file": (stored, stored.read_bytes()),
    }


@pytest.fixture(scope="module")
def _archive_rows(django_db_setup, django_db_blocker):
    """The archive's rows and photo file, written once for this module
    (tests/built_once.py)."""
    return built_once.build(django_db_blocker, _make_archive)


@pytest.fixture
def archive(db, _archive_rows):
    """Two public stories under the site structure, one by a narrator with a real name and
    a photo (uploaded with GPS data), on themes of this module's own. The rows are put back
    for each test, the photo's stored file too (a test overwrites it), and the objects are
    read again."""
    rows, made = _archive_rows
    built_once.put_back(rows)
    stored, original = made["photo_file"]
    stored.write_bytes(original)
    keys = made["keys"]
    stories = StoryPage.objects.in_bulk([keys["public"], keys["other"]])
    return {
        "index": StoryIndexPage.objects.get(pk=keys["index"]),
        "photo": ArchiveImage.objects.get(pk=keys["photo"]),
        "public": stories[keys["public"]],
        "other": stories[keys["other"]],
    }


@pytest.fixture
def hidden(archive):
    """Stories the public may not read, each with what must not leak: a photo, a real name."""
    index = archive["index"]
    members = make_story(
        index,
        narrators=[make_narrator(ConsentScope.MEMBERS, real_name="Members Realname")],
        title_en="Closed meeting",
        body_en=[shows(make_photo("Members photo", "members.jpg"))],
        visibility=Visibility.MEMBERS,
    )
    withdrawn_narrator = make_narrator(real_name="Withdrawn Realname")
    withdrawn = make_story(
        index,
        narrators=[withdrawn_narrator],
        title_en="Taken back",
        body_en=[shows(make_photo("Withdrawn photo", "withdrawn.jpg"))],
    )
    Narrator.objects.filter(pk=withdrawn_narrator.pk).update(withdrawn_at=timezone.now())
    unpublished = make_story(index, title_en="Not any more")
    unpublished.unpublish()
    return [members, withdrawn, unpublished]


def files_in(path):
    return sorted(item for item in Path(path).rglob("*") if item.is_file())


def story_files(path, story):
    return Path(path) / "data" / "stories" / str(story.pk)


def exported_ids(path):
    return {int(folder.name) for folder in (Path(path) / "data" / "stories").iterdir()}


# --- The bag -------------------------------------------------------------------------------


def test_the_bag_validates_with_bagit_and_has_only_sha512_manifests(archive, tmp_path):
    path = export_bag(tmp_path / "bag")

    bag = bagit.Bag(str(path))
    assert bag.validate()
    assert bag.algorithms == ["sha512"]
    names = {item.name for item in path.iterdir()}
    assert {"manifest-sha512.txt", "tagmanifest-sha512.txt", "bag-info.txt"} <= names
    assert not [name for name in names if "md5" in name or "sha256" in name]
    assert bag.info["Source-Organization"].startswith("Memoria: archive of the US–El Salvador")
    assert bag.info["Bagging-Date"] == timezone.localdate().isoformat()
    assert "Public stories" in bag.info["External-Description"]
    assert bag.info["Story-Count"] == "2" and bag.info["Photo-Count"] == "1"
    # index.json, 2 × (story.json, dc.xml, images.json) and 1 photo
    assert bag.info["Payload-Oxum"].endswith(".8")
    assert validate_bag(path) == (True, [])


def test_only_public_stories_and_their_photos_go_in(archive, hidden, tmp_path):
    path = export_bag(tmp_path / "bag")

    assert exported_ids(path) == {archive["public"].pk, archive["other"].pk}
    index = json.loads((path / "data" / "index.json").read_text())["stories"]
    assert [entry["id"] for entry in index] == sorted(exported_ids(path))
    assert index[0]["folder"] == f"stories/{index[0]['id']}"
    photos = list(story_files(path, archive["public"]).glob("images/*"))
    assert [photo.name for photo in photos] == [f"{archive['photo'].pk}.jpg"]
    assert not list(story_files(path, archive["other"]).glob("images/*"))
    everything = b"".join(item.read_bytes() for item in files_in(path))
    for story in hidden:
        assert story.title_en.encode() not in everything
    assert b"Members photo" not in everything and b"Withdrawn photo" not in everything


def test_no_real_name_of_a_narrator_with_a_pseudonym_is_in_any_file(archive, hidden, tmp_path):
    path = export_bag(tmp_path / "bag")

    for item in files_in(path):
        assert REAL_NAME.encode() not in item.read_bytes(), item
        assert b"Realname" not in item.read_bytes(), item
        assert "Realname" not in str(item.relative_to(path))
    record = json.loads((story_files(path, archive["public"]) / "story.json").read_text())
    assert record["narrators"] == ["La Ceiba"]


def test_story_json_holds_both_languages_and_the_public_vocabulary(archive, tmp_path):
    path = export_bag(tmp_path / "bag")
    story, photo = archive["public"], archive["photo"]

    record = json.loads((story_files(path, story) / "story.json").read_text())
    assert record["id"] == story.pk and record["original_language"] == "es"
    assert record["date"] == {"iso": "1989-03", "en": "March 1989", "es": "marzo de 1989"}
    assert record["themes"] == [{"slug": "rivers", "name_en": "Rivers", "name_es": "Ríos"}]
    assert record["places"] == [
        {"slug": "arcatao", "name_en": "Arcatao", "name_es": "Arcatao", "country": "SV"}
    ]
    assert record["tags"] == ["mining"]
    english, spanish = record["languages"]["en"], record["languages"]["es"]
    assert english["title"] == "The river came back" and spanish["title"] == "Volvió el río"
    assert english["has_text"] and english["translation_status"] == "needed"
    assert spanish["translation_status"] == "original"
    assert english["body_text"] == f"The river is our life.\n\n[Photo {photo.pk}: Harvest]"
    assert spanish["body_text"].startswith("El río es nuestra vida.")
    assert [block["type"] for block in english["body"]] == ["paragraph", "image"]
    assert english["body"][1]["value"]["image"] == photo.pk
    assert english["url"].startswith("http") and "/es/" in spanish["url"]
    assert english["url"] != spanish["url"]

    images = json.loads((story_files(path, story) / "images.json").read_text())
    assert images == record["images"]
    assert images[0]["caption_es"] == "El río al amanecer"
    assert images[0]["alt_text_en"] == "A river between hills"
    assert images[0]["credit"] == "Sister City Committee"


def test_dublin_core_names_the_story_in_both_languages(archive, tmp_path):
    path = export_bag(tmp_path / "bag")
    story = archive["public"]

    root = ET.parse(story_files(path, story) / "dc.xml").getroot()
    assert root.tag == "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"

    def values(name):
        return [(item.get(XML_LANG), item.text) for item in root.iter(f"{DC}{name}")]

    assert values("title") == [("en", "The river came back"), ("es", "Volvió el río")]
    assert ("es", "Cómo la comunidad protegió su río.") in values("description")
    assert values("creator") == [(None, "La Ceiba")]
    assert values("date") == [(None, "1989-03")]
    assert ("en", "Rivers") in values("subject") and ("es", "Ríos") in values("subject")
    assert ("es", "Arcatao") in values("coverage")
    assert [text for _, text in values("language")] == ["en", "es"]
    assert len(values("identifier")) == 2
    assert (None, "Text") in values("type") and ("en", "Oral history") in values("type")


def test_every_kind_of_block_has_a_plain_text_form(archive, tmp_path):
    body = [
        {"type": "paragraph", "value": "<h2>Before</h2><p>One &amp; two<br/>three</p>"},
        {"type": "quote", "value": {"quote": "We stayed.", "attribution": "La Ceiba"}},
        {"type": "transcript", "value": {"heading": "Tape 1", "transcript": "Q: When?"}},
        {"type": "embed", "value": "https://archive.org/details/example"},
    ]
    story = make_story(
        archive["index"], narrators=[make_narrator()], spanish=False, body_en=json.dumps(body)
    )
    path = export_bag(tmp_path / "bag")

    record = json.loads((story_files(path, story) / "story.json").read_text())
    assert record["languages"]["en"]["body_text"] == (
        "Before\nOne & two\nthree\n\n“We stayed.”\n— La Ceiba\n\nTape 1\nQ: When?\n\n"
        "https://archive.org/details/example"
    )
    spanish = record["languages"]["es"]
    assert spanish["has_text"] is False and spanish["title"] == ""  # not the English one
    assert record["languages"]["en"]["title"] == story.title_en
    dublin_core = ET.parse(story_files(path, story) / "dc.xml").getroot()
    assert [item.get(XML_LANG) for item in dublin_core.iter(f"{DC}title")] == ["en"]


def test_the_demo_archive_exports_to_a_valid_bag(demo, tmp_path):
    path = export_bag(tmp_path / "bag")

    assert validate_bag(path) == (True, [])
    assert exported_ids(path) == set(public_stories().values_list("pk", flat=True))
    for story_json in path.glob("data/stories/*/story.json"):
        record = json.loads(story_json.read_text())
        written = [lang for lang, version in record["languages"].items() if version["has_text"]]
        assert written and all(record["languages"][lang]["body_text"] for lang in written)
    for photo in path.glob("data/stories/*/images/*"):
        assert_no_metadata(photo.read_bytes())


# --- Photos --------------------------------------------------------------------------------


def test_the_exported_photo_is_the_stored_original_without_exif(archive, tmp_path):
    path = export_bag(tmp_path / "bag")
    photo = archive["photo"]

    exported = (story_files(path, archive["public"]) / "images" / f"{photo.pk}.jpg").read_bytes()
    assert_no_metadata(exported)
    assert exported == stored_bytes(photo)  # kept bit for bit: it was stripped on upload


@pytest.mark.parametrize(
    "data, extension",
    [(jpeg_with_gps, "jpg"), (png_with_metadata, "png"), (webp_with_metadata, "webp")],
    ids=["jpeg", "png", "webp"],
)
def test_a_stored_file_that_still_has_metadata_is_stripped(archive, tmp_path, data, extension):
    """A file put in storage without going through ArchiveImage.save (an old upload, a copy
    by hand) is stripped on its way into the bag."""
    photo = archive["photo"]
    Path(photo.file.path).write_bytes(data())

    path = export_bag(tmp_path / "bag")
    folder = story_files(path, archive["public"]) / "images"
    exported = (folder / f"{photo.pk}.{extension}").read_bytes()
    assert_no_metadata(exported)
    with Image.open(io.BytesIO(exported)) as picture:
        picture.load()
    assert validate_bag(path) == (True, [])


def test_a_photo_of_a_public_story_not_in_public_images_is_left_out(archive):
    """Belt and braces: the bag asks public_images(), not only the story's body."""
    story = archive["public"]
    nothing_public = bag_module._Public(
        image_ids=frozenset(), page_ids=frozenset(), document_ids=frozenset(), site_root=""
    )

    record = bag_module.story_record(story, nothing_public)
    english = record["languages"]["en"]
    assert english["body"][1]["value"]["image"] is None
    assert "[Photo" not in english["body_text"]


def test_links_to_hidden_pages_lose_their_target(archive, hidden, tmp_path):
    members, other = hidden[0], archive["other"]
    make_story(
        archive["index"],
        narrators=[make_narrator()],
        themes=[make_theme("migration")],
        body_en=[
            paragraph(
                f'See <a linktype="page" id="{members.pk}">the meeting</a>, '
                f'<a linktype="page" id="{other.pk}">the water</a> and '
                '<a href="https://example.org/">more</a>.'
            )
        ],
    )
    path = export_bag(tmp_path / "bag", themes=["migration"])

    records = [json.loads(item.read_text()) for item in path.glob("data/stories/*/story.json")]
    html = next(r for r in records if r["id"] != other.pk)["languages"]["en"]["body"][0]["value"]
    assert html == (
        f'<p>See <a>the meeting</a>, <a linktype="page" id="{other.pk}">the water</a> and '
        '<a href="https://example.org/">more</a>.</p>'
    )


# --- Fixity --------------------------------------------------------------------------------


def test_a_changed_file_is_reported(archive, tmp_path):
    path = export_bag(tmp_path / "bag")
    story_json = story_files(path, archive["public"]) / "story.json"
    story_json.write_text(story_json.read_text().replace("river", "rivet"))  # same size

    ok, problems = validate_bag(path)
    assert not ok
    assert len(problems) == 1 and "story.json sha512 validation failed" in problems[0]
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(path)).validate()


def test_a_changed_photo_of_another_size_is_reported_by_name(archive, tmp_path):
    path = export_bag(tmp_path / "bag")
    photo = next((story_files(path, archive["public"]) / "images").iterdir())
    photo.write_bytes(photo.read_bytes() + b"appended")

    ok, problems = validate_bag(path)
    assert not ok
    assert problems[0].startswith("Payload-Oxum validation failed")
    assert any(photo.name in problem and "sha512" in problem for problem in problems[1:])


def test_a_deleted_file_is_reported(archive, tmp_path):
    path = export_bag(tmp_path / "bag")
    deleted = story_files(path, archive["other"]) / "dc.xml"
    deleted.unlink()

    ok, problems = validate_bag(path)
    assert not ok
    assert any(
        f"stories/{archive['other'].pk}/dc.xml exists in manifest but was not found" in problem
        for problem in problems
    )
    assert not bagit.Bag(str(path)).is_valid()


def test_a_folder_that_is_no_bag_is_reported(tmp_path):
    ok, problems = validate_bag(tmp_path)
    assert not ok and problems[0].startswith("Not a readable bag")


# --- Selection and safety ------------------------------------------------------------------


def test_a_theme_selects_its_stories_and_those_of_its_child_themes(archive, tmp_path):
    path = export_bag(tmp_path / "land", themes=["land-defence"])
    assert exported_ids(path) == {archive["public"].pk}  # on "rivers", a child of it

    path = export_bag(tmp_path / "both", themes=["rivers", "migration"])
    assert exported_ids(path) == {archive["public"].pk, archive["other"].pk}
    assert "migration, rivers" in bagit.Bag(str(path)).info["External-Description"]


def test_a_theme_with_no_public_story_makes_an_empty_but_valid_bag(archive, tmp_path):
    make_theme("health", "Health", "Salud")
    path = export_bag(tmp_path / "bag", themes=["health"])
    assert not (path / "data" / "stories").exists()
    assert json.loads((path / "data" / "index.json").read_text())["stories"] == []
    assert validate_bag(path) == (True, [])


def test_a_real_name_typed_into_a_public_story_stops_the_export(archive, tmp_path):
    make_story(
        archive["index"],
        narrators=[make_narrator()],
        body_en=[("quote", {"quote": "We stayed.", "attribution": "secreta realname"})],
    )
    with pytest.raises(ExportError) as refused:
        export_bag(tmp_path / "bag")
    assert "real name" in str(refused.value) and "ecreta" not in str(refused.value)
    assert list(tmp_path.iterdir()) == []  # no bag, no half-built folder


def test_an_interrupted_export_leaves_nothing_behind(archive, tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(bagit, "make_bag", fail)
    with pytest.raises(KeyboardInterrupt):
        export_bag(tmp_path / "bag")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_empty_folder_is_used(archive, tmp_path):
    (tmp_path / "bag").mkdir()
    path = export_bag(tmp_path / "bag")
    assert validate_bag(path) == (True, [])
    assert sorted(item.name for item in tmp_path.iterdir()) == ["bag"]


# --- Commands ------------------------------------------------------------------------------


def test_the_commands_export_and_validate(archive, tmp_path):
    out = io.StringIO()
    call_command(
        "export_bag",
        str(tmp_path / "bag"),
        "--theme",
        "land-defence",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "Bag written to" in out.getvalue()
    assert exported_ids(tmp_path / "bag") == {archive["public"].pk}

    out = io.StringIO()
    call_command("validate_bag", str(tmp_path / "bag"), stdout=out)
    assert out.getvalue().strip() == "valid"


def test_validate_bag_command_prints_each_problem_and_fails(archive, tmp_path):
    path = export_bag(tmp_path / "bag")
    (story_files(path, archive["public"]) / "dc.xml").unlink()
    (story_files(path, archive["other"]) / "dc.xml").unlink()

    errors = io.StringIO()
    with pytest.raises(CommandError, match="not a valid bag"):
        call_command("validate_bag", str(path), stdout=io.StringIO(), stderr=errors)
    assert errors.getvalue().count("dc.xml exists in manifest but was not found") == 2


def test_export_command_refuses_a_non_empty_folder(archive, tmp_path):
    (tmp_path / "bag").mkdir()
    (tmp_path / "bag" / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="already exists and is not an empty directory"):
        call_command("export_bag", str(tmp_path / "bag"), stderr=io.StringIO())
    assert [item.name for item in (tmp_path / "bag").iterdir()] == ["notes.txt"]


def test_export_command_refuses_an_unknown_theme(archive, tmp_path):
    with pytest.raises(CommandError, match="Unknown theme slug\\(s\\): nope"):
        call_command(
            "export_bag", str(tmp_path / "bag"), "--theme", "nope", "--theme", "land-defence"
        )
    assert list(tmp_path.iterdir()) == []
