"""Preservation package: the public archive as a BagIt bag (RFC 8493) with SHA-512 fixity.

    data/index.json                 the stories in the bag, with their titles
    data/stories/<id>/story.json    both languages: text, StreamField JSON, vocabulary, URLs
    data/stories/<id>/dc.xml        Dublin Core (oai_dc) for catalogues and harvesters
    data/stories/<id>/images.json   captions, alt text and credit of the story's photos
    data/stories/<id>/images/<image-id>.<ext>
    data/stories/<id>/recording-<rec-id>/recording.<ext>   the web copy (never the original)
    data/stories/<id>/recording-<rec-id>/<lang>.vtt        transcript, times and words only
    data/stories/<id>/recording-<rec-id>/index.json        the segment index

A bag is copied to other institutions and cannot be recalled, so what goes in follows the
archive's one visibility rule (archive.visibility) and nothing else: public stories only,
their public photos only, narrators by display name only, a recording's file only where its
narrators agreed to publishing their voice (interop.story_media; without it, "words yes,
voice no", its transcripts and index still go in, as the story page shows them). As a last
line of defence every text file is checked for the real name of any narrator who uses a
pseudonym.
"""

import copy
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from html import unescape
from pathlib import Path

import bagit
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from archive import site_url
from archive.document_links import unlink
from archive.languages import CODES
from archive.models import ArchiveImage, Narrator, Theme, ThemeTree
from archive.uploads import picture_without_metadata
from archive.visibility import public_documents, public_images, public_pages, public_stories
from interop import dublin_core
from interop.story_media import iso_duration, public_recordings

SOURCE_ORGANIZATION = "Memoria: archive of the US–El Salvador sister-city movement"
CHECKSUMS = ["sha512"]


class ExportError(Exception):
    """The bag cannot be made; the message tells the operator why (never a real name)."""


@dataclass(frozen=True)
class _Public:
    """What the visibility rule allows, looked up once for the whole export."""

    image_ids: frozenset
    page_ids: frozenset
    document_ids: frozenset
    site_root: str

    @classmethod
    def now(cls):
        others, stories = public_pages()
        return cls(
            image_ids=frozenset(public_images().values_list("pk", flat=True)),
            page_ids=frozenset(others.values_list("pk", flat=True))
            | frozenset(stories.values_list("pk", flat=True)),
            site_root=site_url.base(),
            document_ids=frozenset(public_documents().values_list("pk", flat=True)),
        )


# --- Entry points --------------------------------------------------------------------------


