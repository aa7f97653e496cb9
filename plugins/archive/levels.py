"""The UK national threat levels: the one definition the whole archive imports."""

from __future__ import annotations

import enum
import functools


@functools.total_ordering
class ThreatLevel(enum.Enum):
    """A national threat level, ordered from lowest to highest."""

    LOW = (1, "an attack is highly unlikely")
    MODERATE = (2, "an attack is possible but not likely")
    SUBSTANTIAL = (3, "an attack is likely")
    SEVERE = (4, "an attack is highly likely")
    CRITICAL = (5, "an attack is highly likely in the near future")

    def __init__(self, rank: int, meaning: str) -> None:
        self.rank = rank
        self.meaning = meaning

    def __lt__(self, other: ThreatLevel) -> bool:
        return self.rank < other.rank

    @property
    def slug(self) -> str:
        """The level's name as it appears in URLs: ``severe``."""
        return self.name.lower()

    @property
    def description(self) -> str:
        """The level in words with its meaning: ``SEVERE — an attack is highly likely``."""
        return f"{self.name} — {self.meaning}"

    @classmethod
    def parse(cls, text: str) -> ThreatLevel | None:
        """The level named by ``text`` in any letter case, or None."""
        return cls.__members__.get(text.strip().upper())

    @classmethod
    def names(cls) -> list[str]:
        return list(cls.__members__)
