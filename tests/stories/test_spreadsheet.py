"""Spreadsheet import and export of stories (stories/spreadsheet/, the import_stories and
export_stories commands, and the admin's "Import stories" page)."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Revision, WorkflowState
from wagtail.rich_text import RichText

from archive.models import ConsentScope, Narrator
from archive.models.dates import HistoricalDate
from archive.roles import CONSENT_OFFICERS, EDITORS
from stories import spreadsheet
from stories.models import StoryPage, TranslationStatus
from stories.workflow import WORKFLOW_NAME, EditorialReviewTask
from tests.factories import make_narrator, make_photo, make_place, make_story, make_theme
from tests.pictures import jpeg_with_gps

pytestmark = pytest.mark.django_db

HEADER = "title_en,title_es,body_en,body_es,date,themes,places,narrators,tags,visibility\n"


def csv_bytes(*rows, header=HEADER, bom=False):
    text = header + "".join(row if row.endswith("\n") else row + "\n" for row in rows)
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def good_row(title="The river", titulo="El río", date="c. 1989", themes="Agua", places="Arcatao"):
    return (
        f'{title},{titulo},"One.\n\nTwo.","Uno.\n\nDos.",{date},{themes},{places},Rosa,agua,public'
    )


def run_plan(data):
    return spreadsheet.plan(spreadsheet.read_rows(data))


def make_editor(username="editora"):
    user = User.objects.create_user(username, f"{username}@example.org", "x")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def vocabulary(site_structure):
    return {
        "water": make_theme("water", "Water", "Agua"),
        "migration": make_theme("migration", "Migration", "Migración"),
        "arcatao": make_place("arcatao", "Arcatao"),
        "boston": make_place("boston", "Boston", country="US"),
    }


# --- Round trip -----------------------------------------------------------------------------
def _snapshot(stories):
    """What must survive export → import, story by story (keyed by Spanish title)."""
    found = {}
    for story in stories:
        story = story.get_latest_revision_as_object()
        date = story.historical_date
        found[story.title_es] = {
            "title_en": story.title_en,
            "slugs": (story.slug_en, story.slug_es),
            "summary": (story.summary_en or "", story.summary_es or ""),
            "body": (spreadsheet.body_text(story.body_en), spreadsheet.body_text(story.body_es)),
            "themes": sorted(theme.slug for theme in story.themes.all()),
            "places": sorted(place.slug for place in story.places.all()),
            "narrators": sorted(narrator.display_name for narrator in story.narrators.all()),
            "tags": sorted(tag.name for tag in story.tags.all()),
            "date": date,
            "date_text": (date.render("en"), date.render("es")) if date else None,
            "language": story.original_language,
            "status": (story.translation_status_en, story.translation_status_es),
            "visibility": story.visibility,
        }
    return found


def test_round_trip_export_then_import_into_an_empty_archive(site_structure, vocabulary):
    _, index = site_structure
    water, migration = vocabulary["water"], vocabulary["migration"]
    rosa = make_narrator(pseudonym="Rosa", real_name="Rosa Real Name")
    cases = [
        ("c. 1989", [water], [vocabulary["arcatao"]], {}),
        ("1980s", [migration, water], [vocabulary["boston"]], {"visibility": "members"}),
        ("1986-03", [], [], {"english": False}),
        ("c. 1980-1992", [migration], [vocabulary["arcatao"], vocabulary["boston"]], {}),
        ("1986-03-15", [water], [], {"spanish": False, "title_es": None}),
    ]
    for number, (date, themes, places, extra) in enumerate(cases):
        spanish = extra.pop("spanish", True)
        story = make_story(
            index,
            spanish=spanish,
            narrators=[rosa],
            themes=themes,
            places=places,
            **extra,
        )
        if not spanish:  # English only: Wagtail borrows the English title for Spanish
            story.title_es = f"Only English {number}"
        story.body_en = [
            ("paragraph", RichText("<p>- a dash, =not a formula</p>")),
            ("paragraph", RichText("<p>First &amp; <b>bold</b> line<br/>second line</p>")),
        ]
        story.set_historical_date(HistoricalDate.parse(date))
        story.tags.set(["agua", f"tag {number}"])
        story.save_revision().publish()
    before = _snapshot(StoryPage.objects.all())
    assert len(before) == 5

    with translation.override("es"):
        exported = spreadsheet.export_csv(StoryPage.objects.all())
    assert exported.startswith("\ufeff")
    assert "Agua" in exported and "Migración" in exported  # Spanish names, not slugs
    assert "Rosa Real Name" not in exported  # never the real name behind a pseudonym
    assert "'- a dash" in exported  # no formula injection when opened in a spreadsheet

    # An empty archive: the vocabulary stays, the stories (and the narrator) go.
    for story in StoryPage.objects.all():
        story.delete()
    Narrator.objects.all().delete()
    assert not StoryPage.objects.exists()

    result = spreadsheet.plan_file(exported.encode("utf-8"))
    assert not result.refused, result.problems
    assert result.counts[spreadsheet.CREATE] == 5
    spreadsheet.apply(result, user=make_editor())

    after = _snapshot(StoryPage.objects.all())
    assert after == before
    # The narrator came back by public name only, waiting for consent.
    narrator = Narrator.objects.get()
    assert (narrator.pseudonym, narrator.real_name) == ("Rosa", "")
    assert narrator.consent_scope == ConsentScope.NOT_ASKED

    # Exporting again gives the same file.
    with translation.override("es"):
        assert spreadsheet.export_csv(StoryPage.objects.all()) == exported


def test_imported_stories_are_drafts_in_the_story_review_workflow(vocabulary, mailoutbox):
    editor = make_editor()
    result = run_plan(csv_bytes(good_row()))
    assert [row.action for row in result.rows] == [spreadsheet.CREATE]
    assert result.rows[0].new_narrators == ["Rosa"]
    spreadsheet.apply(result, user=editor)

    story = StoryPage.objects.get()
    assert not story.live
    assert story.owner == editor
    assert (story.title_en, story.title_es) == ("The river", "El río")
    assert (story.slug_en, story.slug_es) == ("the-river", "el-rio")
    assert [block.block_type for block in story.body_es] == ["paragraph", "paragraph"]
    assert list(story.themes.all()) == [vocabulary["water"]]
    assert list(story.places.all()) == [vocabulary["arcatao"]]
    assert story.historical_date == HistoricalDate.parse("c. 1989")
    assert story.original_language == "es"
    assert story.translation_status_es == TranslationStatus.ORIGINAL
    assert story.translation_status_en == TranslationStatus.DRAFT
    assert story.narrators.get().consent_scope == ConsentScope.NOT_ASKED

    state = WorkflowState.objects.for_instance(story).get()
    assert state.workflow.name == WORKFLOW_NAME
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor
    assert isinstance(state.current_task_state.task.specific, EditorialReviewTask)


def test_reimporting_the_same_file_creates_no_duplicates(vocabulary):
    data = csv_bytes(good_row(), good_row("Water", "Agua", "1980s", "Water;migración", "boston"))
    spreadsheet.apply(run_plan(data))
    assert StoryPage.objects.count() == 2
    revisions = Revision.objects.count()

    again = run_plan(data)
    assert [row.action for row in again.rows] == [spreadsheet.UNCHANGED] * 2
    spreadsheet.apply(again)
    assert StoryPage.objects.count() == 2
    assert Revision.objects.count() == revisions
    assert Narrator.objects.count() == 1
    assert WorkflowState.objects.count() == 2


def test_a_changed_row_updates_the_draft_of_a_live_story(site_structure, vocabulary):
    _, index = site_structure
    story = make_story(
        index,
        title_en="The river",
        title_es="El río",
        slug_en="the-river",
        slug_es="el-rio",
        themes=[vocabulary["water"]],
    )
    data = csv_bytes(
        "the-river,El río nuevo,1990",
        header="slug_en,title_es,date\n",
    )
    with pytest.raises(spreadsheet.SpreadsheetError, match="title_en"):
        spreadsheet.read_rows(data)

    data = csv_bytes(",El río nuevo,1990", header="title_en,title_es,date\n")
    result = run_plan(data)
    # No slug column: the row's slug comes from its title ("el-rio-nuevo"): a new story.
    assert [row.action for row in result.rows] == [spreadsheet.CREATE]

    data = csv_bytes(
        "the-river,The river,El río nuevo,1990", header="slug_en,title_en,title_es,date\n"
    )
    result = run_plan(data)
    (row,) = result.rows
    assert (row.action, row.story.pk) == (spreadsheet.UPDATE, story.pk)
    assert row.changes == ["title_es", "date"]
    spreadsheet.apply(result, user=make_editor())

    story.refresh_from_db()
    assert story.live and story.title_es == "El río"  # the live version is untouched
    assert story.date_year is None
    draft = story.get_latest_revision_as_object()
    assert draft.title_es == "El río nuevo" and draft.date_year == 1990
    assert draft.slug_es == "el-rio"  # no slug_es column: the address stays
    assert list(draft.themes.all()) == [vocabulary["water"]]  # no themes column: kept
    assert WorkflowState.objects.for_instance(story).get().status == "in_progress"


def test_stories_under_review_update_in_place_or_are_refused_when_locked(vocabulary):
    editor = make_editor()
    spreadsheet.apply(run_plan(csv_bytes(good_row())), user=editor)
    story = StoryPage.objects.get()
    state = WorkflowState.objects.for_instance(story).get()

    # At the editors' step an editor may change it: same workflow, a new revision.
    changed = csv_bytes(good_row(date="década de 1980"))
    result = spreadsheet.plan(spreadsheet.read_rows(changed), user=editor)
    assert [(row.action, row.changes) for row in result.rows] == [("update", ["date"])]
    spreadsheet.apply(result, user=editor)
    assert WorkflowState.objects.for_instance(story).get() == state
    story.refresh_from_db()
    draft = story.get_latest_revision_as_object()
    assert spreadsheet.format_date(draft.historical_date) == "1980s"

    # At the consent officers' step it is locked for editors (and for an unnamed user).
    state.current_task_state.approve(user=editor)
    state.refresh_from_db()
    assert state.current_task_state.task.name != EditorialReviewTask.objects.get().name
    again = csv_bytes(good_row(date="1991"))
    for user in (editor, None):
        (row,) = spreadsheet.plan(spreadsheet.read_rows(again), user=user).rows
        assert row.action == spreadsheet.REFUSE
        assert [problem.column for problem in row.problems] == [""]
    # Unchanged rows are not refused for being locked.
    (row,) = spreadsheet.plan(spreadsheet.read_rows(changed), user=editor).rows
    assert row.action == spreadsheet.UNCHANGED


def test_dry_run_writes_nothing(vocabulary, tmp_path, capsys):
    path = tmp_path / "stories.csv"
    path.write_bytes(csv_bytes(good_row()))
    pages, narrators = Page.objects.count(), Narrator.objects.count()
    call_command("import_stories", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "create" in out and "The river" in out
    assert Page.objects.count() == pages
    assert Narrator.objects.count() == narrators
    assert not WorkflowState.objects.exists()


def test_command_imports_and_exports(vocabulary, tmp_path, capsys):
    editor = make_editor()
    source = tmp_path / "in.csv"
    source.write_bytes(csv_bytes(good_row(), bom=True))
    call_command("import_stories", str(source), "--user", editor.username)
    story = StoryPage.objects.get()
    assert story.owner == editor and not story.live

    out = tmp_path / "out.csv"
    call_command("export_stories", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [row["title_es"] for row in rows] == ["El río"]
    assert rows[0]["date"] == "c. 1989"


def test_a_file_with_one_bad_row_is_refused_whole(vocabulary, tmp_path, capsys):
    data = csv_bytes(
        good_row("First", "Primero"),
        good_row("Second", "Segundo", date="someday"),
        good_row("Third", "Tercero", themes="Agua;Gardening", places="Atlantis"),
        good_row("", ""),
        good_row("First again", "Primero"),
    )
    result = run_plan(data)
    assert result.refused
    actions = {row.number: row.action for row in result.rows}
    assert actions == {2: "create", 3: "refuse", 4: "refuse", 5: "refuse", 6: "refuse"}
    reasons = {(number, problem.column) for number, problem in result.problems}
    assert reasons == {
        (3, "date"),
        (4, "themes"),
        (4, "places"),
        (5, "title_en"),
        (6, "slug_es"),
    }
    assert "Gardening" in str(result.rows[2].problems[0])
    assert "Atlantis" in str(result.rows[2].problems[1])
    with pytest.raises(spreadsheet.ImportRefused):
        spreadsheet.apply(result)
    assert not StoryPage.objects.exists()
    assert not Narrator.objects.exists()

    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(CommandError):
        call_command("import_stories", str(path))
    out = capsys.readouterr().out
    assert "3" in out and "someday" in out
    assert not StoryPage.objects.exists()
    # The same table in Spanish (wording comes from the catalog once translated).
    with pytest.raises(CommandError):
        call_command("import_stories", str(path), "--language", "es")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[1:6]] == ["2", "3", "4", "5", "6"]
    assert translation.get_language() == "en"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("Title,Título,,,,,,,,secret", "visibility"),
        ("Title,Título,,,1989-13,,,,,", "date"),
        ("Title,Título,,,,,,,,,extra", ""),
    ],
)
def test_row_level_reasons(vocabulary, row, column):
    result = run_plan(csv_bytes(row))
    (planned,) = result.rows
    assert planned.action == spreadsheet.REFUSE
    assert [problem.column for problem in planned.problems] == [column]


@pytest.mark.parametrize(
    ("visibility", "language", "status"),
    [
        ("members", "en", "reviewed"),
        ("Members only", "English", "Reviewed translation"),
        ("solo para miembros", "Inglés", "Traducción revisada"),  # labels in Spanish
    ],
)
def test_choices_by_value_or_label_in_either_language(vocabulary, visibility, language, status):
    header = "title_en,title_es,visibility,original_language,translation_status_es\n"
    (row,) = run_plan(
        csv_bytes(f"Title,Título,{visibility},{language},{status}", header=header)
    ).rows
    assert row.action == spreadsheet.CREATE, row.problems
    assert row.values["visibility"] == "members"
    assert row.values["original_language"] == "en"
    assert row.values["translation_status_es"] == "reviewed"
    assert row.values["translation_status_en"] == "original"  # derived


def test_embargo_needs_a_date(vocabulary):
    header = "title_en,title_es,visibility,embargo_until\n"
    (row,) = run_plan(csv_bytes("T,T,embargoed,", header=header)).rows
    assert [problem.column for problem in row.problems] == ["embargo_until"]
    (row,) = run_plan(csv_bytes("T,T,embargoed,2030-01-31", header=header)).rows
    assert row.action == spreadsheet.CREATE
    (row,) = run_plan(csv_bytes("T,T,embargoed,31/01/2030", header=header)).rows
    assert row.action == spreadsheet.REFUSE
    assert {problem.column for problem in row.problems} == {"embargo_until"}
    assert any("31/01/2030" in str(p) and "YYYY-MM-DD" in str(p) for p in row.problems)


def test_file_level_problems(vocabulary):
    with pytest.raises(spreadsheet.SpreadsheetError, match="UTF-8"):
        spreadsheet.read_rows("title_en,title_es\nCanción,Canción\n".encode("latin-1"))
    with pytest.raises(spreadsheet.SpreadsheetError, match="UTF-16"):
        spreadsheet.read_rows("title_en,title_es\n".encode("utf-16"))
    with pytest.raises(spreadsheet.SpreadsheetError, match="titel_es"):
        spreadsheet.read_rows(b"title_en,titel_es\nA,B\n")
    with pytest.raises(spreadsheet.SpreadsheetError, match="title_es"):
        spreadsheet.read_rows(b"title_en\nA\n")
    assert spreadsheet.plan_file(b"").refused
    assert spreadsheet.plan_file(HEADER.encode()).refused  # headings but no stories
    # Semicolons (Excel with Spanish settings) and a byte-order mark are fine.
    rows = spreadsheet.read_rows(b"\xef\xbb\xbftitle_en;title_es\nA;B\n")
    assert rows[0].values == {"title_en": "A", "title_es": "B"}


def test_body_with_photos_cannot_be_replaced_from_a_spreadsheet(site_structure, vocabulary):
    _, index = site_structure
    photo = make_photo()
    story = make_story(index, slug_es="con-foto")
    story.body_es = [
        ("paragraph", RichText("<p>Texto.</p>")),
        ("image", {"image": photo, "decorative": False, "alt_text": "Harvest"}),
    ]
    story.save_revision().publish()
    header = "slug_es,title_en,title_es,body_es\n"
    # Same text: the body (and its photo) stays; only the title changes.
    (row,) = run_plan(csv_bytes(f"con-foto,{story.title_en},Nuevo,Texto.", header=header)).rows
    assert (row.action, row.changes) == (spreadsheet.UPDATE, ["title_es"])
    # Other text: refused.
    (row,) = run_plan(csv_bytes(f"con-foto,{story.title_en},Nuevo,Otro.", header=header)).rows
    assert [problem.column for problem in row.problems] == ["body_es"]


def test_messages_follow_the_active_language(vocabulary):
    data = csv_bytes(good_row(date="someday"))
    with translation.override("es"):
        result = run_plan(data)
        problem = result.rows[0].problems[0]
        assert problem.column == "date"
        assert "someday" in problem.message
        assert "no es una fecha" in problem.message
        assert str(result.rows[0].action_label) == "rechazada"


# --- Admin view ---------------------------------------------------------------------------------
IMPORT_URL = "stories_import"


def test_editor_uploads_previews_and_confirms(client, vocabulary):
    editor = make_editor()
    client.force_login(editor)
    page = client.get(reverse(IMPORT_URL))
    assert page.status_code == 200
    assert "import-stories" in client.get(reverse("wagtailadmin_home")).content.decode()

    upload = SimpleUploadedFile("stories.csv", csv_bytes(good_row()), content_type="text/csv")
    preview = client.post(reverse(IMPORT_URL), {"file": upload})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "The river / El río" in html
    assert 'name="digest"' in html
    assert not StoryPage.objects.exists()  # preview is a dry run

    digest = preview.context["plan"].digest()
    done = client.post(reverse(IMPORT_URL), {"confirm": "1", "digest": digest})
    assert done.status_code == 302
    story = StoryPage.objects.get()
    assert not story.live and story.owner == editor
    assert WorkflowState.objects.for_instance(story).get().status == "in_progress"


def files_in_storage():
    found, folders = set(), [""]
    while folders:
        folder = folders.pop()
        if folder and not default_storage.exists(folder):
            continue
        subfolders, files = default_storage.listdir(folder)
        folders += [f"{folder}{name}/" for name in subfolders]
        found |= {folder + name for name in files}
    return found


def test_the_import_carries_no_files_into_storage(client, vocabulary):
    """The spreadsheet way in brings text only: the file waits in the session and no photo
    comes with it, so nothing it brings can reach storage with metadata (or at all), even
    a phone photo sent instead of a spreadsheet."""
    client.force_login(make_editor())
    before = files_in_storage()
    for upload in [
        SimpleUploadedFile("stories.csv", csv_bytes(good_row()), content_type="text/csv"),
        SimpleUploadedFile("stories.csv", jpeg_with_gps(), content_type="text/csv"),
    ]:
        preview = client.post(reverse(IMPORT_URL), {"file": upload})
        assert preview.status_code == 200
    digest = (
        client.post(
            reverse(IMPORT_URL), {"file": SimpleUploadedFile("s.csv", csv_bytes(good_row()))}
        )
        .context["plan"]
        .digest()
    )
    assert client.post(reverse(IMPORT_URL), {"confirm": "1", "digest": digest}).status_code == 302
    assert StoryPage.objects.exists()
    assert files_in_storage() == before


def test_admin_preview_of_a_bad_file_offers_no_import(client, vocabulary):
    client.force_login(make_editor())
    upload = SimpleUploadedFile("bad.csv", csv_bytes(good_row(date="someday")))
    with translation.override("es"):
        preview = client.post(reverse(IMPORT_URL), {"file": upload})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "someday" in html
    assert 'name="confirm"' not in html
    # Confirming anyway (a hand-made POST) imports nothing.
    client.post(reverse(IMPORT_URL), {"confirm": "1", "digest": "x"})
    assert not StoryPage.objects.exists()


def test_admin_preview_of_an_unchanged_file_has_nothing_to_import(client, vocabulary):
    spreadsheet.apply(run_plan(csv_bytes(good_row())))
    client.force_login(make_editor())
    upload = SimpleUploadedFile("same.csv", csv_bytes(good_row()))
    html = client.post(reverse(IMPORT_URL), {"file": upload}).content.decode()
    assert "unchanged" in html
    assert 'name="confirm"' not in html


def test_admin_confirm_after_the_archive_changed_shows_a_new_preview(client, vocabulary):
    client.force_login(make_editor())
    upload = SimpleUploadedFile("stories.csv", csv_bytes(good_row()))
    digest = client.post(reverse(IMPORT_URL), {"file": upload}).context["plan"].digest()
    spreadsheet.apply(run_plan(csv_bytes(good_row())))  # someone imported it meanwhile
    response = client.post(reverse(IMPORT_URL), {"confirm": "1", "digest": digest})
    assert response.status_code == 200
    assert response.context["plan"].rows[0].action == spreadsheet.UNCHANGED
    assert StoryPage.objects.count() == 1


def test_admin_export_downloads_csv(client, site_structure, vocabulary):
    _, index = site_structure
    make_story(index, title_es="Exportada")
    client.force_login(make_editor())
    response = client.get(reverse("stories_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "Exportada" in response.content.decode("utf-8-sig")


def test_non_editors_cannot_import(client, vocabulary):
    officer = User.objects.create_user("officer", "o@example.org", "x")
    officer.groups.add(Group.objects.get(name=CONSENT_OFFICERS))
    client.force_login(officer)
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    refused = (302, 403)
    assert client.get(reverse(IMPORT_URL)).status_code in refused
    assert client.get(reverse("stories_export")).status_code in refused
    upload = SimpleUploadedFile("stories.csv", csv_bytes(good_row()))
    assert client.post(reverse(IMPORT_URL), {"file": upload}).status_code in refused
    assert "import-stories" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert not StoryPage.objects.exists()

    client.force_login(User.objects.create_user("visitor", "v@example.org", "x"))
    assert client.get(reverse(IMPORT_URL)).status_code in refused


def test_an_import_e_mails_each_reviewer_once_in_their_language(
    client, vocabulary, mailoutbox, django_capture_on_commit_callbacks
):
    """Every row enters the Story review; the other editors (and superusers) hear of the
    whole file in one e-mail each, not one per row."""
    from wagtail.users.models import UserProfile

    importer = make_editor("importadora")
    reviewer = make_editor("revisora")
    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = "es"
    profile.save()
    admin = User.objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(importer)
    rows = [good_row(f"River {n}", f"Río {n}") for n in range(1, 6)]
    upload = SimpleUploadedFile("stories.csv", csv_bytes(*rows), content_type="text/csv")
    digest = client.post(reverse(IMPORT_URL), {"file": upload}).context["plan"].digest()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse(IMPORT_URL), {"confirm": "1", "digest": digest})

    assert done.status_code == 302
    assert StoryPage.objects.count() == 5
    by_recipient = {}
    for message in mailoutbox:
        for address in message.to:
            by_recipient.setdefault(address, []).append(message)
    assert sorted(by_recipient) == [admin.email, reviewer.email]  # not the importer
    assert all(len(messages) == 1 for messages in by_recipient.values())
    spanish = by_recipient[reviewer.email][0]
    assert "5 historias importadas" in spanish.subject
    assert all(f"Río {n}" in spanish.body for n in range(1, 6))
    english = by_recipient[admin.email][0]
    assert "5 imported stories" in english.subject
    assert all(f"River {n}" in english.body for n in range(1, 6))
    assert "importadora" in english.body


def test_a_single_story_sent_to_review_outside_an_import_still_notifies(
    site_structure, vocabulary, mailoutbox
):
    """The import's summary does not swallow Wagtail's own notification elsewhere."""
    from stories.workflow import ensure_submission_workflow

    _, index = site_structure
    editor = make_editor("importadora")
    reviewer = make_editor("revisora")
    story = make_story(index, title_en="Alone", live=False)
    ensure_submission_workflow(index).start(story, editor)
    assert [message.to for message in mailoutbox] == [[reviewer.email]]


def test_an_imported_story_naming_no_narrator_cannot_be_published_until_marked(vocabulary):
    """Imports only make drafts; the narrator rule (stories.consent) holds when one of them
    is published, whatever path publishes it."""
    from stories.consent import ConsentMissing

    spreadsheet.apply(run_plan(csv_bytes("No one,Nadie,One.,Uno.,1989,Agua,Arcatao,,,public")))
    story = StoryPage.objects.get()
    assert not story.narrators.exists()
    with pytest.raises(ConsentMissing, match="it names no narrator"):
        story.get_latest_revision().publish()
    assert not StoryPage.objects.get(pk=story.pk).live

    draft = story.get_latest_revision_as_object()
    draft.is_editorial = True
    draft.save_revision().publish()
    assert StoryPage.objects.get(pk=story.pk).live
