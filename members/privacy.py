"""GDPR rights of access, portability and erasure, across every feature.

Each app with personal data has a `privacy.py` that calls `register(...)` with a section
name, an exporter (user -> JSON-serialisable data) and an eraser (user -> None). The
account itself is handled here; `export_personal_data` and `erase_account` run them all.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext

from members.models import Membership, User
from members.sessions import sessions_of

Exporter = Callable[[User], Any]
Eraser = Callable[[User], None]


@dataclass(frozen=True)
class PersonalDataSection:
    name: str
    export: Exporter
    erase: Eraser


_sections: dict[str, PersonalDataSection] = {}
_discovered = False


def register(name: str, *, export: Exporter, erase: Eraser) -> None:
    _sections[name] = PersonalDataSection(name, export, erase)


def sections() -> list[PersonalDataSection]:
    global _discovered
    if not _discovered:
        autodiscover_modules("privacy")
        _discovered = True
    return list(_sections.values())


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _export_account(user: User) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "two_factor_methods": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
        "memberships": [
            {
                "number": m.number,
                "category": m.category,
                "status": m.status,
                "valid_from": _iso(m.valid_from),
                "valid_until": _iso(m.valid_until),
            }
            for m in Membership.objects.filter(user=user)
        ],
    }


def _erase_account(user: User) -> None:
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()
    user.groups.clear()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.display_name = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    # Sign the erased account out everywhere: one DELETE on the indexed user column.
    sessions_of(user.pk).delete()


register("account", export=_export_account, erase=_erase_account)


def export_personal_data(user: User) -> bytes:
    """A ZIP archive with one JSON file per section and a README; machine-readable."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        manifest = []
        for section in sections():
            data = section.export(user)
            archive.writestr(
                f"{section.name}.json",
                json.dumps(data, indent=2, ensure_ascii=False, default=str),
            )
            manifest.append(section.name)
        archive.writestr(
            "README.txt",
            gettext(
                "Your personal data held by the Imaging Informatics Academy, exported on "
                "%(when)s.\nOne JSON file per part: %(parts)s.\n"
            )
            % {"when": f"{timezone.now():%Y-%m-%d %H:%M %Z}", "parts": ", ".join(manifest)},
        )
    return buffer.getvalue()


@transaction.atomic
def erase_account(user: User) -> None:
    """Erase personal data: features anonymise what statistics or verification still
    need (submissions, certificates), then the account is stripped and deactivated."""
    for section in reversed(sections()):
        section.erase(user)
