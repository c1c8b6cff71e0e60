"""Free-text matching for impressions: accent/case folding and simple negation."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "find_mentions"]

# Cue words that negate a finding mentioned after them in the same clause.
_PRE_CUES = (
    "no",
    "not",
    "without",
    "absence of",
    "absent",
    "negative for",
    "free of",
    "neither",
    "nor",
    "no evidence of",
    "no sign of",
    "no signs of",
    "rules out",
    "ruled out",
)
# ... and after it ("stenosis is absent", "plaque not seen").
_POST_CUES = ("absent", "not seen", "not identified", "not detected", "excluded", "ruled out")
_PRE_WINDOW = 6  # words between the cue and the finding ("without haemodynamically significant")
_CLAUSE = re.compile(r"[.;:!?,\n]|\bbut\b|\bhowever\b|\balthough\b")
_PRE = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in _PRE_CUES) + r")\b")
_POST = re.compile(r"^\W*(?:is|are|was|were)?\s*(?:" + "|".join(_POST_CUES) + r")\b")


def fold(text: str) -> str:
    """Lower case without accents ("Sténose" -> "stenose"), whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


@lru_cache(maxsize=1024)
def _term_pattern(term: str) -> re.Pattern[str]:
    # Whole words, optional plural: "plaque" matches "plaques", not "plaqueless".
    return re.compile(r"(?<![\w])" + re.escape(fold(term)) + r"(?:s|es)?(?![\w])")


def find_mentions(text: str, term: str) -> tuple[bool, bool]:
    """(mentioned affirmatively, mentioned negated) for ``term`` in folded ``text``."""
    positive = negative = False
    pattern = _term_pattern(term)
    for clause in _CLAUSE.split(text):
        for match in pattern.finditer(clause):
            before = clause[: match.start()].split()
            window = " ".join(before[-_PRE_WINDOW:])
            negated = bool(_PRE.search(window)) or bool(_POST.match(clause[match.end() :]))
            if negated:
                negative = True
            else:
                positive = True
    return positive, negative
