"""UCUM validation (ucumvert) works offline and tells UCUM from look-alikes."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from reporting.ucum import UcumError, check_ucum, is_valid_ucum


@pytest.mark.parametrize("unit", ["cm/s", "m/s", "mm", "mm2", "mL", "ml", "1", "%", "{ratio}"])
def test_ucum_units_are_valid(unit):
    assert is_valid_ucum(unit)


@pytest.mark.parametrize("unit", ["%mL", "cm/sec", "", " mm", "xyz", "mm/"])
def test_look_alikes_are_not(unit):
    assert not is_valid_ucum(unit)
    with pytest.raises(UcumError):
        check_ucum(unit)


def test_validation_needs_no_network():
    # A fresh interpreter in which every socket refuses to open: the grammar and the unit
    # table are ucumvert's own files.
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network used')\n"
        "socket.socket = refuse\n"
        "socket.create_connection = refuse\n"
        "from reporting.ucum import is_valid_ucum\n"
        "assert is_valid_ucum('cm/s') and not is_valid_ucum('%mL')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert socket.socket  # this process is untouched
