"""Issue 21's two journeys, end to end in a real browser, in English and in Spanish. Each
person uses their own device: the member a phone, the editors desktops with the admin in
their language, the reader a browser that is logged in nowhere.

- The member's: a visitor asks to join, the editors hear of it and one approves the
  request (Membership -> Membership requests); the new member follows the e-mail's link,
  logs in on the phone, sends a story with a photo and follows it on "My stories".
- The editors': an editor reads a member's story in the page editor and approves the
  editorial review; the consent officer records the narrator's consent in the approval
  dialog, which publishes it, and the page explorer shows it plainly "live"; an anonymous
  reader finds it in search and reads it in its language; the narrator withdraws consent;
  the reader's link answers 404 and search no longer finds it.

Only the people, their groups and the site structure are made directly; everything else
goes through the site's pages and Wagtail's admin as people use them. Labels are looked up
in the catalogues the site itself translates with.
"""

import io
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from archive import roles
from archive.models import ConsentScope, Narrator
from tests.browser.journey_steps import (
    BROWSER_LOCALES,
    PASSWORD,
    PHONE,
    log_in_to_admin,
    open_from_the_menu,
    path_in,
    person,
    staff,
    t,
    workflow_button,
)

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "es"]
NEW_MEMBER = {"username": "rosa", "public_name": "Rosa del Río", "email": "rosa@example.org"}

# What the member writes, in the journey's language. Search looks for SEARCHED_WORD.
STORIES = {
    "en": {
        "title": "The well at Zuncuyo",
        "text": "We dug the well at Zuncuyo in 1991.\n\nThe water committee kept it clean.",
        "caption": "The well, the day it was finished",
    },
    "es": {
        "title": "El pozo de Zuncuyo",
        "text": "Cavamos el pozo de Zuncuyo en 1991.\n\nEl comité de agua lo cuidaba.",
        "caption": "El pozo, el día que lo terminamos",
    },
}
SEARCHED_WORD = "Zuncuyo"


def prefix(language):
    """Where the site's pages in `language` start: "" or "/es"."""
    return "" if language == "en" else f"/{language}"


# --- People ----------------------------------------------------------------------------------
@pytest.fixture
def archive_staff(live_server, language):
    from stories.site_structure import ensure_site_structure

    ensure_site_structure()  # the story index, its "Story review" workflow and the roles
    return {
        "editor": staff("editora", roles.EDITORS, language),
        "officer": staff("oficial", roles.CONSENT_OFFICERS, language),
    }


def on_a_phone(open_device, language):
    return open_device(locale=BROWSER_LOCALES[language], **PHONE)


def on_a_desktop(open_device, language):
    return open_device(locale=BROWSER_LOCALES[language])


# --- On the member's phone -------------------------------------------------------------------
def log_in(phone):
    """On the site's login page, already open."""
    phone.locator("input[name=username]").fill(NEW_MEMBER["username"])
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.locator("form.account-form button[type=submit]").tap()


def a_photo(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "teal").save(buffer, "JPEG")
    path = tmp_path / "pozo.jpg"
    path.write_bytes(buffer.getvalue())
    return str(path)


def send_a_story(phone, language, tmp_path):
    """From "My stories", where a member lands after logging in."""
    story = STORIES[language]
    phone.get_by_role("main").get_by_role("link", name=t(language, "Send a story")).tap()
    expect(phone).to_have_url(re.compile(rf"{path_in(language, 'submit_story')}$"))
    phone.locator("input[name=title]").fill(story["title"])
    phone.locator("textarea[name=text]").fill(story["text"])
    # The story's language starts as the page's: the member leaves it.
    expect(phone.locator(f"input[name=language][value={language}]")).to_be_checked()
    phone.locator("input[name=date_text]").fill("1991")
    phone.locator("input[name=photo_1]").set_input_files(a_photo(tmp_path))
    phone.locator("input[name=caption_1]").fill(story["caption"])
    phone.locator(f"input[name=consent][value={ConsentScope.PUBLIC}]").tap()
    phone.locator("#story-submit").tap()
    expect(phone).to_have_url(re.compile(rf"{path_in(language, 'my_stories')}"))
    expect(phone.locator(".messages")).to_contain_text(
        t(language, "Thank you! We have received your story. You can follow its review here.")
    )


