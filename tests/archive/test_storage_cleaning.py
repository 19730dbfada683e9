"""One way to storage: no picture is stored with its metadata, whatever the way in.

Each test sends a picture carrying GPS, camera make and model, owner, serial number, XMP
and a comment (or PNG text chunks) through one way in, then reads back what storage holds:
the original, every resized copy, and the files Wagtail's multiple upload keeps waiting
in wagtail_uploads/. Member submissions and the spreadsheet import are tested beside their
features (tests/stories/), the admin's multiple upload also in a browser
(tests/browser/test_admin_uploads.py).
"""

import hashlib
import io

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.models import Collection, UploadedFile

from archive.models import ArchiveImage, ArchiveRendition
from archive.storage import CleaningStorageMixin
from tests.pictures import PICTURE_IDS, PICTURES, assert_no_metadata, jpeg_with_gps

pytestmark = pytest.mark.django_db

# The sizes the site shows, and each format Wagtail can convert to.
RENDITIONS = [
    "width-800",
    "fill-400x300",
    "max-1200x900",
    "max-600x400",
    "width-30|format-jpeg",
    "width-30|format-png",
    "width-30|format-webp",
    "width-30|format-avif",
]


def read_stored(name):
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def assert_stored_clean_with_renditions(image):
    """The stored original and every resized copy of it carry no metadata."""
    original = read_stored(image.file.name)
    assert_no_metadata(original)
    assert image.file_size == len(original)
    assert image.file_hash == hashlib.sha1(original).hexdigest()
    for spec in RENDITIONS:
        image.get_rendition(spec)
    renditions = list(ArchiveRendition.objects.filter(image=image))
    assert len(renditions) == len(RENDITIONS)
    for rendition in renditions:
        assert_no_metadata(read_stored(rendition.file.name))


@pytest.fixture(autouse=True)
def no_remembered_renditions():
    """Wagtail remembers renditions in the cache by photo id; a photo of an earlier test
    may have had the same id."""
    cache.clear()


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "pw"))
    return client


def root_collection():
    return Collection.get_first_root_node().pk


# --- Admin: Images -------------------------------------------------------------------------


@pytest.mark.parametrize(("make", "extension"), PICTURES, ids=PICTURE_IDS)
def test_admin_single_upload(admin_client, make, extension):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "River",
            "file": SimpleUploadedFile(f"phone.{extension}", make()),
            "date_precision": "year",
            "collection": root_collection(),
        },
    )
    assert response.status_code == 302
    assert_stored_clean_with_renditions(ArchiveImage.objects.get())


@pytest.mark.parametrize(("make", "extension"), PICTURES, ids=PICTURE_IDS)
def test_admin_multiple_upload_the_waiting_file_and_the_image(admin_client, make, extension):
    """Admin -> Images -> Add images: Wagtail keeps the file as an UploadedFile under
    wagtail_uploads/ until the editor presses "Update", then copies it to the photo."""
    added = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(f"phone.{extension}", make())},
    ).json()
    assert added["success"], added
    waiting = UploadedFile.objects.get(pk=added["uploaded_file_id"])
    assert waiting.file.name.startswith("wagtail_uploads/")
    assert_no_metadata(read_stored(waiting.file.name))

    prefix = f"uploaded-image-{waiting.pk}"
    updated = admin_client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[waiting.pk]),
        {
            f"{prefix}-title": "River",
            f"{prefix}-date_precision": "year",
            f"{prefix}-collection": root_collection(),
        },
    ).json()
    assert updated["success"], updated
    image = ArchiveImage.objects.get(pk=updated["image_id"])
    assert_stored_clean_with_renditions(image)
    assert not UploadedFile.objects.exists()


def test_admin_multiple_upload_keeps_the_photo_upright_and_measured(admin_client):
    added = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("turned.jpg", jpeg_with_gps(orientation=6))},
    ).json()
    upload_id = added["uploaded_file_id"]
    prefix = f"uploaded-image-{upload_id}"
    admin_client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload_id]),
        {f"{prefix}-title": "Turned", f"{prefix}-date_precision": "year"},
    )
    image = ArchiveImage.objects.get()
    assert (image.width, image.height) == (40, 60)  # turned upright before the tag went
    with Image.open(io.BytesIO(read_stored(image.file.name))) as stored:
        assert stored.size == (40, 60)


