"""The whole life of a submitted story, in a real browser, as the people involved live it:

a member on a 360 px phone sends a Spanish story with two photos and sees it "received";
an editor approves it from Wagtail's dashboard; a consent officer records public consent
in the approval dialog; the story is then live in Spanish, and English readers get the
"translation pending" notice.
"""

import io

import pytest
from django.contrib.auth.models import Group, User
from PIL import Image
from playwright.sync_api import expect

from archive import roles

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-1986"
TITLE = "El río de Arcatao"


def _user(username, group):
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def _photo(tmp_path, name, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(buffer, "JPEG")
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return str(path)


def _log_in(page, path, username):
    page.goto(path)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()


def _approve_from_dashboard(page, username, action="Approve"):
    """Log in to the admin and take `action` on the story waiting on the dashboard."""
    page.context.clear_cookies()
    _log_in(page, "/admin/login/", username)
    page.goto("/admin/")
    row = page.locator("tr", has_text=TITLE)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name=action, exact=True).click()


def test_member_submits_on_a_phone_editor_and_officer_approve_story_goes_live(
    page, demo_site, tmp_path
):
    _user("ana", roles.MEMBERS)
    _user("editora", roles.EDITORS)
    _user("oficial", roles.CONSENT_OFFICERS)

    # --- The member, on a phone, in Spanish.
    page.set_viewport_size({"width": 360, "height": 740})
    _log_in(page, "/es/cuentas/entrar/?next=/es/enviar/", "ana")
    assert page.url.endswith("/es/enviar/")
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=text]").fill(
        "Llegamos en 1989.\n\nEl comité de agua cuidaba el río. <script>alert(1)</script>"
    )
    page.locator("input[name=language][value=es]").check()
    page.locator("input[name=date_text]").fill("c. 1989")
    page.locator("input[name=places]").first.check()
    page.locator("input[name=photo_1]").set_input_files(_photo(tmp_path, "uno.jpg", "green"))
    page.locator("input[name=caption_1]").fill("El río")
    page.locator("input[name=photo_2]").set_input_files(_photo(tmp_path, "dos.jpg", "blue"))
    page.locator("input[name=caption_2]").fill("La plaza")
    page.locator("input[name=consent][value=public]").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("#story-submit").click()
    page.wait_for_url("**/es/mis-historias/**")
    row = page.locator("main li, main tr", has_text=TITLE).first
    assert "Recibida" in row.inner_text(), row.inner_text()

    from stories.models import StoryPage

    story = StoryPage.objects.get(title_es=TITLE)
    assert not story.live
    assert len([block for block in story.body_es if block.block_type == "image"]) == 2

    # --- The editor approves the editorial review.
    page.set_viewport_size({"width": 1280, "height": 900})
    _approve_from_dashboard(page, "editora")
    # Done when the dashboard reloads without the story: the task moved on.
    expect(page.locator("tr", has_text=TITLE)).to_have_count(0)

    # --- The consent officer approves and records public consent in the dialog.
    _approve_from_dashboard(page, "oficial", action="Record consent")
    dialog = page.get_by_role("dialog")
    dialog.locator("select[name=consent_scope]").select_option("public")
    dialog.locator("input[name=consent_date]").fill("2026-11-20")
    dialog.locator("button[type=submit]").click()
    expect(page.locator("tr", has_text=TITLE)).to_have_count(0)

    story.refresh_from_db()
    assert story.live, "the story did not go live after both approvals"

    # --- Any reader: live in Spanish, the original with a notice in English.
    page.context.clear_cookies()
    page.goto(f"/es/historias/{story.slug_es}/")
    assert page.locator("h1").inner_text() == TITLE
    assert page.locator(".story-body").get_by_text("<script>alert(1)</script>").count() == 1
    assert page.locator(".story-body img").count() == 2
    page.goto(f"/stories/{story.slug_en}/")
    assert "English translation pending" in page.locator("main").inner_text()
