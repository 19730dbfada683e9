"""The timeline models move to the timelines app (timelines 0001, then archive 0009): their
content types are renamed in place, before the timelines app's models exist, so every page,
revision, permission, log entry and workflow state that names them keeps its row.

On a new database there are no content types yet (they are made after migrating): nothing
to rename, and the timelines app's own are made then.
"""

from django.db import migrations

MODELS = ("timelinepage", "timelineevent", "timelineera")


def _rename(apps, old_label, new_label):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    for model in MODELS:
        # A row under the new label already (made by an interrupted earlier run) wins:
        # renaming onto it would break the (app_label, model) uniqueness.
        if not content_types.filter(app_label=new_label, model=model).exists():
            content_types.filter(app_label=old_label, model=model).update(app_label=new_label)


def to_timelines(apps, schema_editor):
    _rename(apps, "archive", "timelines")


def back_to_archive(apps, schema_editor):
    _rename(apps, "timelines", "archive")


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0007_page_lookup_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(to_timelines, back_to_archive)]