# --- Admin: Documents ----------------------------------------------------------------------


def post_document(client, name, data):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Letter",
            "file": SimpleUploadedFile(name, data),
            "collection": root_collection(),
        },
    )


def assert_document_clean(document):
    stored = read_stored(document.file.name)
    assert_no_metadata(stored)
    assert document.file_size == len(stored)
    assert document.file_hash == hashlib.sha1(stored).hexdigest()


# Documents may be .jpg or .png (WAGTAILDOCS_EXTENSIONS): the WebP goes in under a .png name.
DOCUMENT_PICTURES = [
    (make, "png" if extension == "webp" else extension) for make, extension in PICTURES
]


@pytest.mark.parametrize(("make", "extension"), DOCUMENT_PICTURES, ids=PICTURE_IDS)
def test_a_document_that_is_a_picture(admin_client, make, extension):
    """Documents -> Add: a scanned letter or photo uploaded as a document."""
    assert post_document(admin_client, f"letter.{extension}", make()).status_code == 302
    assert_document_clean(get_document_model().objects.get())


@pytest.mark.parametrize(("make", "extension"), DOCUMENT_PICTURES, ids=PICTURE_IDS)
def test_documents_multiple_upload(admin_client, make, extension):
    added = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile(f"letter.{extension}", make())},
    ).json()
    assert added["success"], added
    assert_document_clean(get_document_model().objects.get(pk=added["doc_id"]))


def test_a_document_that_is_a_broken_picture_is_refused_with_a_message(admin_client):
    response = post_document(admin_client, "broken.jpg", jpeg_with_gps()[:300])
    assert response.status_code == 200
    assert "This file is not a photo we accept" in " ".join(response.context["form"].errors["file"])
    assert not get_document_model().objects.exists()


def test_a_pdf_document_is_stored_as_it_is(admin_client):
    pdf = b"%PDF-1.4\n% Consent form, signed\n%%EOF\n"
    assert post_document(admin_client, "form.pdf", pdf).status_code == 302
    assert read_stored(get_document_model().objects.get().file.name) == pdf


# --- Scripts, commands and the storage itself ---------------------------------------------


@pytest.mark.parametrize(("make", "extension"), PICTURES, ids=PICTURE_IDS)
def test_a_script_saving_straight_to_storage(make, extension):
    """Whatever the name (no extension here), a picture is recognised by its content."""
    name = default_storage.save("exports/picture-without-extension", ContentFile(make()))
    assert_no_metadata(read_stored(name))
    with Image.open(io.BytesIO(read_stored(name))) as stored:
        assert stored.format == {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[extension]


def test_a_script_creating_a_photo():
    image = ArchiveImage.objects.create(title="Script", file=ContentFile(jpeg_with_gps(), "s.jpg"))
    assert_stored_clean_with_renditions(image)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n%%EOF\n",
        b"RIFF\x04\x00\x00\x00WAVE",  # a RIFF file that is no WebP picture
        b"plain text that mentions JPEG and \xff\xd8",
    ],
    ids=["pdf", "riff-not-webp", "text"],
)
def test_files_that_are_not_pictures_are_stored_as_they_are(data):
    name = default_storage.save("notes/file.jpg", ContentFile(data))
    assert read_stored(name) == data


def test_a_picture_with_nothing_but_the_picture_is_stored_bit_for_bit():
    """No needless re-encoding: a JPEG loses a little with each one."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, "JPEG", quality=70)
    name = default_storage.save("bare.jpg", ContentFile(buffer.getvalue()))
    assert read_stored(name) == buffer.getvalue()


def test_a_picture_that_cannot_be_cleaned_is_not_stored():
    with pytest.raises(ValidationError):
        default_storage.save("broken/photo.jpg", ContentFile(jpeg_with_gps()[:300]))
    assert not default_storage.exists("broken")


def test_the_cleaning_wraps_another_storage_backend():
    """Production may keep media in object storage: the mixin cleans for any backend."""

    class CleaningMemoryStorage(CleaningStorageMixin, InMemoryStorage):
        pass

    storage = CleaningMemoryStorage()
    name = storage.save("photo.jpg", ContentFile(jpeg_with_gps()))
    with storage.open(name, "rb") as stored:
        assert_no_metadata(stored.read())
