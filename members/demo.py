"""Demo accounts: one per role, with passwords printed once when they are created.

Who they are is in `demo_data/accounts.json`; this loader makes the accounts."""

from __future__ import annotations

import datetime
import secrets
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone

from content import demo_files
from members.models import MembershipCategory, User
from members.roles import Role
from members.services import grant_role, record_membership

DATA = Path(__file__).resolve().parent / "demo_data" / "accounts.json"

SHAPE = {
    "accounts": [
        {
            "email": str,
            "display_name": str,
            "first_name": str,
            "last_name": str,
            "roles?": [tuple(Role)],
            "membership?": tuple(MembershipCategory.values),
            "superuser": bool,
        }
    ]
}


def data_files() -> list[Path]:
    return [DATA]


def validate(data: dict[str, Any]) -> list[str]:
    found = demo_files.problems(data, SHAPE, DATA.name)
    if not found:
        emails = [account["email"] for account in data["accounts"]]
        found += [f"{DATA.name}: {e} appears twice" for e in set(emails) if emails.count(e) > 1]
    return found


def create_demo_account(
    email: str,
    name: str,
    roles: list[Role],
    category,
    superuser: bool,
    *,
    first_name: str = "",
    last_name: str = "",
) -> tuple[User, str | None]:
    """Create the account if missing; return it and its new password (None if it existed)."""
    user = User.objects.filter(email=email).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        create = User.objects.create_superuser if superuser else User.objects.create_user
        user = create(email=email, password=password, display_name=name)
    if (user.first_name, user.last_name) != (first_name, last_name) and (first_name or last_name):
        user.first_name, user.last_name = first_name, last_name
        user.save(update_fields=["first_name", "last_name"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    for role in roles:
        grant_role(user, role)
    if category is not None:
        today = timezone.localdate()
        record_membership(
            user=user,
            number=f"DEMO-{email.split('@')[0].upper()}",
            category=category,
            valid_from=today.replace(month=1, day=1),
            valid_until=today.replace(month=12, day=31) + datetime.timedelta(days=365),
        )
    return user, password


def load(stdout) -> None:
    data = demo_files.read(DATA)
    demo_files.require(validate(data))
    created = []
    for spec in data["accounts"]:
        _, password = create_demo_account(
            spec["email"],
            spec["display_name"],
            [Role(role) for role in spec.get("roles", [])],
            MembershipCategory(spec["membership"]) if "membership" in spec else None,
            spec["superuser"],
            first_name=spec["first_name"],
            last_name=spec["last_name"],
        )
        if password:
            created.append((spec["email"], password))
    if created:
        stdout.write("Demo accounts (passwords are shown this once; keep them):")
        for email, password in created:
            stdout.write(f"  {email:32} {password}")
        stdout.write(
            "Instructor and admin accounts must set up two-factor authentication "
            "(TOTP) at first sign-in."
        )
    else:
        stdout.write(
            "Demo accounts already exist; reset a password with `manage.py changepassword EMAIL`."
        )
