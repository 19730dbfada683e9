"""python manage.py import_stories FILE.csv [--dry-run] [--user USERNAME] [--language es]

Prints what each row would do (create, update, unchanged, refused, with the reasons) and,
without --dry-run, imports the file: all of it or nothing. Exits non-zero when the file is
refused. The columns and rules are described in stories/spreadsheet/.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from archive.languages import current
from stories import spreadsheet


def plan_table(plan):
    """The plan as lines of text: row, action, story, details."""
    lines = [f"{_('Row'):>5}  {_('Action'):<10}  {_('Story'):<50}  {_('Details')}"]
    for problem in plan.errors:
        lines.append(f"{'-':>5}  {_('refused'):<10}  {'':<50}  {problem}")
    for row in plan.rows:
        title = (row.title or "")[:50]
        lines.append(f"{row.number:>5}  {str(row.action_label):<10}  {title:<50}  {row.details}")
    return lines


def summary(plan):
    counts = plan.counts
    return (
        _(
            "%(create)s to create, %(update)s to update, %(unchanged)s unchanged, "
            "%(refuse)s refused."
        )
        % counts
    )


class Command(BaseCommand):
    help = "Import stories from a CSV file as drafts sent to the Story review workflow."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file (UTF-8), columns as in export_stories")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would happen; change nothing."
        )
        parser.add_argument(
            "--user",
            help="Who imports: owner of new drafts, author of revisions and workflows. "
            "Needed to change stories that are under review.",
        )
        parser.add_argument("--language", default=None, help="Language of the messages: en or es.")

    def handle(self, *args, **options):
        language = options["language"] or current()
        with translation.override(language):
            self._import(options)

    def _import(self, options):
        user = None
        if options["user"]:
            User = get_user_model()
            try:
                user = User.objects.get(**{User.USERNAME_FIELD: options["user"]})
            except User.DoesNotExist as error:
                raise CommandError(
                    _("No user called “%(name)s”.") % {"name": options["user"]}
                ) from error
        try:
            with open(options["file"], "rb") as handle:
                plan = spreadsheet.plan_file(handle, user=user)
        except OSError as error:
            raise CommandError(str(error)) from error

        for line in plan_table(plan):
            self.stdout.write(line)
        self.stdout.write(summary(plan))
        if plan.refused:
            raise CommandError(_("The file was refused; nothing was imported."))
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was changed."))
            return
        if not (plan.count(spreadsheet.CREATE) or plan.count(spreadsheet.UPDATE)):
            self.stdout.write(_("Nothing to import: every row is unchanged."))
            return
        try:
            stories = spreadsheet.apply(plan, user=user)
        except spreadsheet.ImportRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(count)s stories as drafts for review.") % {"count": len(stories)}
            )
        )
