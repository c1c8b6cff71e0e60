"""A migrated SQLite test database, kept as a template between runs.

Migrating an empty SQLite database (about 220 migrations of the project, Wagtail, allauth
and Django) takes some 16 seconds of CPU, nearly all in Django's rendering of the
migration states, and the fast suite paid it on every run (and each xdist worker pays it
again). The first run keeps a copy of the freshly migrated database, named by a hash of
every migration file of every installed app; later runs copy it into place, and Django's
``migrate`` then finds nothing to apply (a changed or added migration gives a new hash,
so a new template). Each run still starts from a database exactly as the migrations
left it: the template is copied before any test has run, never reused after one.

PostgreSQL (CI and ``make test`` with services) is untouched: this is for SQLite files only.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path


def migrations_hash() -> str:
    """A hash of every migration file of every installed app (and of the apps' order)."""
    from django.apps import apps

    digest = hashlib.sha256()
    for config in apps.get_app_configs():
        digest.update(config.label.encode())
        folder = Path(config.path) / "migrations"
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def sqlite_test_file() -> Path | None:
    """The default database's SQLite test file, or None when it is not one (PostgreSQL,
    an in-memory database, or more than one database)."""
    from django.conf import settings

    if set(settings.DATABASES) != {"default"}:
        return None
    db = settings.DATABASES["default"]
    name = db.get("TEST", {}).get("NAME")
    if db["ENGINE"] != "django.db.backends.sqlite3" or not name or ":memory:" in str(name):
        return None
    return Path(name)


def template_for(test_file: Path) -> Path:
    return test_file.parent / f"test_template_{migrations_hash()}.sqlite3"


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _copy(source: Path, target: Path) -> None:
    """A consistent copy (SQLite's backup API, so a WAL file is folded in)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def copy_template_into_place(test_file: Path) -> bool:
    """Put a copy of the template at ``test_file``; False when there is no template yet."""
    template = template_for(test_file)
    if not template.exists():
        return False
    _remove(test_file)
    _copy(template, test_file)
    return True


def keep_as_template(test_file: Path) -> None:
    """Keep the freshly migrated ``test_file`` as the template (written under a temporary
    name and renamed, so a parallel worker never copies half a file); drop older ones."""
    template = template_for(test_file)
    for old in test_file.parent.glob("test_template_*.sqlite3"):
        if old != template:
            _remove(old)
    partial = template.with_name(f"{template.name}.{os.getpid()}.partial")
    _remove(partial)
    _copy(test_file, partial)
    os.replace(partial, template)
