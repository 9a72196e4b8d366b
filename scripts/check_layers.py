#!/usr/bin/env python3
"""The layering check behind the `layering` test (tests/layers.cmake); fails `make test`.

Layers, lowest first (docs/architecture.md, "Layers"):
  core     src/util, catalog, model, sim, claims, report     (CMake target gpufleet_core)
  measure  src/measure                                        (gpufleet_measure)
  serve    src/serve                                          (gpufleet_serve)
  cli      src/cli                                            (gpufleet_cli, the executable)
  python   python/ (the Python module, a front end like cli)  (gpufleet_python)
measure and serve both sit on core and are siblings: neither includes the other. cli and python
sit on all three and are siblings; pybind11 belongs to python alone.

1. Includes: every #include of every file under src/<dir>/ and include/gpufleet/ is mapped to a
   layer (src/<dir>/... by its directory, include/gpufleet/<name>.h by PUBLIC_HEADERS below,
   third-party headers by THIRD_PARTY) and must be in the file's own layer or one it may use.
   Each violation is printed as path:line.
2. Symbols (--archive LAYER=lib.a, repeatable): `nm` on the layer's static library; core must
   neither define nor reference httplib, NVML or dlopen/dlsym symbols, measure no httplib ones,
   serve no NVML or dlopen ones.
3. Link libraries (--link-libraries LAYER=file, repeatable): a file with the target's
   LINK_LIBRARIES and INTERFACE_LINK_LIBRARIES (written by CMake at generate time); core must
   not link httplib or dl.

Usage: check_layers.py --root DIR [--archive core=libgpufleet_core.a ...] [--link-libraries ...]
Exit status 0 when clean, 1 with one line per violation.
"""

import argparse
import os
import re
import subprocess
import sys

