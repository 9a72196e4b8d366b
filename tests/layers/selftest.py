#!/usr/bin/env python3
"""The layering check fails on a bad tree: runs scripts/check_layers.py on tests/layers/bad/ and
on an archive that calls dlopen and NVML (tests/layers/bad_core.cc) and a link line with
httplib and dl (bad/core.links), and requires exit status 1
and every expected violation, each named by file and line.
Usage: selftest.py CHECK_LAYERS.py FIXTURE_DIR BAD_ARCHIVE"""
import subprocess
import sys

check, fixture, archive = sys.argv[1:4]
run = subprocess.run([sys.executable, check, "--root", fixture, "--archive", f"core={archive}",
                      "--link-libraries", f"core={fixture}/core.links"],
                     capture_output=True, text=True)
print(run.stdout, run.stderr, sep="")
expected = [
    'src/util/uses_serve.cc:4: core includes "gpufleet/serve.h" of layer serve',
    'src/measure/uses_serve.cc:4: measure includes "serve/handlers.h" of layer serve',
    "src/measure/uses_serve.cc:5: measure includes <httplib.h> of layer serve",
    'include/gpufleet/core_header.h:4: core includes "gpufleet/measure.h" of layer measure',
    'src/cli/uses_python.cc:4: cli includes "python/bind.h" of layer python',
    "src/model/uses_pybind.cc:4: core includes <pybind11/pybind11.h> of layer python",
    "core has a dlopen symbol",
    "core has a NVML symbol",
    "core links httplib: PkgConfig::HTTPLIB",
    "core links dl: dl",
]
missing = [e for e in expected if e not in run.stdout]
unexpected = [l for l in run.stdout.splitlines() if "fine.cc" in l]
if run.returncode != 1 or missing or unexpected:
    print(f"selftest: exit status {run.returncode} (want 1); missing {missing}; "
          f"unexpected {unexpected}")
    sys.exit(1)
print("selftest: the layering check found every planted violation")