def my_story(phone, language):
    """The story on "My stories", reached from the site's menu."""
    account_menu = phone.get_by_role("navigation", name=t(language, "Account"))
    account_menu.get_by_role("link", name=t(language, "My stories")).tap()
    expect(phone).to_have_url(re.compile(rf"{path_in(language, 'my_stories')}$"))
    return phone.locator("li.submission", has_text=STORIES[language]["title"])


def status_on_my_stories(phone, language):
    return my_story(phone, language).locator(".state-badge")


# --- In the admin ------------------------------------------------------------------------------
def open_for_review(desktop, language):
    """The story in the page editor, from the dashboard's list of what awaits review."""
    title = STORIES[language]["title"]
    desktop.goto("/admin/")
    desktop.locator("tr", has_text=title).get_by_role("link", name=title).first.click()
    expect(desktop).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))


def done(desktop, language):
    """The action was taken: the admin says so, and the browser is done with the server."""
    expect(desktop.locator(".messages")).to_contain_text(STORIES[language]["title"])
    desktop.wait_for_load_state("networkidle")


# --- The member's journey ----------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_asks_to_join_is_approved_and_follows_a_story_sent_from_a_phone(
    open_device, archive_staff, mailoutbox, tmp_path, language
):
    # --- A visitor asks to join, on their phone.
    phone = on_a_phone(open_device, language)
    phone.goto(f"{prefix(language)}/")
    phone.get_by_role("link", name=t(language, "Log in")).tap()
    phone.get_by_role("link", name=t(language, "Ask to join")).tap()
    phone.locator("input[name=username]").fill(NEW_MEMBER["username"])
    phone.locator("input[name=public_name]").fill(NEW_MEMBER["public_name"])
    phone.locator("input[name=email]").fill(NEW_MEMBER["email"])
    phone.locator("input[name=password1]").fill(PASSWORD)
    phone.locator("input[name=password2]").fill(PASSWORD)
    phone.locator("input[name=committee]").fill("Madison–Arcatao Sister City Project")
    expect(phone.locator("select[name=language]")).to_have_value(language)
    phone.get_by_role("button", name=t(language, "Send my request")).tap()
    expect(phone).to_have_url(re.compile(rf"{path_in(language, 'signup_done')}$"))

    # --- The editors hear of it (issue 21, item 3) ...
    editor = archive_staff["editor"]
    told = [message for message in mailoutbox if editor.email in message.to]
    assert told, "no editor was told that someone asked to join (issue 21, item 3)"

    # ... and one approves it from the admin's menu.
    desktop = on_a_desktop(open_device, language)
    log_in_to_admin(desktop, editor.username)
    open_from_the_menu(desktop, language, "Membership", "Membership requests")
    waiting = desktop.locator("tr", has_text=NEW_MEMBER["email"])
    waiting.get_by_role("button", name=t(language, "Approve")).click()
    expect(desktop.locator(".messages")).to_contain_text(NEW_MEMBER["username"])

    # --- The new member follows the e-mail's link, in their language, and logs in.
    approved = [message for message in mailoutbox if message.to == [NEW_MEMBER["email"]]]
    assert approved, "the new member was not told they were approved"
    login_link = re.search(r"https?://\S+", approved[-1].body).group()
    assert path_in(language, "login") in login_link
    phone.goto(login_link)
    log_in(phone)
    expect(phone).to_have_url(re.compile(rf"{path_in(language, 'my_stories')}$"))

    # --- They send a story with a photo, and follow it on "My stories".
    send_a_story(phone, language, tmp_path)
    sent = my_story(phone, language)
    expect(sent.locator(".state-badge")).to_have_text(t(language, "Received"))
    expect(sent).to_contain_text(t(language, "We have your story. An editor will read it soon."))


