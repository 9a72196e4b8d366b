// Fixture for the layering check's self-test: an archive, checked as if it were core, that
// calls dlopen and an NVML function; scripts/check_layers.py must name both.
#include <dlfcn.h>

extern "C" int nvmlInit_v2();

int LayeringFixtureOpen() {
  void* handle = dlopen("libnvidia-ml.so.1", RTLD_NOW);
  return handle != nullptr ? nvmlInit_v2() : -1;
}
