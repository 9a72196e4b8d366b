// The module `gpufleet`: each area binds itself (bind.h lists them).
#include "gpufleet/version.h"
#include "python/bind.h"

PYBIND11_MODULE(gpufleet, m) {
  m.doc() =
      "gpufleet: energy, cost, CO2e and water of GPU fleets, training runs and serving, with "
      "ranges and sources (docs/python.md).";
  m.attr("__version__") = std::string(gpufleet::kVersion);
  gpufleet::python::BindFigure(m);
  gpufleet::python::BindCommands(m);
  gpufleet::python::BindMonitor(m);
}
