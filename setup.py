"""Builds the extension module gpufleet with CMake for `pip install .` (pyproject.toml).

The module is the CMake target gpufleet_python (python/CMakeLists.txt). The build directory is
$GPUFLEET_BUILD_DIR when set, else ./build when `make` (or cmake) already configured it, else a
fresh one under setuptools' temporary directory (a whole build of the library: minutes). The
module must match the interpreter that installs it (its EXT_SUFFIX); a build directory configured
for another Python is refused with a message saying so.
"""

import glob
import os
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

SOURCE = os.path.dirname(os.path.abspath(__file__))


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = os.environ.get("GPUFLEET_BUILD_DIR")
        if not build_dir and os.path.exists(os.path.join(SOURCE, "build", "CMakeCache.txt")):
            build_dir = os.path.join(SOURCE, "build")
        if not build_dir:
            build_dir = os.path.join(os.path.abspath(self.build_temp), "cmake")
        build_dir = os.path.abspath(build_dir)
        if not os.path.exists(os.path.join(build_dir, "CMakeCache.txt")):
            subprocess.check_call([
                "cmake", "-S", SOURCE, "-B", build_dir, "-G", "Ninja",
                "-DCMAKE_BUILD_TYPE=RelWithDebInfo", f"-DPython_EXECUTABLE={sys.executable}",
                "-DGPUFLEET_BENCH=OFF", "-DGPUFLEET_CUDA=OFF"])
        jobs = os.environ.get("GPUFLEET_JOBS", str(os.cpu_count() or 1))
        subprocess.check_call(
            ["cmake", "--build", build_dir, "--target", "gpufleet_python", "-j", jobs])
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        built = os.path.join(build_dir, "python", "gpufleet" + suffix)
        if not os.path.exists(built):
            found = glob.glob(os.path.join(build_dir, "python", "gpufleet*.so"))
            sys.exit(f"setup.py: {build_dir} built {found or 'no module'}, not gpufleet{suffix} "
                     f"for {sys.executable}; set GPUFLEET_BUILD_DIR to a fresh directory")
        dest = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(built, dest)


setup(ext_modules=[Extension("gpufleet", sources=[])], cmdclass={"build_ext": CMakeBuild})
