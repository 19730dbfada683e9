"""Every installation starts with the network's working groups as themes."""

from django.db import migrations


def seed(apps, schema_editor):
    from archive.vocabulary import seed_themes

    seed_themes(apps.get_model("archive", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_accounts_and_consent_permission")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
