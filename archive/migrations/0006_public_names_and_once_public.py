"""Public names and the record of what was once public.

- A narrator's `pseudonym` becomes the one public name: a real name is no longer shown
  when it is empty ("Anonymous narrator" is). A collective's name is not a person's, so a
  collective with no public name keeps showing its name, now as its public name.
- MemberProfile: the public name a member chose.
- OncePublic, filled from what the archive knew before (the rule OAI-PMH used): a story
  published while public, or published in a public version according to Wagtail's log,
  with no privacy restriction on it or above it now.
"""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _collectives_keep_their_names(apps, schema_editor):
    Narrator = apps.get_model("archive", "Narrator")
    for narrator in Narrator.objects.filter(is_collective=True, pseudonym="").exclude(real_name=""):
        narrator.pseudonym = narrator.real_name
        narrator.save(update_fields=["pseudonym"])


def _stories_once_public(apps, schema_editor):
    StoryPage = apps.get_model("stories", "StoryPage")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    OncePublic = apps.get_model("archive", "OncePublic")
    today = datetime.date.today()
    published_public = set(
        PageLogEntry.objects.filter(
            action__in=["wagtail.publish", "wagtail.publish.scheduled"],
            revision__content__visibility="public",
        ).values_list("page_id", flat=True)
    )
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    stories = StoryPage.objects.filter(first_published_at__isnull=False)
    for story in stories.only("pk", "path", "visibility", "embargo_until", "first_published_at"):
        if any(story.path.startswith(path) for path in restricted):
            continue
        public = story.visibility == "public" or story.pk in published_public
        lapsed = story.visibility == "embargoed" and story.embargo_until and story.embargo_until <= today
        if public or lapsed:
            OncePublic.objects.get_or_create(
                page_id=story.pk, defaults={"since": story.first_published_at.date()}
            )


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0005_timelines'),
        ('stories', '0003_submissions_and_workflow_tasks'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='OncePublic',
            fields=[
                ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('since', models.DateField(verbose_name='public since')),
            ],
            options={
                'verbose_name': 'once-public record',
                'verbose_name_plural': 'once-public records',
            },
        ),
        migrations.AlterField(
            model_name='narrator',
            name='pseudonym',
            field=models.CharField(blank=True, help_text='The only name shown publicly: a pseudonym is welcome. Leave it empty and the narrator is shown as “Anonymous narrator”. The real name is never shown.', max_length=200, verbose_name='public name'),
        ),
        migrations.AlterField(
            model_name='narrator',
            name='real_name',
            field=models.CharField(blank=True, help_text='Visible to editors only. Never shown publicly.', max_length=200, verbose_name='real name'),
        ),
        migrations.CreateModel(
            name='MemberProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_name', models.CharField(blank=True, help_text='The name shown with the stories you tell: a pseudonym is welcome. Leave it empty to appear as “Anonymous member”.', max_length=200, verbose_name='public name')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='member_profile', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'member profile',
                'verbose_name_plural': 'member profiles',
            },
        ),
        migrations.RunPython(_collectives_keep_their_names, migrations.RunPython.noop),
        migrations.RunPython(_stories_once_public, migrations.RunPython.noop),
    ]
