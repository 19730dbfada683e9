"""Issue 18's journey, end to end in a real browser: a testimony recorded on a phone
becomes a moment a researcher finds by a word, in either language.

- A member, on a phone, sends a story in Spanish with the recording the phone made (AAC in
  .m4a, with the place and the device in its tags). The link is slow and drops once: the
  upload (recordings/static/recordings/upload.js) goes on from where the server stood, its
  progress bar moving, and the story goes with it.
- In Wagtail's admin, an editor approves the story's review, finds its recording processed,
  uploads its English (SRT) and Spanish (WebVTT) transcripts and writes its index, a
  segment with titles in both languages; the consent officer records the narrator's
  consent and publishes the story through the workflow, answering in its dialog that the
  recording of her voice may be published.
- An anonymous researcher searches /es/buscar/ for a word said only in the Spanish
  transcript and /search/ for one written only in the English one; each hit opens the story
  with the player at that segment's time and the transcript line spoken there highlighted.
- The web copy the archive serves carries neither the place nor the device.

Only the people and the site structure are made directly; everything else goes through the
site's pages and the admin as people use them.
"""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from archive import roles
from recordings.upload_field import TEXTS
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
from tests.recordings.media_files import tags_of

pytestmark = pytest.mark.browser

PROCESSING_MS = 90_000
CHUNK = 8 * 1024  # the phone's recording goes in several chunks
TITLE = "Sembrar junto al Sumpul"
MEMBER = {"username": "rosa", "public_name": "Rosa del Río"}

# What a phone writes into a recording: where, when and with what it was made (an iPhone's
# QuickTime keys; ffmpeg keeps them in an .m4a with use_metadata_tags).
PHONE_TAGS = {
    "location": "+13.9-88.9/",
    "com.apple.quicktime.location.ISO6709": "+13.9-88.9/",
    "com.apple.quicktime.make": "CanaryPhone",
    "com.apple.quicktime.model": "Canary X1",
    "creation_time": "2019-03-04T05:06:07Z",
}
TELLTALES = ["13.9", "88.9", "CanaryPhone", "Canary X1", "2019-03-04"]

# What Rosa says (espeak-ng): the second sentence from 0:04.
SPOKEN = [
    "Llegamos a Arcatao en mil novecientos ochenta y nueve.",
    "Sembramos maicillo junto al río Sumpul.",
]
SECOND_PART = 4
SPANISH_VTT = """WEBVTT

00:00:00.000 --> 00:00:03.200
Llegamos a Arcatao en mil novecientos ochenta y nueve.

00:00:04.000 --> 00:00:06.600
Sembramos maicillo junto al río Sumpul.
"""
ENGLISH_SRT = """1
00:00:00,000 --> 00:00:03,200
We came to Arcatao in 1989.

2
00:00:04,000 --> 00:00:06,600
We planted sorghum by the Sumpul river.
"""
# Said only in the Spanish transcript / written only in the English one.
SPANISH_WORD, ENGLISH_WORD = "maicillo", "sorghum"
SEGMENTS = [(0, "Arriving", "La llegada"), (SECOND_PART, "The sowing", "La siembra")]


@pytest.fixture
def phone_recording(tmp_path):
    """Rosa's testimony as her phone saved it: speech in AAC, in .m4a, with its tags."""
    parts = []
    for number, sentence in enumerate(SPOKEN):
        parts.append(tmp_path / f"part{number}.wav")
        subprocess.run(["espeak-ng", "-v", "es", "-w", str(parts[-1]), sentence], check=True)
    path = tmp_path / "testimonio.m4a"
    tags = [
        argument
        for key, value in PHONE_TAGS.items()
        for argument in ("-metadata", f"{key}={value}")
    ]
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(parts[0]), "-i", str(parts[1])]
        + ["-filter_complex", f"[0]apad=whole_dur={SECOND_PART}[a];[a][1]concat=n=2:v=0:a=1"]
        + ["-movflags", "use_metadata_tags", *tags, "-c:a", "aac", "-b:a", "128k", str(path)],
        check=True,
    )
    assert path.stat().st_size > 6 * CHUNK
    assert all(telltale in tags_of(path) for telltale in TELLTALES)
    return path


@pytest.fixture
def people(live_server, settings):
    from stories.site_structure import ensure_site_structure

    ensure_site_structure()  # the story index, its "Story review" workflow and the roles
    settings.RECORDING_UPLOAD_CHUNK_BYTES = CHUNK
    person(MEMBER["username"], roles.MEMBERS, public_name=MEMBER["public_name"])
    return {
        "editor": staff("editor", roles.EDITORS, "en"),
        "officer": staff("oficial", roles.CONSENT_OFFICERS, "es"),
    }


# --- On the member's phone, in Spanish, over a slow link that drops --------------------------
def slow_link(phone):
    """A poor mobile connection (Chromium's own network emulation): every request waits,
    and the phone sends about 48 KB a second."""
    network = phone.context.new_cdp_session(phone)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 150,
            "downloadThroughput": 256 * 1024,
            "uploadThroughput": 48 * 1024,
        },
    )


