"""The real files in ../shared/corpus/ (nobody on this project wrote them); skip with a
reason where the folder is absent, as on a fresh clone."""

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def drg_templates() -> list[Path]:
    """The German Radiological Society's 45 MRRT templates (empty if absent)."""
    folder = CORPUS / "mrrt" / "drg"
    return sorted(folder.glob("*.html")) if folder.is_dir() else []


def require(paths: list[Path], what: str) -> list[Path]:
    if not paths:
        pytest.skip(f"../shared/corpus is absent: no {what} to test against")
    return paths


def corpus_params(paths: list[Path]) -> list:
    """pytest params (one per file, id = file name) or one skipping param if absent."""
    if not paths:
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus is absent"))]
    return [pytest.param(p, id=p.name) for p in paths]