def export_bag(out_dir, themes=None, progress=None):
    """Write the public stories (those with any of the theme slugs `themes`, child themes
    included, when given) as a bag at `out_dir`, which must be missing or empty.

    `progress(stories, total)` may wrap the iteration over stories (e.g. with tqdm).
    Returns the bag's path. The bag is built beside `out_dir` and moved there only when
    complete, so an interrupted export leaves no half bag behind.
    """
    out_dir = Path(out_dir).resolve()
    _refuse_non_empty(out_dir)
    stories = selected_stories(themes)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", suffix=".partial", dir=out_dir.parent))
    try:
        counts = _write_payload(work, stories, progress)
        # mkdtemp made the folder private; the bag holds public records only, and bagit
        # gives data/ the folder's mode, so open it up before bagging.
        os.chmod(work, 0o755)
        bagit.make_bag(str(work), _bag_info(themes, counts), checksums=CHECKSUMS)
        _move_into_place(work, out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return out_dir


def validate_bag(path):
    """Check a bag's structure and fixity. Returns (ok, problems), one line per problem."""
    try:
        bag = bagit.Bag(os.fspath(path))
    except bagit.BagError as error:
        return False, [f"Not a readable bag: {error}"]
    problems = []
    if "sha512" not in bag.algorithms:
        problems.append("The bag has no SHA-512 manifest.")
    try:
        bag.validate()
    except bagit.BagValidationError as error:
        problems.extend(_validation_problems(bag, error))
    except bagit.BagError as error:
        problems.append(str(error))
    return not problems, problems


def _validation_problems(bag, error):
    if error.details:
        return [str(detail) for detail in error.details]
    problems = [error.message]
    # bagit stops at a wrong Payload-Oxum (file count and size) before naming any file;
    # look again without it so the operator learns which files are missing or changed.
    if bag.info.pop("Payload-Oxum", None) is not None:
        try:
            bag.validate()
        except bagit.BagError as again:
            problems.extend(str(detail) for detail in getattr(again, "details", []))
    return problems


# --- Choosing stories ----------------------------------------------------------------------


def selected_stories(theme_slugs=None):
    """Public stories, in a stable order; only those on these themes (or below) if given."""
    stories = public_stories()
    if theme_slugs:
        stories = stories.filter(themes__in=_theme_ids(theme_slugs)).distinct()
    return stories.order_by("pk").prefetch_related("narrators", "themes", "places", "tags")


def _theme_ids(slugs):
    found = {theme.slug: theme for theme in Theme.objects.filter(slug__in=slugs)}
    unknown = sorted(set(slugs) - set(found))
    if unknown:
        raise ExportError(f"Unknown theme slug(s): {', '.join(unknown)}.")
    return set(ThemeTree().below(*(theme.pk for theme in found.values())))


# --- The bag around the payload ------------------------------------------------------------


def _refuse_non_empty(out_dir):
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise ExportError(f"{out_dir} already exists and is not an empty directory.")


def _move_into_place(work, out_dir):
    _refuse_non_empty(out_dir)  # someone may have written there while we worked
    if out_dir.exists():
        out_dir.rmdir()
    os.rename(work, out_dir)


def _bag_info(themes, counts):
    scope = f" on the themes {', '.join(sorted(themes))}" if themes else ""
    return {
        "Source-Organization": SOURCE_ORGANIZATION,
        "Bagging-Date": date.today().isoformat(),
        "External-Description": (
            f"Public stories of the Memoria archive{scope}: each story as JSON and Dublin "
            "Core XML in English and Spanish, with the photos it shows (metadata removed) "
            "and its recorded testimonies (the web copy where the narrators agreed to "
            "publishing their voice, WebVTT transcripts and the segment index). "
            "Narrators are named only as they are publicly (pseudonyms where set)."
        ),
        "Story-Count": str(counts["stories"]),
        "Photo-Count": str(counts["photos"]),
        "Recording-Count": str(counts["recordings"]),
    }


def _write_payload(work, stories, progress):
    public = _Public.now()
    guard = _RealNameGuard(work)
    counts = {"stories": 0, "photos": 0, "recordings": 0}
    index = []
    iterable = stories.iterator(chunk_size=200)
    if progress:
        iterable = progress(iterable, stories.count())
    for story in iterable:
        record = _write_story(f"stories/{story.pk}", story, public, guard)
        index.append(_index_entry(record, f"stories/{story.pk}"))
        counts["stories"] += 1
        counts["photos"] += len(record["images"])
        counts["recordings"] += sum(1 for item in record["recordings"] if item["file"])
    # Also what keeps a bag of an empty selection valid: bagit needs one payload file.
    guard.write("index.json", _json_text({"source": SOURCE_ORGANIZATION, "stories": index}))
    return counts


def _index_entry(record, folder):
    titles = {f"title_{lang}": record["languages"][lang]["title"] for lang in CODES}
    return {"id": record["id"], "folder": folder, **titles}


def _write_story(folder, story, public, guard):
    """Write one story's files; returns its record (story.json's data)."""
    images = [image for image in _images_shown(story) if image.pk in public.image_ids]
    record = story_record(story, public)
    record["images"] = [_image_record(image, public) for image in images]
    record["recordings"] = [
        _write_recording(f"{folder}/recording-{recording.id}", recording, guard)
        for recording in public_recordings(story)
    ]
    guard.write(f"{folder}/story.json", _json_text(record))
    guard.write(f"{folder}/images.json", _json_text(record["images"]))
    guard.write(f"{folder}/dc.xml", dublin_core.story_document(story).decode())
    for image in images:
        data, extension = _picture_without_metadata(image)
        _write(guard.root / folder / "images" / f"{image.pk}.{extension}", data)
    return record


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def _json_text(data):
    # ensure_ascii=False keeps names readable (and lets a byte search find them).
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class _RealNameGuard:
    """Writes the bag's text files, refusing any that holds the real name of a narrator who
    uses a pseudonym (an editor may have typed it into a quote's attribution or the text)."""

    def __init__(self, root):
        self.root = root
        names = {
            real.strip()
            for real, pseudonym in Narrator.objects.exclude(pseudonym="")
            .exclude(real_name="")
            .values_list("real_name", "pseudonym")
            if real.strip() and real.strip().casefold() != pseudonym.strip().casefold()
        }
        alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        # Whole names only ("Ana" not inside "Santa Anita"), whatever their first and last
        # characters are.
        self.pattern = (
            re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) if names else None
        )

    def write(self, relative_path, text):
        if self.pattern and self.pattern.search(text):
            raise ExportError(
                f"{relative_path} would contain the real name of a narrator who uses a "
                "pseudonym. Remove the name from that story, then export again."
            )
        _write(self.root / relative_path, text)


