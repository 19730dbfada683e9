"""`manage.py validate_bag PATH`: check a bag's structure and SHA-512 fixity."""

import logging

from django.core.management.base import BaseCommand, CommandError

from interop.bag import validate_bag


class Command(BaseCommand):
    help = "Check that a bag made by export_bag is complete and unchanged (fixity)."

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="The bag's directory.")

    def handle(self, *args, path, **options):
        # bagit logs each problem as a warning too; this command prints them once.
        logging.getLogger("bagit").setLevel(logging.ERROR)
        ok, problems = validate_bag(path)
        if not ok:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{path} is not a valid bag ({len(problems)} problem(s)).")
        self.stdout.write(self.style.SUCCESS("valid"))
