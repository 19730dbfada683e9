"""An editor drops a phone photo on Admin -> Images -> Add images and presses "Update", as
editors do: the file Wagtail keeps waiting meanwhile, the stored photo and every resized
copy the admin makes of it carry no GPS, camera or XMP."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from archive.models import ArchiveImage, ArchiveRendition
from tests.pictures import assert_no_metadata, jpeg_with_gps

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-1986"

# What a drop from the desktop hands the page. A file made in the page has no file-system
# entry, which jQuery File Upload would look for through `items`: without `items` it reads
# `files`, as it does in browsers without directory drops.
DROP_FILE = """([bytes, name]) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], name, {type: "image/jpeg"}));
    Object.defineProperty(transfer, "items", {value: undefined});
    return transfer;
}"""


def _stored(field_file):
    with field_file.storage.open(field_file.name, "rb") as stored:
        return stored.read()


def test_an_editor_drops_a_phone_photo_and_presses_update(page, live_server):
    from wagtail.models import UploadedFile

    User.objects.create_superuser("chief", "chief@example.org", PASSWORD)
    # Straight to the page (the dashboard would ask wagtail.org for its latest version).
    page.goto("/admin/login/?next=/admin/images/multiple/add/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/images/multiple/add/")
    transfer = page.evaluate_handle(DROP_FILE, [list(jpeg_with_gps(size=(320, 240))), "gps.jpg"])
    page.dispatch_event(".drop-zone", "drop", {"dataTransfer": transfer})
    item = page.locator("#upload-list > li")
    update = item.get_by_role("button", name="Update")
    expect(update).to_be_visible()

    # Until "Update", Wagtail keeps the file under wagtail_uploads/.
    waiting = UploadedFile.objects.get()
    assert waiting.file.name.startswith("wagtail_uploads/")
    assert_no_metadata(_stored(waiting.file))

    update.click()
    expect(item).to_have_count(0)  # saved: Wagtail removes the item
    image = ArchiveImage.objects.get()
    assert not UploadedFile.objects.exists()
    assert_no_metadata(_stored(image.file))

    # The admin's own resized copies (listing thumbnail, edit page preview) ...
    page.goto("/admin/images/")
    page.goto(f"/admin/images/{image.pk}/")
    expect(page.locator("img").first).to_be_visible()
    # ... and those the public site makes.
    for spec in ("width-800", "fill-400x300", "max-1200x900"):
        image.get_rendition(spec)
    renditions = ArchiveRendition.objects.filter(image=image)
    assert renditions.count() >= 4
    for rendition in renditions:
        assert_no_metadata(_stored(rendition.file))
