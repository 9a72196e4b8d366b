// Planted violation: core includes pybind11 (only python/ may).
// The layering selftest requires the check to report it.

#include <pybind11/pybind11.h>
