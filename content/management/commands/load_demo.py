"""Load the demo content and demo accounts; safe to run again (idempotent)."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each feature ships a `demo` module with `load(stdout) -> None`; order matters where one
# feature's demo links to another's (courses before exercises and webinars).
DEMO_MODULES = [
    "content.demo",
    "members.demo",
    "members.society.demo",
    "courses.demo",
    "courses.exercises.demo",
    "content.webinars.demo",
]


class Command(BaseCommand):
    help = "Load demo pages, courses, webinars and accounts (idempotent)."

    def handle(self, *args, **options) -> None:
        for module_name in DEMO_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name and module_name.startswith(error.name):
                    continue  # feature not installed
                raise
            with transaction.atomic():
                module.load(self.stdout)
        # Section pages now exist: let instructors and staff edit them.
        from members.permissions import sync_role_permissions

        sync_role_permissions()
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
