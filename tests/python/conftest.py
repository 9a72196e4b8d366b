"""The pytest suite of the Python module (tests/python.cmake registers it in ctest).

Run by hand: PYTHONPATH=build/python GPUFLEET_CLI=build/gpufleet /usr/bin/python3 -m pytest tests/python
"""
import json
import os
import subprocess

import pytest

SOURCE_DIR = os.environ.get(
    "GPUFLEET_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(__file__))))


@pytest.fixture(scope="session")
def source_dir():
    return SOURCE_DIR


@pytest.fixture(scope="session")
def cli():
    """Runs the gpufleet executable with `args` and --format json; returns (status, doc, stderr)."""
    exe = os.environ.get("GPUFLEET_CLI")
    if not exe or not os.path.exists(exe):
        pytest.fail("GPUFLEET_CLI must name the built gpufleet executable")

    def run(args):
        p = subprocess.run([exe, *args, "--format", "json"], capture_output=True, text=True,
                           timeout=300)
        return p.returncode, (json.loads(p.stdout) if p.returncode == 0 else None), p.stderr

    return run
