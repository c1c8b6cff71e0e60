import shutil
from pathlib import Path

import pytest
from django.conf import settings

from courses.exercises import services
from tests.exercises.factories import make_exercise, perfect_report
from tests.factories import resident
from tests.support.worker import start_worker, worker_queue  # noqa: F401 - shared fixtures


@pytest.fixture(autouse=True)
def _empty_case_storage():
    """Each test starts with no stored case files (the database is rolled back anyway)."""
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "exercises"
    shutil.rmtree(root, ignore_errors=True)
    yield


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    """An exercise with one case and a resident's graded perfect submission."""
    exercise = make_exercise()
    case = exercise.cases.get()
    owner = resident()
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.submit(
            user=owner, exercise=exercise, case=case, values=perfect_report(exercise, case)
        )
    return {"exercise": exercise, "case": case, "owner": owner, "submission": submission}
