"""Shared fixtures for the engine's tests (plain Python: no Django needed)."""

from __future__ import annotations

import io
import shutil

import pytest

from reporting.generate import generate_cases


@pytest.fixture(scope="session")
def carotid_cases():
    return generate_cases("carotid", 6, 1)


@pytest.fixture(scope="session")
def thyroid_cases():
    return generate_cases("thyroid", 15, 0)


@pytest.fixture(scope="session")
def carotid_bytes(carotid_cases) -> bytes:
    buffer = io.BytesIO()
    carotid_cases[0].dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def needs(binary: str):
    """Skip unless a Debian tool is installed."""
    return pytest.mark.skipif(shutil.which(binary) is None, reason=f"{binary} not installed")


@pytest.fixture
def corpus_file():
    """A DCMTK sample report from ../shared/corpus (skip when the corpus is absent)."""
    from tests.support.hostile_sr import CORPUS

    def _read(name: str) -> bytes:
        path = CORPUS / name
        if not path.is_file():
            pytest.skip(f"{path} not found (../shared/corpus is absent)")
        return path.read_bytes()

    return _read
