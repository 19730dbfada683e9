"""The timeline models moved from archive to the timelines app (archive 0008 renames their
content types, timelines 0001 takes them over, archive 0009 forgets them) without touching
a table: a timeline made before the move, with the models of that time, is the same page
after it — same id, same content type row, same revision, same addresses."""

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, Revision

from timelines.models import TimelinePage

BEFORE_THE_MOVE = [("archive", "0007_page_lookup_indexes")]
# Migrating needs real transactions; the rows the migrations made come back for the next test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _migrate(targets):
    """Migrate to `targets`; the models as they were there."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    ContentType.objects.clear_cache()
    return state.apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old_timeline(apps, home, path, theme):
    """A timeline page with an event, an era, a theme and a published revision, written
    with archive's models from before the move (as an existing database holds it)."""
    content_types = apps.get_model("contenttypes", "ContentType").objects
    timeline_type = content_types.get(app_label="archive", model="timelinepage")
    page_type = content_types.get(app_label="wagtailcore", model="page")
    timeline = apps.get_model("archive", "TimelinePage").objects.create(
        title="Sister cities",
        draft_title="Sister cities",
        slug="sister-cities",
        url_path=f"{home.url_path}sister-cities/",
        path=path,
        depth=home.depth + 1,
        numchild=0,
        content_type=timeline_type,
        locale_id=home.locale_id,
        translation_key=uuid.uuid4(),
        live=True,
        first_published_at=timezone.now(),
        introduction_en="Since 1986.",
        introduction_es="Desde 1986.",
    )
    # Wagtail's own translated columns are not in any migration's models (modeltranslation
    # adds them outside migrations), and the move does not touch wagtailcore_page.
    Page.objects.filter(pk=timeline.pk).update(
        title_en="Sister cities",
        title_es="Ciudades hermanas",
        slug_en="sister-cities",
        slug_es="ciudades-hermanas",
        url_path_en=f"{home.url_path_en}sister-cities/",
        url_path_es=f"{home.url_path_es}ciudades-hermanas/",
    )
    Page.objects.filter(pk=home.pk).update(numchild=F("numchild") + 1)
    timeline.themes.through.objects.create(timelinepage_id=timeline.pk, theme_id=theme.pk)
    apps.get_model("archive", "TimelineEvent").objects.create(
        page_id=timeline.pk,
        sort_order=0,
        headline="Madison and Arcatao become sister cities",
        headline_en="Madison and Arcatao become sister cities",
        headline_es="Madison y Arcatao se hermanan",
        date_year=1986,
    )
    apps.get_model("archive", "TimelineEra").objects.create(
        page_id=timeline.pk,
        sort_order=0,
        label_en="Civil war",
        label_es="Guerra civil",
        start_year=1980,
        end_year=1992,
    )
    revision = apps.get_model("wagtailcore", "Revision").objects.create(
        content_type=timeline_type,
        base_content_type=page_type,
        object_id=str(timeline.pk),
        object_str="Sister cities",
        content={"pk": timeline.pk, "title": "Sister cities"},
        created_at=timezone.now(),
    )
    type(timeline).objects.filter(pk=timeline.pk).update(
        live_revision_id=revision.pk, latest_revision_id=revision.pk
    )
    return timeline.pk, timeline_type.pk, revision.pk


def test_a_timeline_made_before_the_move_is_the_same_page_after_it(site_structure, client):
    from archive.models import Theme

    home, _index = site_structure
    theme = Theme.objects.create(name_en="Wells", name_es="Pozos", slug="wells-moved")
    path = home.get_last_child()._inc_path()  # where the next child of home goes

    old_apps = _migrate(BEFORE_THE_MOVE)
    # Migrating back is possible: archive 0008 gives archive its content types again.
    old_types = old_apps.get_model("contenttypes", "ContentType").objects
    assert not old_types.filter(app_label="timelines").exists()
    pk, content_type_id, revision_id = _old_timeline(old_apps, home, path, theme)
    _migrate(_latest())

    page = Page.objects.get(pk=pk).specific
    assert type(page) is TimelinePage
    assert f"{page._meta.app_label}.{type(page).__name__}" == "timelines.TimelinePage"
    # The very same content type row, renamed: pages, revisions and permissions that point
    # at it point at the timelines model now.
    assert page.content_type_id == content_type_id
    assert ContentType.objects.get(pk=content_type_id).app_label == "timelines"
    assert not ContentType.objects.filter(app_label="archive", model="timelinepage").exists()
    assert Permission.objects.get(codename="change_timelinepage").content_type_id == (
        content_type_id
    )
    assert Revision.objects.get(pk=revision_id).content_object == page
    assert (page.title_en, page.title_es) == ("Sister cities", "Ciudades hermanas")
    assert [event.headline_es for event in page.events.all()] == ["Madison y Arcatao se hermanan"]
    assert [era.label_en for era in page.eras.all()] == ["Civil war"]
    assert [theme.slug for theme in page.themes.all()] == ["wells-moved"]

    english = client.get("/sister-cities/")
    assert english.status_code == 200
    assert "Madison and Arcatao become sister cities" in english.content.decode()
    spanish = client.get("/es/ciudades-hermanas/")
    assert spanish.status_code == 200
    assert "Ciudades hermanas" in spanish.content.decode()
    assert "Madison y Arcatao se hermanan" in spanish.content.decode()
    data = client.get("/timelines/sister-cities/timelinejs.json").json()
    assert [event["text"]["headline"] for event in data["events"]] == [
        "Madison and Arcatao become sister cities"
    ]
