"""Paths shared by the MRRT and export tests."""

from pathlib import Path

from reporting.mrrt import shipped_template_ids, shipped_template_path

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "templates"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / f"{name}.html").read_bytes()


def all_template_sources() -> dict[str, bytes]:
    """Every shipped template and every fixture, by a readable name."""
    sources = {
        f"shipped:{i}": shipped_template_path(i).read_bytes() for i in shipped_template_ids()
    }
    sources.update({f"fixture:{p.stem}": p.read_bytes() for p in sorted(FIXTURES.glob("*.html"))})
    return sources
