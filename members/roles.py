"""The four roles of the Academy and how a user gets each.

Resident, instructor and staff are Django groups (so the admin can grant them and
permissions can test them); "member" is not granted by hand: it follows from an active
society membership record, so it lapses on its own when the membership does.
"""

from enum import StrEnum


class Role(StrEnum):
    RESIDENT = "resident"
    MEMBER = "member"
    INSTRUCTOR = "instructor"
    STAFF = "staff"


# Group names as an administrator sees them in the Wagtail admin.
ROLE_GROUPS: dict[Role, str] = {
    Role.RESIDENT: "Residents",
    Role.INSTRUCTOR: "Instructors",
    Role.STAFF: "Staff",
}

# Roles whose accounts must use two-factor authentication.
MFA_REQUIRED_ROLES = frozenset({Role.INSTRUCTOR, Role.STAFF})
