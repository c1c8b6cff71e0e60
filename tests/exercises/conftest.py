import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.support.worker import start_worker, worker_queue  # noqa: F401 - shared fixtures


@pytest.fixture(autouse=True)
def _empty_case_storage():
    """Each test starts with no stored case files (the database is rolled back anyway)."""
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "exercises"
    shutil.rmtree(root, ignore_errors=True)
    yield
