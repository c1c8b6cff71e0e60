from django.core.management.base import BaseCommand

from courses.exercises.services import requeue_stale


class Command(BaseCommand):
    help = "Queue again submissions stuck in 'queued' or 'grading' for more than N minutes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--minutes", type=float, default=10)

    def handle(self, *args, minutes: float, **options) -> None:
        count = requeue_stale(minutes=minutes)
        self.stdout.write(f"Re-queued {count} submission(s).")
