"""Hostile text and form-input strategies shared by the input robustness tests."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.robustness.conftest import (
    SCRIPT_MARKER,
)

NASTY = [
    "",
    " ",
    SCRIPT_MARKER,
    "\"><img src=x onerror=alert('xss-robust')>",
    "NaN",
    "-inf",
    "1e309",
    "1e-400",
    "0x10",
    "١٢٣",  # Arabic-Indic digits
    "12,5",
    "\u202e",
    "\ufeff",
    "x" * 5000,
    "'; DROP TABLE exercises_submission; --",
    "{{ 7*7 }}",
    "{% debug %}",
]


def form_value():
    """One posted value: random text (NUL included), a number, a choice or a nasty string."""
    return st.one_of(
        st.text(max_size=40),
        st.sampled_from(NASTY),
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.sampled_from(["normal", "lt50", "50_69", "ge70", "near_occlusion", "occlusion"]),
    )


def form_data(field_ids: list[str]):
    """Some of the template's fields (maybe none), each a value or a list of values,
    plus unknown fields."""
    known = st.dictionaries(
        st.sampled_from(field_ids), form_value() | st.lists(form_value(), max_size=3), max_size=8
    )
    unknown = st.dictionaries(
        st.text(min_size=1, max_size=10).filter(lambda k: k not in field_ids),
        form_value(),
        max_size=3,
    )
    return st.tuples(known, unknown).map(lambda kv: {**kv[1], **kv[0]})