def drop_the_connection_once(phone, endpoint, at_chunk):
    """The link drops while chunk number `at_chunk` is on its way; the offsets sent."""
    sent = []

    def handle(route):
        if route.request.method == "PATCH":
            sent.append(int(route.request.headers["upload-offset"]))
            if len(sent) == at_chunk:
                route.abort("connectionreset")
                return
        route.continue_()

    phone.route(f"**{endpoint}*", handle)
    return sent


# What the member is told while the file goes: each message of the upload's live region,
# with where its progress bar stood then.
WATCH_THE_UPLOAD = """box => {
    const bar = box.querySelector("progress");
    const told = box.querySelector("[role=status]");
    window.uploadTold = [];
    new MutationObserver(() => window.uploadTold.push([told.textContent, bar.value]))
        .observe(told, {childList: true, characterData: true, subtree: true});
}"""


def send_the_story_with_its_recording(phone, recording):
    phone.goto(f"{path_in('es', 'login')}?next={path_in('es', 'submit_story')}")
    phone.locator("input[name=username]").fill(MEMBER["username"])
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.locator("form.account-form button[type=submit]").tap()
    expect(phone).to_have_url(re.compile(rf"{path_in('es', 'submit_story')}$"))

    box = phone.locator("[data-recording-upload]")
    sent = drop_the_connection_once(phone, box.get_attribute("data-endpoint"), at_chunk=3)
    slow_link(phone)
    box.evaluate(WATCH_THE_UPLOAD)
    box.locator("input[type=file]").set_input_files(str(recording))
    # Meanwhile the member writes the story.
    phone.locator("input[name=title]").fill(TITLE)
    phone.locator("textarea[name=text]").fill(
        "Llegamos a Arcatao en 1989 y sembramos junto al río. Mi testimonio está grabado."
    )
    expect(phone.locator("input[name=language][value=es]")).to_be_checked()
    phone.locator("input[name=date_text]").fill("1989")
    phone.locator("input[name=consent][value=public]").tap()

    status = box.locator("[role=status]")
    expect(status).to_contain_text(t("es", TEXTS["done"]) % {"name": recording.name})
    expect(box.locator("progress")).to_have_js_property("value", 100)
    told = phone.evaluate("window.uploadTold")
    # The bar moved on as the chunks went ...
    moving = [bar for _text, bar in told if 0 < bar < 100]
    assert len(set(moving)) >= 4 and moving[-1] > moving[0], told
    # ... and the member was told when the link dropped, and that nothing sent was lost.
    dropped = t("es", TEXTS["retrying"]).split("%(")[0]  # "The connection dropped at "
    assert any(text.startswith(dropped) for text, _bar in told), told
    # The cut chunk went again from where the server stood; nothing from the start.
    assert sent[2] == sent[3] == 2 * CHUNK and sent.count(0) == 1, sent
    # The cut connection shows as a failed request in the console: expected here.
    phone.errors[:] = [error for error in phone.errors if "ERR_CONNECTION_RESET" not in error]

    phone.locator("#story-submit").tap()
    # Tests process the recording inside this request (the immediate task backend): ffmpeg
    # may take a while on a busy machine.
    expect(phone).to_have_url(re.compile(path_in("es", "my_stories")), timeout=PROCESSING_MS)
    expect(phone.locator(".messages")).to_contain_text(
        t("es", "Thank you! We have received your story. You can follow its review here.")
    )


# --- In the admin -------------------------------------------------------------------------------
def open_for_review(desktop):
    """The story in the page editor, from the dashboard's list of what awaits review."""
    desktop.goto("/admin/")
    desktop.locator("tr", has_text=TITLE).get_by_role("link", name=TITLE).first.click()
    expect(desktop).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))


def approve_the_review(editor):
    open_for_review(editor)
    workflow_button(editor, "en", "Approve").click()
    expect(editor.locator(".messages")).to_contain_text(TITLE)


def transcribe_and_index(editor, tmp_path):
    """Recordings -> the story's recording: processed; its transcripts and index added."""
    open_from_the_menu(editor, "en", None, "Recordings")
    row = editor.locator("tr", has_text=TITLE)
    expect(row).to_contain_text(t("en", "Ready"))
    row.get_by_role("link", name=re.compile(re.escape(TITLE))).click()
    expect(editor.get_by_text(t("en", "Ready"), exact=True)).to_be_visible()

    english, spanish = tmp_path / "testimony.en.srt", tmp_path / "testimonio.es.vtt"
    english.write_text(ENGLISH_SRT, encoding="utf-8")
    spanish.write_text(SPANISH_VTT, encoding="utf-8")
    editor.locator("input[name=transcript_file_en]").set_input_files(str(english))
    editor.locator("input[name=transcript_file_es]").set_input_files(str(spanish))
    for number, (start, title_en, title_es) in enumerate(SEGMENTS):
        editor.locator("#id_segments-ADD").click()
        editor.locator(f"input[name=segments-{number}-start]").fill(f"0:{start:02d}")
        editor.locator(f"input[name=segments-{number}-title_en]").fill(title_en)
        editor.locator(f"input[name=segments-{number}-title_es]").fill(title_es)
    editor.get_by_role("button", name=t("en", "Save"), exact=True).click()
    expect(editor.locator(".messages")).to_contain_text(TITLE)
    expect(editor.locator(".messages .error, .error-message")).to_have_count(0)


