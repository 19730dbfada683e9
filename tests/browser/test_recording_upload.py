"""A member sends a recording with their story over a connection that drops
(recordings/static/recordings/upload.js): the upload goes on where it stopped, with its
progress shown, and the story arrives with the very same file, its web copy without the
location the phone wrote into it."""

import hashlib
import subprocess

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from archive import roles

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-1986"
CHUNK = 16 * 1024


@pytest.fixture
def ana(page, live_server, settings):
    from stories.site_structure import ensure_site_structure

    ensure_site_structure()
    settings.RECORDING_UPLOAD_CHUNK_BYTES = CHUNK  # a small file in several chunks
    user = User.objects.create_user("ana", "ana@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=roles.MEMBERS))
    page.goto("/es/cuentas/entrar/?next=/es/enviar/")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/es/enviar/")
    return user


@pytest.fixture
def phone_recording(tmp_path):
    """Ten seconds of tone as a phone writes it, with the place it was recorded."""
    path = tmp_path / "testimonio.m4a"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi"]
        + ["-i", "sine=frequency=440:duration=10", "-metadata", "location=+13.6-088.9/"]
        + ["-c:a", "aac", "-b:a", "128k", str(path)],
        check=True,
    )
    assert path.stat().st_size > 5 * CHUNK
    return path


def _tags(path):
    return subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format_tags", str(path)],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def _chunks(page, cut_at=None):
    """The offsets of the chunks sent; the chunk numbered `cut_at` loses its connection."""
    sent = []

    def handle(route):
        request = route.request
        if request.method == "PATCH":
            sent.append(int(request.headers["upload-offset"]))
            if len(sent) == cut_at:
                route.abort("connectionreset")
                return
        route.continue_()

    page.route("**/recordings/uploads/**", handle)
    return sent


def _forget_expected_errors(page):
    """The connection cut on purpose shows as a failed request in the console."""
    page.errors[:] = [error for error in page.errors if "ERR_CONNECTION_RESET" not in error]


def test_a_recording_resumes_after_the_connection_drops_and_comes_with_the_story(
    page, ana, phone_recording
):
    sent = _chunks(page, cut_at=3)
    box = page.locator("[data-recording-upload]")
    progress = box.locator("progress")
    expect(progress).to_have_attribute("aria-label", "Subida de la grabación")
    page.locator("#id_recording").set_input_files(str(phone_recording))

    status = box.locator("[role=status]")
    expect(status).to_contain_text("Se cortó la conexión")  # said, then tried again
    expect(status).to_contain_text("Grabación subida: testimonio.m4a")
    assert progress.evaluate("bar => bar.value") == 100
    # The cut chunk was sent again from where the server stood, nothing from the start.
    assert sent[2] == sent[3] == 2 * CHUNK and sent.count(0) == 1
    key = f"memoria-story-draft:{ana.pk}:recording-submit"
    assert page.evaluate("(key) => window.localStorage.getItem(key) !== null", key)
    _forget_expected_errors(page)

    page.locator("input[name=title]").fill("El río de Arcatao")
    page.locator("textarea[name=text]").fill("Llegamos en 1989.")
    page.locator("input[name=consent][value=public]").check()
    page.locator("#story-submit").click()
    page.wait_for_url("**/es/mis-historias/**")
    assert page.evaluate("(key) => window.localStorage.getItem(key)", key) is None

    from recordings.models import Recording, Status

    recording = Recording.objects.get(story__owner=ana)
    original = recording.original.storage.path(recording.original.name)
    with open(original, "rb") as kept:
        assert (
            hashlib.sha256(kept.read()).hexdigest()
            == hashlib.sha256(phone_recording.read_bytes()).hexdigest()
        )
    assert recording.status == Status.READY
    assert "13.6" in _tags(phone_recording)
    assert "13.6" not in _tags(recording.web_file.storage.path(recording.web_file.name))


def test_after_a_reload_the_same_file_goes_on_where_it_stopped(page, ana, phone_recording):
    def connection_gone(route):
        if route.request.method == "PATCH" and route.request.headers["upload-offset"] != "0":
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/recordings/uploads/**", connection_gone)
    page.locator("#id_recording").set_input_files(str(phone_recording))
    status = page.locator("[data-recording-upload] [role=status]")
    expect(status).to_contain_text("Se cortó la conexión")
    page.unroute("**/recordings/uploads/**")
    _forget_expected_errors(page)

    page.reload()  # the phone closed the page; the member comes back
    expect(status).to_contain_text("Elija de nuevo el mismo archivo")
    sent = _chunks(page)
    page.locator("#id_recording").set_input_files(str(phone_recording))
    expect(status).to_contain_text("Grabación subida: testimonio.m4a")
    assert sent[0] == CHUNK  # from where the server stood