# --- What a story says ---------------------------------------------------------------------


def story_record(story, public):
    """Everything story.json holds, made only of what the public may see."""
    historical_date = story.historical_date
    return {
        "id": story.pk,
        "original_language": story.original_language,
        "is_sample": story.is_sample,
        "first_published_at": (
            story.first_published_at.isoformat() if story.first_published_at else None
        ),
        "date": (
            {
                "iso": historical_date.iso(),
                **{lang: historical_date.render(lang) for lang in CODES},
            }
            if historical_date
            else None
        ),
        "narrators": [narrator.display_name for narrator in story.narrators.all()],
        "themes": [_names(theme) for theme in story.themes.all()],
        "places": [{**_names(place), "country": place.country} for place in story.places.all()],
        "tags": sorted(tag.name for tag in story.tags.all()),
        "languages": {lang: _language_version(story, lang, public) for lang in CODES},
    }


def _names(item):
    return {
        "slug": item.slug,
        **{f"name_{lang}": getattr(item, f"name_{lang}") for lang in CODES},
    }


def _language_version(story, language, public):
    body = getattr(story, f"body_{language}", None)
    with translation.override(language):
        url = site_url.absolute(story.get_url())
    return {
        "has_text": story.has_text_in(language),
        "translation_status": getattr(story, f"translation_status_{language}"),
        "title": story.own_title(language),
        "summary": getattr(story, f"summary_{language}") or "",
        "sensitive_content_note": getattr(story, f"sensitive_content_note_{language}") or "",
        "body_text": _body_text(body, public) if body else "",
        "body": _body_data(body, public) if body else [],
        "url": url,
    }


def _body_data(body, public):
    """The StreamField's stored JSON, minus links to anything the public cannot see."""
    data = copy.deepcopy(body.get_prep_value())
    for block in data:
        value = block.get("value")
        if block["type"] == "image" and isinstance(value, dict):
            if value.get("image") not in public.image_ids:
                value["image"] = None
        elif block["type"] == "paragraph" and isinstance(value, str):
            block["value"] = _public_links(value, public)
    return data


def _public_links(html, public):
    """Rich text with links to hidden pages and private documents (consent forms) reduced
    to plain <a> (keeps the words)."""
    return unlink(unlink(html, "page", public.page_ids), "document", public.document_ids)


def _body_text(body, public):
    parts = (_block_text(child.block_type, child.value, public) for child in body)
    return "\n\n".join(part for part in parts if part)


_BLOCK_END = re.compile(r"(</(?:p|h\d|li|blockquote)>|<br\s*/?>)", re.IGNORECASE)