def publish_through_the_workflow(officer):
    """In the page editor, "Registrar consentimiento": the dialog proposes the consent the
    member said the narrator gave, and asks whether the recording of her voice may be
    published; the officer answers yes, and the story goes live."""
    open_for_review(officer)
    record = workflow_button(officer, "es", "Record consent", last_step=True)
    if not record.is_visible():  # the last step's button may stay under "More actions"
        officer.get_by_role("button", name=t("es", "More actions")).click()
    record.click()
    dialog = officer.get_by_role("dialog")
    expect(dialog.locator("select[name=consent_scope]")).to_have_value("public")
    expect(dialog).to_contain_text(t("es", "May recordings of the narrator's voice be published?"))
    # Nothing agreed about her voice yet: the dialog opens on "no".
    words_only = t("es", "No: only the transcript and the index")
    expect(dialog.get_by_role("radio", name=words_only)).to_be_checked()
    voice_too = t("es", "Yes: the story shows the player and the recording")
    dialog.get_by_role("radio", name=voice_too).check()
    dialog.get_by_role("button", name=t("es", "Record consent"), exact=True).click()
    expect(dialog).to_have_count(0)
    expect(officer.locator(".messages")).to_contain_text(TITLE)
    officer.wait_for_load_state("networkidle")


# --- The researcher ---------------------------------------------------------------------------
def find_the_moment(reader, language, word, segment_title, line):
    """Search for `word`, follow the hit: the player stands at the second part's start and
    the transcript line said there is highlighted. The story's address."""
    reader.goto(path_in(language, "search"))
    reader.locator("#search-q").fill(word)
    reader.locator("#search-q").press("Enter")
    hit = reader.locator("ol.hits > li.hit h3 a", has_text=segment_title)
    expect(hit).to_have_count(1)
    hit.click()
    expect(reader).to_have_url(re.compile(rf"\?t={SECOND_PART}#recording-\d+$"))
    expect(reader.locator("html")).to_have_attribute("lang", language)
    reader.wait_for_function(f"() => document.querySelector('audio').currentTime >= {SECOND_PART}")
    time = reader.locator("audio").evaluate("player => player.currentTime")
    assert SECOND_PART <= time < SECOND_PART + 1, time
    spoken = reader.locator("ol.transcript a.is-current")
    expect(spoken).to_have_count(1)
    expect(spoken).to_contain_text(line)
    expect(spoken).to_have_attribute("aria-current", "true")


def test_a_phone_recording_becomes_a_moment_found_by_a_word_in_either_language(
    open_device, people, phone_recording, live_server, tmp_path
):
    from archive.models import Narrator
    from recordings.models import Recording

    # --- The member, on her phone, in Spanish, over a slow link that drops once.
    phone = open_device(locale=BROWSER_LOCALES["es"], **PHONE)
    send_the_story_with_its_recording(phone, phone_recording)

    # --- The editor approves the review and transcribes and indexes the recording.
    editor = open_device(locale=BROWSER_LOCALES["en"])
    log_in_to_admin(editor, people["editor"].username)
    approve_the_review(editor)
    transcribe_and_index(editor, tmp_path)

    # --- The consent officer records the narrator's consent, voice included, and publishes.
    officer = open_device(locale=BROWSER_LOCALES["es"])
    log_in_to_admin(officer, people["officer"].username)
    publish_through_the_workflow(officer)
    assert Narrator.objects.get().voice_consent is True

    # --- A researcher finds the moment by a word in either language.
    reader = open_device(locale=BROWSER_LOCALES["en"])
    find_the_moment(reader, "es", SPANISH_WORD, "La siembra", SPOKEN[1])
    find_the_moment(reader, "en", ENGLISH_WORD, "The sowing", "We planted sorghum")

    # --- What listeners get carries neither the place nor the device.
    source = reader.locator("audio").get_attribute("src").split("#")[0]
    served = reader.request.get(live_server.url + source)
    assert served.ok and served.headers["content-type"] == "audio/mp4"
    copy = tmp_path / "served.m4a"
    copy.write_bytes(served.body())
    found = tags_of(copy)
    assert not [telltale for telltale in TELLTALES if telltale in found], found
    recording = Recording.objects.get()
    assert recording.transcript("en").startswith("WEBVTT")  # the SRT, as WebVTT
    assert [segment.title_es for segment in recording.segments.all()] == [
        "La llegada",
        "La siembra",
    ]