# The layer of each source directory.
DIR_LAYER = {
    "util": "core", "catalog": "core", "model": "core", "sim": "core", "claims": "core",
    "report": "core", "measure": "measure", "serve": "serve", "cli": "cli",
}
# Executables that live beside a layer's code but sit on top, like the CLI (gpufleet-burn, its
# own CUDA program with its own flags, src/measure/burn/CMakeLists.txt).
EXECUTABLE_DIRS = {"measure/burn": "cli"}
# Which layers each layer may include (itself included).
MAY_USE = {
    "core": {"core"},
    "measure": {"core", "measure"},
    "serve": {"core", "serve"},
    "cli": {"core", "measure", "serve", "cli"},
    "python": {"core", "measure", "serve", "python"},
}
# Public headers (include/gpufleet/<name>) above core. Every other public header is core's: a
# new header for measure or serve is added here.
PUBLIC_HEADERS = {
    "measure.h": "measure",
    "measure_report.h": "measure",
    "monitor.h": "measure",
    "ledger.h": "measure",
    "launch.h": "measure",
    "serve.h": "serve",
}
# Third-party and system headers that belong to one layer.
THIRD_PARTY = {
    "httplib.h": "serve",
    "dlfcn.h": "measure",
    "nvml.h": "measure",
    "sqlite3.h": "measure",
    "CLI/CLI.hpp": "cli",
}
# Third-party header directories that belong to one layer (<pybind11/pybind11.h>).
THIRD_PARTY_DIRS = {"pybind11": "python"}
# Symbols (nm -C output, defined or undefined) that a layer's archive must not contain.
FORBIDDEN_SYMBOLS = {
    "core": [("httplib", re.compile(r"httplib::")),
             ("NVML", re.compile(r"\bnvml[A-Z]\w*")),
             ("dlopen", re.compile(r"\b(dlopen|dlsym|dlclose|dlerror)\b")),
             ("SQLite", re.compile(r"\bsqlite3_\w+"))],
    "measure": [("httplib", re.compile(r"httplib::"))],
    "serve": [("NVML", re.compile(r"\bnvml[A-Z]\w*")),
              ("dlopen", re.compile(r"\b(dlopen|dlsym|dlclose|dlerror)\b"))],
}
# Link libraries a layer's target must not have.
FORBIDDEN_LINKS = {
    "core": [("httplib", re.compile(r"httplib", re.I)),
             ("SQLite", re.compile(r"sqlite", re.I)),
             ("dl", re.compile(r"(^|[;/\s])(lib)?dl(\.so|\.a)?($|[;\s])|\bCMAKE_DL_LIBS\b"))],
    "measure": [("httplib", re.compile(r"httplib", re.I))],
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SOURCE_EXT = (".h", ".hpp", ".cc", ".cpp", ".cu")


def header_layer(name):
    """The layer of an included header, or None when it is not one of a layer's."""
    if name in THIRD_PARTY:
        return THIRD_PARTY[name]
    parts = name.split("/")
    if len(parts) >= 2 and parts[0] in THIRD_PARTY_DIRS:
        return THIRD_PARTY_DIRS[parts[0]]
    if len(parts) >= 2 and parts[0] == "python":
        return "python"
    if "/".join(parts[:2]) in EXECUTABLE_DIRS and len(parts) >= 3:
        return EXECUTABLE_DIRS["/".join(parts[:2])]
    if len(parts) == 2 and parts[0] == "gpufleet":
        return PUBLIC_HEADERS.get(parts[1], "core")
    if len(parts) >= 2 and parts[0] in DIR_LAYER:
        return DIR_LAYER[parts[0]]
    return None


def file_layer(root, path):
    rel = os.path.relpath(path, root).split(os.sep)
    if rel[0] == "python" and len(rel) >= 2:
        return "python"
    if rel[0] == "src" and len(rel) >= 4 and "/".join(rel[1:3]) in EXECUTABLE_DIRS:
        return EXECUTABLE_DIRS["/".join(rel[1:3])]
    if rel[0] == "src" and len(rel) >= 3:
        return DIR_LAYER.get(rel[1])
    if rel[0] == "include" and len(rel) == 3 and rel[1] == "gpufleet":
        return PUBLIC_HEADERS.get(rel[2], "core")
    return None


def check_includes(root):
    problems = []
    for top in ("src", "include", "python"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for f in sorted(filenames):
                if not f.endswith(SOURCE_EXT):
                    continue
                path = os.path.join(dirpath, f)
                layer = file_layer(root, path)
                if layer is None:
                    continue
                with open(path, encoding="utf-8", errors="replace") as fh:
                    for lineno, line in enumerate(fh, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = header_layer(m.group(2))
                        if target is not None and target not in MAY_USE[layer]:
                            problems.append(
                                f"{os.path.relpath(path, root)}:{lineno}: {layer} includes "
                                f"{m.group(1)}{m.group(2)}{'>' if m.group(1) == '<' else chr(34)}"
                                f" of layer {target} (a {layer} file may include only "
                                f"{', '.join(sorted(MAY_USE[layer]))})")
    return problems


def check_archive(layer, archive):
    out = subprocess.run(["nm", "-C", archive], check=True, capture_output=True, text=True).stdout
    problems = []
    member = "?"
    for line in out.splitlines():
        if line.endswith(":") and not line.startswith(" "):
            member = line[:-1]
            continue
        for what, pattern in FORBIDDEN_SYMBOLS.get(layer, []):
            if pattern.search(line):
                problems.append(f"{archive}({member}): {layer} has a {what} symbol: "
                                f"{line.strip()}")
    return problems


def check_links(layer, path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    problems = []
    for what, pattern in FORBIDDEN_LINKS.get(layer, []):
        for item in re.split(r"[;\n]", text):
            if item.strip() and pattern.search(item.strip()):
                problems.append(f"{path}: {layer} links {what}: {item.strip()}")
    return problems


def pairs(values):
    for v in values or []:
        layer, _, path = v.partition("=")
        if layer not in MAY_USE or not path:
            sys.exit(f"check_layers: expected LAYER=PATH, got {v!r}")
        yield layer, path


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True, help="the source tree (src/ and include/)")
    ap.add_argument("--archive", action="append", help="LAYER=static library to run nm on")
    ap.add_argument("--link-libraries", action="append", help="LAYER=file of link libraries")
    args = ap.parse_args()

    problems = check_includes(args.root)
    checked = ["includes"]
    for layer, path in pairs(args.archive):
        problems += check_archive(layer, path)
        checked.append(f"{layer} symbols")
    for layer, path in pairs(args.link_libraries):
        problems += check_links(layer, path)
        checked.append(f"{layer} link libraries")
    for p in problems:
        print(p)
    if problems:
        print(f"check_layers: {len(problems)} layering violation(s); layers are core < "
              "measure, serve < cli, python (docs/architecture.md, \"Layers\")")
        return 1
    print(f"check_layers: clean ({', '.join(checked)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
