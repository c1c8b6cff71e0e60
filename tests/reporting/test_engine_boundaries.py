"""The engine is plain Python: nothing under reporting/ imports Django, Wagtail or
Celery (GUIDE: "reporting/ is plain Python with no Django import"), and once installed
it runs as `python -m reporting` / `academy-reporting` from any folder."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "reporting"
FORBIDDEN = ("django", "wagtail", "celery")


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module an import statement in the file names (also inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def test_no_module_under_reporting_imports_django_wagtail_or_celery():
    offending = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in sorted(ENGINE.rglob("*.py"))
        for line, module in _imported_modules(path)
        if module.split(".")[0] in FORBIDDEN
    ]
    assert offending == []


def test_the_contract_check_finds_an_offending_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from django.conf import settings\n    import celery.app\n")
    assert [m for _, m in _imported_modules(bad)] == ["django.conf", "celery.app"]


def test_importing_every_engine_module_loads_no_django_wagtail_or_celery():
    """At run time too: no third-party library the engine uses drags them in."""
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in ENGINE.rglob("*.py")
        if p.name != "__main__.py"
    )
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = {m.split('.')[0] for m in sys.modules}\n"
        f"print(json.dumps(sorted(loaded & {set(FORBIDDEN)!r})))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def _outside_env() -> dict[str, str]:
    return {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")
    }


def _installed(tmp_path: Path) -> bool:
    probe = subprocess.run(
        [sys.executable, "-c", "import reporting, sys; sys.exit(0)"],
        cwd=tmp_path,
        env=_outside_env(),
        capture_output=True,
    )
    return probe.returncode == 0


def test_python_m_reporting_works_from_any_folder_once_installed(tmp_path):
    if not _installed(tmp_path):
        pytest.skip(
            "the project is not installed in this interpreter (make install does it: "
            "pip install -e .), so reporting is importable only from the repository"
        )
    done = subprocess.run(
        [sys.executable, "-m", "reporting", "template", "validate", "carotid-duplex"],
        cwd=tmp_path,
        env=_outside_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["errors"] == 0
    # The shipped rule sets and templates are there too (package data, not the checkout).
    inspect = subprocess.run(
        [sys.executable, "-m", "reporting", "template", "inspect", "lung-nodule-lungrads"],
        cwd=tmp_path,
        env=_outside_env(),
        capture_output=True,
        text=True,
    )
    assert inspect.returncode == 0 and json.loads(inspect.stdout)["fields"]


def test_the_academy_reporting_console_script_is_the_same_command(tmp_path):
    script = shutil.which("academy-reporting", path=str(Path(sys.executable).parent))
    if script is None or not _installed(tmp_path):
        pytest.skip("the project is not installed here (make install installs the script)")
    done = subprocess.run(
        [script, "template", "validate", "thyroid-nodule-tirads"],
        cwd=tmp_path,
        env=_outside_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["problems"] == []
