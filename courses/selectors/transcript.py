"""The learner's CME transcript: every certificate, with the credits per year."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from courses.models import Certificate
from members.models import User


@dataclass
class TranscriptYear:
    year: int
    certificates: list[Certificate] = field(default_factory=list)

    @property
    def credits(self) -> Decimal:
        return sum((c.credits for c in self.certificates), Decimal("0"))


@dataclass
class Transcript:
    years: list[TranscriptYear]

    @property
    def credits(self) -> Decimal:
        return sum((y.credits for y in self.years), Decimal("0"))

    @property
    def count(self) -> int:
        return sum(len(y.certificates) for y in self.years)


def cme_transcript(user: User) -> Transcript:
    """Certificates by the year they were completed in, latest year first: one query."""
    certificates = Certificate.objects.filter(user=user).order_by("-completed_on", "-pk")
    return Transcript(
        years=[
            TranscriptYear(year=year, certificates=list(group))
            for year, group in groupby(certificates, key=lambda c: c.completed_on.year)
        ]
    )
