"""The timeline models now belong to the timelines app (timelines 0001 took them over with
their tables): archive forgets them. State only: no table is dropped."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_timelines_content_types"),
        ("timelines", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="TimelineEvent"),
                migrations.DeleteModel(name="TimelineEra"),
                migrations.DeleteModel(name="TimelinePage"),
            ],
            database_operations=[],
        ),
    ]