# --- The editors' journey ----------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_members_story_is_reviewed_consented_published_and_withdrawn(
    open_device, archive_staff, tmp_path, language
):
    from stories.models import StoryPage

    title = STORIES[language]["title"]
    person(NEW_MEMBER["username"], roles.MEMBERS, public_name=NEW_MEMBER["public_name"])
    phone = on_a_phone(open_device, language)
    phone.goto(path_in(language, "login"))
    log_in(phone)
    send_a_story(phone, language, tmp_path)

    # --- An editor reads it in the page editor and approves the editorial review: Approve
    # is in sight, not under "More actions" (issue 21, item 4).
    editor = on_a_desktop(open_device, language)
    log_in_to_admin(editor, archive_staff["editor"].username)
    open_for_review(editor, language)
    approve = workflow_button(editor, language, "Approve")
    expect(approve, "Approve is hidden (issue 21, item 4)").to_be_visible()
    approve.click()
    done(editor, language)
    expect(status_on_my_stories(phone, language)).to_have_text(t(language, "In review"))

    # --- The consent officer records the narrator's consent, which publishes the story.
    # Nobody has asked the narrator yet and the member said public: the dialog starts on
    # recording that, given today (issue 21, item 2).
    officer = on_a_desktop(open_device, language)
    log_in_to_admin(officer, archive_staff["officer"].username)
    open_for_review(officer, language)
    record = workflow_button(officer, language, "Record consent", last_step=True)
    if not record.is_visible():  # the last step's button may stay under "More actions"
        officer.get_by_role("button", name=t(language, "More actions")).click()
    record.click()
    dialog = officer.get_by_role("dialog")
    consent_date = dialog.locator("input[name=consent_date]")
    expect(consent_date, "the consent date does not start as today").to_have_value(
        timezone.localdate().isoformat()
    )
    dialog.get_by_role("button", name=t(language, "Record consent"), exact=True).click()
    expect(dialog, "the dialog refused its own default (issue 21, item 2)").to_have_count(0)
    done(officer, language)
    assert StoryPage.objects.get(**{f"title_{language}": title}).live, "not published"
    assert Narrator.objects.get().consent_scope == ConsentScope.PUBLIC
    expect(status_on_my_stories(phone, language)).to_have_text(t(language, "Published"))

    # --- The page explorer shows it as plainly live, not "live + draft" (issue 21, item 1).
    editor.goto(f"/admin/pages/{StoryPage.objects.get().get_parent().pk}/")
    status = editor.locator("tr", has_text=title).locator(".w-status")
    expect(status, "the published story has a draft (issue 21, item 1)").to_have_text(
        re.compile(rf"{re.escape(t(language, 'live'))}\s*$")
    )

    # --- An anonymous reader finds it in search and reads it in its language.
    reader = on_a_desktop(open_device, language)
    reader.goto(path_in(language, "search"))
    reader.locator("#search-q").fill(SEARCHED_WORD)
    reader.locator("#search-q").press("Enter")
    reader.locator("ol.hits > li.hit").get_by_role("link", name=title).click()
    expect(reader.locator("h1")).to_have_text(title)
    expect(reader.locator("html")).to_have_attribute("lang", language)
    expect(reader.locator("main img")).to_have_count(1)
    story_url = reader.url

    # --- The narrator withdraws consent; the officer records it (Archive -> Narrators).
    open_from_the_menu(officer, language, "Archive", "Narrators")
    narrator = Narrator.objects.get()
    more_options = t(language, "More options for '%(title)s'") % {"title": narrator}
    officer.get_by_role("button", name=more_options).click()
    officer.get_by_role("link", name=t(language, "Withdraw consent")).click()
    officer.locator("textarea[name=reason]").fill("The narrator asked us by phone.")
    officer.locator("input[name=confirm]").check()
    officer.get_by_role("button", name=t(language, "Withdraw consent and unpublish")).click()
    expect(officer.locator(".messages")).to_contain_text(NEW_MEMBER["public_name"])

    # --- The reader's link answers 404, and search no longer finds the story.
    with reader.expect_console_message(lambda message: message.type == "error"):
        answer = reader.goto(story_url)
    assert answer.status == 404
    # The browser reports that 404 in its console: expected here.
    reader.errors[:] = [error for error in reader.errors if story_url not in error]
    reader.goto(f"{path_in(language, 'search')}?q={SEARCHED_WORD}")
    expect(reader.locator("ol.hits > li.hit", has_text=title)).to_have_count(0)
    expect(status_on_my_stories(phone, language)).to_have_text(t(language, "No longer shown"))
