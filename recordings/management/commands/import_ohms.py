"""`manage.py import_ohms RECORDING FILE --language es [--alt-language en]`: an OHMS XML
file's index and synchronised transcript into a recording (recordings/ohms.py).

A bad file is refused with what is wrong and nothing is changed. Output is for operators."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from archive.languages import CODES
from recordings import ohms
from recordings.models import Recording


class Command(BaseCommand):
    help = (
        "Import an OHMS XML file into a recording: its index points become segments (matched "
        "by start time with those already there) and its synchronised transcript replaces "
        "the recording's transcript in that language."
    )

    def add_arguments(self, parser):
        parser.add_argument("recording", type=int, help="The recording's id.")
        parser.add_argument("file", type=Path, help="The OHMS XML file.")
        parser.add_argument(
            "--language", choices=CODES, required=True, help="Language of the file's text."
        )
        parser.add_argument(
            "--alt-language",
            choices=CODES,
            help="Language of its translation (title_alt, synopsis_alt, transcript_alt…).",
        )

    def handle(self, *args, recording, file, language, alt_language, **options):
        found = Recording.objects.filter(pk=recording).first()
        if found is None:
            raise CommandError(f"There is no recording {recording}.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        with translation.override("en"):
            try:
                imported = ohms.import_into(found, ohms.read(data), language, alt_language)
            except ValidationError as error:
                raise CommandError(
                    f"{file}: {' '.join(error.messages)} Nothing was changed."
                ) from None
        lines = ", ".join(f"{code} {count} lines" for code, count in imported.transcripts.items())
        self.stdout.write(
            f"Recording {recording}: {imported.added} segments added, {imported.updated} "
            f"updated; transcripts: {lines or 'none in the file'}."
        )
