"""Settings for the test suite: the embedded default, made fast and quiet."""

from config.settings.local import *  # noqa: F403
from config.settings.local import STORAGES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

# Uploaded files of a test run go to a throw-away folder, never into var/.
_TEST_FILES = Path(tempfile.mkdtemp(prefix="academy-tests-"))
MEDIA_ROOT = _TEST_FILES / "media"
PRIVATE_MEDIA_ROOT = _TEST_FILES / "private"
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/protected/"},
}
# Tasks run in-process unless a test starts a real worker and says otherwise.
CELERY_TASK_ALWAYS_EAGER = True
