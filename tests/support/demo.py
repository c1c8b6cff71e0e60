"""The demo content loaded once for many tests, and forgotten afterwards.

``load_demo`` takes seconds; loading it for every test was most of the fast suite's time.
`rolled_back` opens one transaction around a whole module or package; each test still
runs in its own savepoint (``django_db``), so what one test changes the next never sees,
and the rollback at the end leaves nothing for the other packages.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction
from django.test import TestCase


@contextmanager
def rolled_back(django_db_blocker) -> Iterator[None]:
    """A transaction around many tests, always rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


def after_commit():
    """Run what waits for the commit (publish hooks, queued tasks) at the end of the block,
    as if it had committed: tests run inside a transaction that never does."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def load_demo() -> None:
    with after_commit():
        call_command("load_demo", stdout=io.StringIO())
