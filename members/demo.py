"""Demo accounts: one per role, with passwords printed once when they are created."""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.utils import timezone

from members.models import MembershipCategory, User
from members.roles import Role
from members.services import grant_role, record_membership

DEMO_ACCOUNTS = [
    # (email, display name, roles, membership category or None, superuser)
    (
        "resident@demo.academy.test",
        "Dr Rhea Resident (demo)",
        [Role.RESIDENT],
        MembershipCategory.JUNIOR,
        False,
    ),
    ("member@demo.academy.test", "Dr Max Member (demo)", [], MembershipCategory.FULL, False),
    (
        "instructor@demo.academy.test",
        "Prof Ines Instructor (demo)",
        [Role.INSTRUCTOR],
        MembershipCategory.FULL,
        False,
    ),
    ("admin@demo.academy.test", "Ada Admin (demo)", [Role.STAFF], None, True),
]


def create_demo_account(
    email: str, name: str, roles: list[Role], category, superuser: bool
) -> tuple[User, str | None]:
    """Create the account if missing; return it and its new password (None if it existed)."""
    user = User.objects.filter(email=email).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        create = User.objects.create_superuser if superuser else User.objects.create_user
        user = create(email=email, password=password, display_name=name)
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
    created = []
    for email, name, roles, category, superuser in DEMO_ACCOUNTS:
        _, password = create_demo_account(email, name, roles, category, superuser)
        if password:
            created.append((email, password))
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
