"""Members send stories at /submit/: a draft story in review, nothing public, nothing lost."""

import io
import re
import uuid

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image
from wagtail.models import WorkflowState

from archive import roles
from archive.models import ArchiveImage, ConsentScope, Narrator
from archive.visibility import public_images, public_stories
from stories.models import StoryPage, StorySubmission, TranslationStatus, Visibility
from stories.submission import services, uploads
from stories.workflow import EditorialReviewTask
from tests.factories import make_place, make_theme
from tests.pictures import assert_no_metadata, jpeg_with_gps

pytestmark = pytest.mark.django_db

PASSWORD = "río-Sumpul-1980-memoria"
GPS_IFD = 0x8825
SPANISH_TEXT = (
    "Llegamos a Arcatao en 1989.\n\nLa comunidad nos recibió con tortillas.\nNadie olvidó el río."
)


# --- People and files ----------------------------------------------------------------------
def make_user(username, group=None, email=None):
    user = User.objects.create_user(
        username, email or f"{username}@example.org", PASSWORD, first_name=username.title()
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def archive(site_structure):
    return site_structure


@pytest.fixture
def member(archive):
    return make_user("ana", roles.MEMBERS)


@pytest.fixture
def editor(archive):
    return make_user("editora", roles.EDITORS)


@pytest.fixture
def officer(archive):
    return make_user("oficial", roles.CONSENT_OFFICERS)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def jpeg(name="foto.jpg", size=(64, 48)):
    """A real JPEG carrying GPS coordinates in its EXIF, as phones write them."""
    picture = Image.new("RGB", size, "green")
    exif = Image.Exif()
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (13.0, 41.0, 0.0)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def fake_photo(name="foto.jpg"):
    return SimpleUploadedFile(name, b"%PDF-1.4 not a photo at all", content_type="image/jpeg")


def story_data(**overrides):
    data = {
        "client_token": str(uuid.uuid4()),
        "title": "El río Sumpul",
        "text": SPANISH_TEXT,
        "language": "es",
        "narrator": "self",
        "narrator_name": "",
        "pseudonym": "",
        "date_text": "c. 1989",
        "consent": ConsentScope.PUBLIC,
        "website": "",
    }
    data.update(overrides)
    return data


def submit_url(language="en"):
    with translation.override(language):
        return reverse("submit_story")


def my_stories_url(language="en"):
    with translation.override(language):
        return reverse("my_stories")


def submit(client, url_language="es", **overrides):
    return client.post(submit_url(url_language), story_data(**overrides))


def said(text, language="es"):
    """`text` as the page says it in `language` (Spanish once the catalog has it)."""
    with translation.override(language):
        return escape(gettext(text))


def the_story():
    return StoryPage.objects.get()


# --- The happy path ------------------------------------------------------------------------
def test_member_submits_a_spanish_story_with_two_photos(
    member_client, member, editor, mailoutbox, django_capture_on_commit_callbacks
):
    place, theme = make_place(), make_theme()
    assert member_client.get(submit_url("es")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(
            member_client,
            places=[place.pk],
            themes=[theme.pk],
            photo_1=jpeg("uno.jpg"),
            caption_1="La plaza de Arcatao",
            photo_2=jpeg("dos.jpg"),
            caption_2="El río",
        )
    assert response.status_code == 302
    assert response.url.startswith(my_stories_url("es"))

    story = the_story()
    assert not story.live
    assert story.owner == member
    assert story.original_language == "es"
    assert story.translation_status_es == TranslationStatus.ORIGINAL
    assert story.translation_status_en == TranslationStatus.NEEDED
    assert story.visibility == Visibility.PUBLIC
    assert story.title_es == "El río Sumpul"
    assert story.historical_date.circa and story.date_year == 1989
    assert list(story.places.all()) == [place]
    assert list(story.themes.all()) == [theme]
    assert story.get_parent().specific_class.__name__ == "StoryIndexPage"

    # The text became paragraphs, the photos image blocks with their captions.
    kinds = [block.block_type for block in story.body_es]
    assert kinds == ["paragraph", "paragraph", "image", "image"]
    assert "Nadie olvidó el río." in str(story.body_es[1].value)
    images = [block.value for block in story.body_es if block.block_type == "image"]
    assert [image.caption_es for image in images] == ["La plaza de Arcatao", "El río"]
    for image in images:
        with image.file.open("rb") as stored, Image.open(stored) as picture:
            assert GPS_IFD not in picture.getexif()  # location removed
        assert image.uploaded_by_user == member

    # The narrator is the member, and consent waits for a consent officer.
    narrator = story.narrators.get()
    assert narrator.real_name == "Ana"
    assert narrator.consent_scope == ConsentScope.NOT_ASKED
    submission = StorySubmission.objects.get()
    assert submission.page.pk == story.pk
    assert submission.member == member
    assert submission.consent_choice == ConsentScope.PUBLIC
    assert submission.language == "es"

    # Nothing is public: not the page, not the photos.
    anonymous = Client()
    with translation.override("es"):
        assert anonymous.get(story.get_url()).status_code == 404
    assert not public_stories().filter(pk=story.pk).exists()
    assert not public_images().filter(pk__in=[image.pk for image in images]).exists()
    assert anonymous.get(images[0].file.url).status_code == 404

    # The review has started at the editors' task.
    state = WorkflowState.objects.for_instance(story).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == member
    assert isinstance(state.current_task_state.task.specific, EditorialReviewTask)

    # The member sees it as received.
    page = member_client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "El río Sumpul" in html
    assert said("Received") in html

    # A receipt for the member, a notification for the editors' group.
    receipt = next(mail for mail in mailoutbox if mail.to == [member.email])
    assert "El río Sumpul" in receipt.subject
    assert "/es/mis-historias/" in receipt.body
    assert any(editor.email in mail.to for mail in mailoutbox)


def test_spanish_form_is_in_spanish(member_client):
    response = member_client.get(submit_url("es"))
    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()
    assert submit_url("es") == "/es/enviar/"


def test_someone_elses_story_with_a_pseudonym(member_client):
    response = submit(
        member_client, narrator="other", narrator_name="María López", pseudonym="Flor"
    )
    assert response.status_code == 302
    narrator = the_story().narrators.get()
    assert narrator.real_name == "María López"
    assert narrator.pseudonym == "Flor"
    assert narrator.display_name == "Flor"


def test_someone_else_needs_a_name(member_client):
    response = submit(member_client, narrator="other")
    assert response.status_code == 400
    assert said("Please give the narrator's real name, or at least a name to show.") in (
        response.content.decode()
    )
    assert not StoryPage.objects.exists()


@pytest.mark.parametrize(
    ("consent", "visibility"),
    [
        (ConsentScope.PUBLIC, Visibility.PUBLIC),
        (ConsentScope.MEMBERS, Visibility.MEMBERS),
        (ConsentScope.ARCHIVE, Visibility.MEMBERS),
        (ConsentScope.NOT_ASKED, Visibility.MEMBERS),
    ],
)
def test_visibility_follows_the_consent_choice(member_client, consent, visibility):
    assert submit(member_client, consent=consent).status_code == 302
    story = the_story()
    assert story.visibility == visibility
    assert story.narrators.get().consent_scope == ConsentScope.NOT_ASKED
    assert StorySubmission.objects.get().consent_choice == consent


def test_english_story(member_client):
    text = "We arrived in 1989."
    assert (
        submit(member_client, "en", language="en", title="The river", text=text).status_code == 302
    )
    story = the_story()
    assert story.original_language == "en"
    assert story.translation_status_en == TranslationStatus.ORIGINAL
    assert story.translation_status_es == TranslationStatus.NEEDED
    assert story.has_text_in("en") and not story.has_text_in("es")


# --- Escaping ------------------------------------------------------------------------------
def test_script_tags_are_stored_and_shown_as_text(member_client):
    title = "<script>alert('t')</script> Título"
    text = "Antes <script>alert('x')</script> después\n\n<b>negrita</b>"
    assert submit(member_client, title=title, text=text).status_code == 302
    story = the_story()
    html = str(story.body_es.render_as_block())
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html or (
        "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    )
    listing = member_client.get(my_stories_url()).content.decode()
    assert "<script>alert('t')" not in listing
    assert "&lt;script&gt;" in listing


# --- Nothing lost --------------------------------------------------------------------------
def test_empty_title_is_refused_and_everything_else_is_kept(member_client):
    theme = make_theme()
    response = submit(member_client, title="   ", themes=[theme.pk], date_text="1980s")
    assert response.status_code == 400
    html = response.content.decode()
    assert said("Please give your story a title.") in html
    assert "La comunidad nos recibió con tortillas." in html
    assert 'value="1980s"' in html
    assert re.search(rf'name="themes" value="{theme.pk}"[^>]*checked', html)
    assert re.search(r'name="consent" value="public"[^>]*checked', html)
    assert re.search(r'name="language" value="es"[^>]*checked', html)
    assert not StoryPage.objects.exists()


def test_unreadable_date_gets_a_clear_error(member_client):
    response = submit(member_client, date_text="when I was young")
    assert response.status_code == 400
    assert "when I was young" in response.content.decode()
    assert 'id="error-summary"' in response.content.decode()
    assert submit(member_client, date_text="década de 1980").status_code == 302
    assert the_story().date_year == 1980


def test_fake_photo_is_refused_the_text_and_good_photo_are_kept(member_client, member):
    data = story_data(photo_1=jpeg("buena.jpg"), caption_1="Buena", photo_2=fake_photo())
    response = member_client.post(submit_url("es"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        said("This file is not a photo we accept. Please upload a JPEG, PNG or WebP image.") in html
    )
    assert "La comunidad nos recibió con tortillas." in html
    assert "buena.jpg" in html  # shown as already uploaded
    assert not ArchiveImage.objects.exists()  # nothing stored as an archive photo yet

    kept = response.context["form"].photo_slots[0].kept
    assert kept is not None and uploads.load(kept.token, member) == kept
    # Sent again without attaching it: the kept photo goes into the story.
    data = story_data(client_token=data["client_token"], kept_1=kept.token, caption_1="Buena foto")
    assert member_client.post(submit_url("es"), data).status_code == 302
    images = [block.value for block in the_story().body_es if block.block_type == "image"]
    assert [image.caption_es for image in images] == ["Buena foto"]
    assert not uploads.load(kept.token, member)  # the pending copy is gone


def test_a_members_photo_is_stored_clean_waiting_and_final_and_encoded_once(member_client, member):
    """The photo waits in storage while the member corrects the form, then becomes the
    story's photo: neither copy nor any resized one carries the phone's metadata, and the
    waiting copy is not re-encoded a second time (a JPEG loses a little each time)."""
    phone_photo = SimpleUploadedFile("phone.jpg", jpeg_with_gps(), content_type="image/jpeg")
    data = story_data(title="", photo_1=phone_photo)
    response = member_client.post(submit_url("es"), data)
    assert response.status_code == 400  # the title is missing
    kept = response.context["form"].photo_slots[0].kept
    with default_storage.open(kept.path, "rb") as stored:
        waiting = stored.read()
    assert_no_metadata(waiting)

    data = story_data(client_token=data["client_token"], kept_1=kept.token, caption_1="Río")
    assert member_client.post(submit_url("es"), data).status_code == 302
    (image,) = [block.value for block in the_story().body_es if block.block_type == "image"]
    with image.file.open("rb") as stored:
        assert stored.read() == waiting
    for spec in ("width-800", "fill-400x300", "max-1200x900"):
        with image.get_rendition(spec).file.open("rb") as stored:
            assert_no_metadata(stored.read())


def test_kept_photos_of_another_member_are_ignored(member_client, member):
    other = make_user("otro", roles.MEMBERS)
    pending = uploads.store(jpeg(), other)
    response = submit(member_client, kept_1=pending.token)
    assert response.status_code == 302
    assert not any(block.block_type == "image" for block in the_story().body_es)
    assert uploads.load("forged-token", member) is None


def test_oversized_photo_is_refused(member_client):
    with override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=100):
        response = submit(member_client, photo_1=jpeg())
    assert response.status_code == 400
    assert "100\xa0bytes" in response.content.decode()


# --- Double submit -------------------------------------------------------------------------
def test_double_submit_creates_one_story(member_client):
    data = story_data()
    first = member_client.post(submit_url("es"), data)
    second = member_client.post(submit_url("es"), data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert StoryPage.objects.count() == StorySubmission.objects.count() == 1
    assert Narrator.objects.count() == 1


# --- Who may submit ------------------------------------------------------------------------
def test_anonymous_visitors_are_sent_to_log_in(client, archive):
    response = client.get(submit_url("es"))
    assert response.status_code == 302
    assert response.url.startswith("/es/cuentas/entrar/")
    assert "next=/es/enviar/" in response.url


def test_session_expired_on_post_goes_to_login_with_a_message(client, archive):
    response = client.post(submit_url(), story_data(), follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=/submit/")
    assert "Your session had expired" in response.content.decode()
    assert not StoryPage.objects.exists()


def test_logged_in_non_member_gets_a_clear_403(client, archive):
    client.force_login(make_user("visitante"))
    response = client.get(submit_url())
    assert response.status_code == 403
    assert "Only members can send stories" in response.content.decode()
    assert client.post(submit_url(), story_data()).status_code == 403
    assert not StoryPage.objects.exists()


def test_my_stories_needs_login(client, archive):
    response = client.get(my_stories_url("es"))
    assert response.status_code == 302
    assert response.url.startswith("/es/cuentas/entrar/")


# --- Abuse ---------------------------------------------------------------------------------
def test_honeypot_stops_robots(member_client):
    response = submit(member_client, website="http://spam.example")
    assert response.status_code == 400
    assert not StoryPage.objects.exists()


@override_settings(SUBMISSION_RATE_LIMIT=(2, 3600))
def test_rate_limit(member_client):
    assert submit(member_client).status_code == 302
    assert submit(member_client).status_code == 302
    response = submit(member_client, title="Una más")
    assert response.status_code == 429
    html = response.content.decode()
    assert said(str(services.RATE_LIMIT_MESSAGE)) in html
    assert "Una más" in html  # what they typed is still there
    assert StoryPage.objects.count() == 2


def test_csrf_failure_page_is_friendly(member, archive):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(submit_url("es"), story_data())
    assert response.status_code == 403
    html = response.content.decode()
    assert "your text is kept in this browser" in html
    assert 'lang="es"' in html and 'lang="en"' in html
    assert not StoryPage.objects.exists()


def test_form_carries_the_draft_and_progress_script(member_client):
    html = member_client.get(submit_url()).content.decode()
    assert 'name="client_token"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "stories/submit.js" in html
    assert 'data-draft-key="memoria-story-draft:' in html
    assert html.count('type="file" name="photo_') == 10
    # And one for a recording (recordings/upload_submission.py), the only other file.
    assert html.count('type="file"') == 11 and 'type="file" name="recording"' in html
