"""The timeline models, taken over from archive with their tables (archive_timelinepage,
archive_timelinepage_themes, archive_timelinepage_places, archive_timelineevent,
archive_timelineera): state only, nothing created, dropped or copied. Their content types
were renamed just before (archive 0008); archive forgets the models just after (0009)."""

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("archive", "0008_timelines_content_types"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="TimelinePage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        ("introduction", models.TextField(blank=True, verbose_name="introduction")),
                        (
                            "introduction_en",
                            models.TextField(blank=True, null=True, verbose_name="introduction"),
                        ),
                        (
                            "introduction_es",
                            models.TextField(blank=True, null=True, verbose_name="introduction"),
                        ),
                        (
                            "year_from",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="from year"
                            ),
                        ),
                        (
                            "year_to",
                            models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="to year"),
                        ),
                        (
                            "include_stories",
                            models.BooleanField(default=False, verbose_name="include public stories"),
                        ),
                        (
                            "include_photos",
                            models.BooleanField(default=False, verbose_name="include public photos"),
                        ),
                        (
                            "include_key_dates",
                            models.BooleanField(default=False, verbose_name="include key dates"),
                        ),
                        (
                            "places",
                            modelcluster.fields.ParentalManyToManyField(
                                blank=True,
                                help_text="Draw records about these places.",
                                to="archive.place",
                                verbose_name="places",
                            ),
                        ),
                        (
                            "themes",
                            modelcluster.fields.ParentalManyToManyField(
                                blank=True,
                                help_text="Draw records on these themes (and their sub-themes).",
                                to="archive.theme",
                                verbose_name="themes",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "archive_timelinepage",
                        "verbose_name": "timeline",
                        "verbose_name_plural": "timelines",
                    },
                    bases=("wagtailcore.page",),
                ),
                migrations.CreateModel(
                    name="TimelineEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "date_year",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                db_index=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1500),
                                    django.core.validators.MaxValueValidator(2100),
                                ],
                                verbose_name="year",
                            ),
                        ),
                        (
                            "date_month",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(12),
                                ],
                                verbose_name="month",
                            ),
                        ),
                        (
                            "date_day",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(31),
                                ],
                                verbose_name="day",
                            ),
                        ),
                        (
                            "date_precision",
                            models.CharField(
                                choices=[
                                    ("day", "Day"),
                                    ("month", "Month"),
                                    ("year", "Year"),
                                    ("decade", "Decade"),
                                ],
                                default="year",
                                max_length=8,
                                verbose_name="date precision",
                            ),
                        ),
                        (
                            "date_circa",
                            models.BooleanField(default=False, verbose_name="approximate date (circa)"),
                        ),
                        (
                            "date_end_year",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1500),
                                    django.core.validators.MaxValueValidator(2100),
                                ],
                                verbose_name="end year (for a period)",
                            ),
                        ),
                        ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                        ("headline", models.CharField(max_length=255, verbose_name="headline")),
                        (
                            "headline_en",
                            models.CharField(max_length=255, null=True, verbose_name="headline"),
                        ),
                        (
                            "headline_es",
                            models.CharField(max_length=255, null=True, verbose_name="headline"),
                        ),
                        ("text", models.TextField(blank=True, verbose_name="text")),
                        ("text_en", models.TextField(blank=True, null=True, verbose_name="text")),
                        ("text_es", models.TextField(blank=True, null=True, verbose_name="text")),
                        ("group", models.CharField(blank=True, max_length=80, verbose_name="lane")),
                        ("source", models.CharField(blank=True, max_length=255, verbose_name="source")),
                        (
                            "image",
                            models.ForeignKey(
                                blank=True,
                                help_text="Shown only while the photo is public.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="archive.archiveimage",
                                verbose_name="photo",
                            ),
                        ),
                        (
                            "story",
                            models.ForeignKey(
                                blank=True,
                                help_text="Linked only while the story is public.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.WAGTAIL_PAGE_MODEL,
                                verbose_name="story",
                            ),
                        ),
                        (
                            "page",
                            modelcluster.fields.ParentalKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="timelines.timelinepage",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "archive_timelineevent",
                        "verbose_name": "timeline event",
                        "verbose_name_plural": "timeline events",
                        "ordering": ["sort_order"],
                        "abstract": False,
                    },
                ),
                migrations.CreateModel(
                    name="TimelineEra",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                        ("label", models.CharField(max_length=120, verbose_name="label")),
                        ("label_en", models.CharField(max_length=120, null=True, verbose_name="label")),
                        ("label_es", models.CharField(max_length=120, null=True, verbose_name="label")),
                        ("start_year", models.PositiveSmallIntegerField(verbose_name="start year")),
                        (
                            "end_year",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="Leave empty for an era still going on.",
                                null=True,
                                verbose_name="end year",
                            ),
                        ),
                        (
                            "page",
                            modelcluster.fields.ParentalKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="eras",
                                to="timelines.timelinepage",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "archive_timelineera",
                        "verbose_name": "era",
                        "verbose_name_plural": "eras",
                        "ordering": ["sort_order"],
                        "abstract": False,
                    },
                ),
            ],
        ),
    ]