def _plain(html):
    text = unescape(strip_tags(_BLOCK_END.sub(r"\1\n", html)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _block_text(block_type, value, public):
    if block_type == "paragraph":
        return _plain(value.source)
    if block_type == "quote":
        attribution = value.get("attribution")
        return f"“{value['quote']}”" + (f"\n— {attribution}" if attribution else "")
    if block_type == "transcript":
        return "\n".join(part for part in (value.get("heading"), value["transcript"]) if part)
    if block_type == "image":
        if value is None or value.pk not in public.image_ids:
            return ""
        alt = "" if getattr(value, "decorative", False) else value.contextual_alt_text
        return f"[Photo {value.pk}: {alt}]" if alt else f"[Photo {value.pk}]"
    if block_type == "embed":
        return value.url if value else ""
    return ""


# --- Recorded testimonies ----------------------------------------------------------------


def _write_recording(folder, recording, guard):
    """Write one recording's files; returns what story.json says of it (paths relative to
    the story's folder)."""
    name = folder.rsplit("/", 1)[-1]
    voice = recording.voice
    file = None
    if voice is not None:
        file = f"{name}/recording.{voice.file_extension}"
        _copy_web_copy(voice, guard.root / folder / f"recording.{voice.file_extension}")
    transcripts = {}
    for transcript in recording.transcripts:
        transcripts[transcript.language] = f"{name}/{transcript.language}.vtt"
        guard.write(f"{folder}/{transcript.language}.vtt", transcript.webvtt)
    index = [part.as_data() for part in recording.parts]
    guard.write(f"{folder}/index.json", _json_text({"recording": recording.id, "segments": index}))
    return {
        "id": recording.id,
        "kind": recording.kind or None,
        "file": file,
        "format": voice.media_type if voice else None,
        "duration": voice.duration if voice else None,
        "duration_iso8601": iso_duration(voice.duration) if voice and voice.duration else None,
        "transcripts": transcripts,
        "index": f"{name}/index.json",
    }


def _copy_web_copy(voice, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with voice.open() as source, path.open("wb") as target:
            shutil.copyfileobj(source, target)
    except OSError as error:
        raise ExportError(f"A recording's web copy cannot be read ({error}).") from error


# --- Photos ------------------------------------------------------------------------------


def _images_shown(story):
    """The photos the story's body shows, in order (both languages, each once)."""
    ids = []
    for lang in CODES:
        body = getattr(story, f"body_{lang}", None)
        for block in body.get_prep_value() if body else []:
            value = block.get("value")
            image_id = value.get("image") if isinstance(value, dict) else None
            if block["type"] == "image" and image_id and image_id not in ids:
                ids.append(image_id)
    found = ArchiveImage.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _image_record(image, public):
    historical_date = image.historical_date
    urls = {}
    for lang in CODES:
        with translation.override(lang):
            urls[lang] = public.site_root + reverse("photo_detail", args=[image.pk])
    return {
        "id": image.pk,
        "title": image.title,
        **{f"caption_{lang}": getattr(image, f"caption_{lang}") or "" for lang in CODES},
        **{f"alt_text_{lang}": getattr(image, f"alt_text_{lang}") or "" for lang in CODES},
        "credit": image.credit,
        "date": historical_date.iso() if historical_date else None,
        "width": image.width,
        "height": image.height,
        "url": urls,
    }


def _picture_without_metadata(image):
    """The stored original and its extension. Storage keeps only pictures without metadata,
    so the stored file is normally kept bit for bit; anything else (a file from before
    stripping, or put in storage by hand) is stripped again."""
    try:
        with image.file.open("rb") as handle:
            data = handle.read()
    except OSError as error:
        raise ExportError(f"Photo {image.pk}: its file cannot be read ({error}).") from error
    try:
        cleaned = picture_without_metadata(io.BytesIO(data), image.file.name)
    except ValidationError as error:
        raise ExportError(f"Photo {image.pk}: its file is not a usable photo.") from error
    return cleaned.read(), cleaned.name.rsplit(".", 1)[-1]
