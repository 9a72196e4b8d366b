// gpufleet.Monitor: measurement windows from Python (monitor.h). The sampler is the C++ Meter's
// thread; every call that waits for it (construction, begin_window, end_window, close) releases
// the GIL, so Python threads keep running while a device is read.
//
//   m = gpufleet.Monitor(gpus=[0, 1], cpu=True, site="us-average")
//   m.begin_window("epoch"); ...; w = m.end_window("epoch")   # a gpufleet.Window
//   with m.window("epoch") as h: ...                           # h.result after the block
//   @m.measure("step")                                         # each call is a window;
//   def step(): ...                                            # m.last_window is the latest
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <optional>

#include "gpufleet/duration_text.h"
#include "gpufleet/error.h"
#include "gpufleet/ledger.h"
#include "gpufleet/monitor.h"
#include "python/bind.h"

namespace gpufleet::python {
namespace {

struct PyWindow {
  Window w;
};

py::dict DeviceFigures(const Window& w) {
  py::dict d;
  for (const auto& dev : w.devices) {
    d[py::str(dev.id)] = MakeFigure(dev.energy, dev.id, dev.name + " (" + dev.method + ")");
  }
  return d;
}

// A Python number or a duration text ("100ms") for `interval`.
Duration<> IntervalArg(const py::object& v, const char* field) {
  if (py::isinstance<py::str>(v)) return ParseDuration(v.cast<std::string>(), field);
  if (py::isinstance<py::bool_>(v) ||
      !(py::isinstance<py::float_>(v) || py::isinstance<py::int_>(v))) {
    throw InputError(Where{"<argument>", 0, field},
                     "must be a number of seconds or a duration such as \"100ms\"");
  }
  return v.cast<double>() * units::s;
}

class PyMonitor {
 public:
  explicit PyMonitor(MonitorOptions o) {
    py::gil_scoped_release nogil;
    monitor_ = std::make_unique<Monitor>(std::move(o));
  }
  Monitor& Get() {
    if (!monitor_) {
      throw InputError(Where{"<argument>", 0, "monitor"}, "the monitor was closed");
    }
    return *monitor_;
  }
  void Begin(const std::string& name) {
    Monitor& m = Get();
    py::gil_scoped_release nogil;
    m.BeginWindow(name);
  }
  PyWindow End(const std::string& name) {
    Monitor& m = Get();
    std::optional<Window> w;
    {
      py::gil_scoped_release nogil;
      w = m.EndWindow(name);
    }
    last_ = *w;
    return PyWindow{std::move(*w)};
  }
  void Close() {
    std::unique_ptr<Monitor> m = std::move(monitor_);
    py::gil_scoped_release nogil;
    m.reset();  // stops the sampler
  }
  std::optional<PyWindow> Last() const {
    if (!last_) return std::nullopt;
    return PyWindow{*last_};
  }

 private:
  std::unique_ptr<Monitor> monitor_;
  std::optional<Window> last_;
};

// `with m.window("epoch") as h:` -- h.result is the Window once the block ended.
struct PyWindowContext {
  PyMonitor* monitor;
  py::object owner;  // keeps the monitor alive
  std::string name;
  std::optional<PyWindow> result;
};

}  // namespace

void BindMonitor(py::module_& m) {
  py::class_<PyWindow>(m, "Window", R"doc(One measurement window: energy per device (Figures in
J, a range; absent when a device was not measured, never 0), duration (s), and cost (USD), CO2e
(kg) and water (L) at the monitor's site.)doc")
      .def_property_readonly("name", [](const PyWindow& p) { return p.w.name; })
      .def_property_readonly("duration",
                             [](const PyWindow& p) {
                               return MakeFigure(Figure::Of(p.w.duration.si(), "s"), "duration_s",
                                                 "duration");
                             })
      .def_property_readonly("duration_s", [](const PyWindow& p) { return p.w.duration.si(); })
      .def_property_readonly(
          "devices", [](const PyWindow& p) { return DeviceFigures(p.w); },
          "{device id: energy Figure (J)}")
      .def_property_readonly(
          "energy",
          [](const PyWindow& p) { return MakeFigure(p.w.energy, "energy_j", "IT energy"); })
      .def_property_readonly("gpu_energy",
                             [](const PyWindow& p) {
                               return MakeFigure(p.w.gpu_energy, "gpu_energy_j", "GPUs' energy");
                             })
      .def_property_readonly("cpu_energy",
                             [](const PyWindow& p) {
                               return MakeFigure(p.w.cpu_energy, "cpu_energy_j",
                                                 "CPU packages' energy");
                             })
      .def_property_readonly("dram_energy",
                             [](const PyWindow& p) {
                               return MakeFigure(p.w.dram_energy, "dram_energy_j", "DRAM energy");
                             })
      .def_property_readonly(
          "cost",
          [](const PyWindow& p) { return MakeFigure(p.w.cost, "cost_usd", "electricity cost"); })
      .def_property_readonly(
          "co2e",
          [](const PyWindow& p) { return MakeFigure(p.w.co2e, "co2e_kg", "operational CO2e"); })
      .def_property_readonly(
          "water", [](const PyWindow& p) { return MakeFigure(p.w.water, "water_l", "water"); })
      .def_property_readonly("partial", [](const PyWindow& p) { return p.w.partial; })
      .def_property_readonly("notes", [](const PyWindow& p) { return p.w.notes; })
      .def_property_readonly("record_errors", [](const PyWindow& p) { return p.w.record_errors; })
      .def_property_readonly("node", [](const PyWindow& p) { return p.w.launch.node; })
      .def_property_readonly("rank", [](const PyWindow& p) { return p.w.launch.rank; })
      .def(
          "to_dict", [](const PyWindow& p) { return ToPython(ToJson(p.w)); },
          "The window as plain Python objects (the JSON shape: figures as value/low/high/unit)")
      .def("__repr__", [](const PyWindow& p) {
        return "<gpufleet.Window '" + p.w.name + "' " + std::to_string(p.w.duration.si()) + " s, " +
               (p.w.energy.present() ? FormatFigure(p.w.energy) : "energy n/a") + ">";
      });

  py::class_<PyWindowContext>(m, "WindowContext",
                              "A window as a context manager (Monitor.window); .result after it")
      .def(
          "__enter__",
          [](PyWindowContext& c) -> PyWindowContext& {
            c.monitor->Begin(c.name);
            return c;
          },
          py::return_value_policy::reference)
      .def("__exit__",
           [](PyWindowContext& c, py::object, py::object, py::object) {
             c.result = c.monitor->End(c.name);
             return false;  // exceptions propagate
           })
      .def_property_readonly("result", [](const PyWindowContext& c) { return c.result; });

  py::class_<PyMonitor>(m, "Monitor", R"doc(Measurement windows inside a program.

Monitor(gpus=None, cpu=True, gpu=True, site="none", interval=0.1, nvml_lib=None,
        powercap_root=None, project="gpufleet", run_id=None, experiment_id=None, csv=None,
        ledger=None, every_rank=False, catalog=None)

Samples the GPUs (NVML) and CPU packages (RAPL) on a C++ thread from construction to close().
Energy is whole-device. Under torchrun, mpirun or srun only local rank 0 reads the node's
devices (every_rank=True reads in every process). csv / ledger: each ended window is appended to
that CSV (CodeCarbon's columns, then gpufleet's) and SQLite ledger. Errors raise
gpufleet.InputError naming the argument.)doc")
      .def(py::init([](std::optional<std::vector<int>> gpus, bool cpu, bool gpu,
                       const std::string& site, py::object interval,
                       std::optional<std::string> nvml_lib,
                       std::optional<std::string> powercap_root, const std::string& project,
                       std::optional<std::string> run_id, std::optional<std::string> experiment_id,
                       std::optional<std::string> csv, std::optional<std::string> ledger,
                       bool every_rank, std::optional<std::string> catalog) {
             MonitorOptions o;
             if (gpus) {
               for (int g : *gpus) {
                 if (g < 0) throw InputError(Where{"<argument>", 0, "gpus"}, "a GPU index is >= 0");
                 if (std::count(gpus->begin(), gpus->end(), g) > 1) {
                   throw InputError(Where{"<argument>", 0, "gpus"},
                                    "GPU " + std::to_string(g) + " is listed twice");
                 }
               }
               o.gpus = *gpus;
             }
             o.cpu = cpu;
             o.gpu = gpu;
             const char* env_lib = std::getenv("GPUFLEET_NVML_LIB");
             o.nvml_library = nvml_lib              ? *nvml_lib
                              : env_lib && *env_lib ? env_lib
                                                    : "libnvidia-ml.so.1";
             o.nvml_library_named = nvml_lib || (env_lib && *env_lib);
             const char* env_root = std::getenv("GPUFLEET_POWERCAP_ROOT");
             o.powercap_root = powercap_root           ? *powercap_root
                               : env_root && *env_root ? env_root
                                                       : "/sys/class/powercap";
             o.site = SiteFactorsFor(site, catalog.value_or(""), "site");
             o.interval = IntervalArg(interval, "interval");
             if (project.empty()) throw InputError(Where{"<argument>", 0, "project"}, "empty");
             o.project = project;
             o.run_id = run_id.value_or("");
             o.experiment_id = experiment_id.value_or("");
             o.python_version =
                 py::module_::import("platform").attr("python_version")().cast<std::string>();
             if (csv) o.sinks.push_back(OpenCsv(*csv));
             if (ledger) o.sinks.push_back(OpenLedger(*ledger));
             o.every_rank_reads = every_rank;
             return std::make_unique<PyMonitor>(std::move(o));
           }),
           py::kw_only(), py::arg("gpus") = py::none(), py::arg("cpu") = true,
           py::arg("gpu") = true, py::arg("site") = "none", py::arg("interval") = 0.1,
           py::arg("nvml_lib") = py::none(), py::arg("powercap_root") = py::none(),
           py::arg("project") = "gpufleet", py::arg("run_id") = py::none(),
           py::arg("experiment_id") = py::none(), py::arg("csv") = py::none(),
           py::arg("ledger") = py::none(), py::arg("every_rank") = false,
           py::arg("catalog") = py::none())
      .def("begin_window", &PyMonitor::Begin, py::arg("name"),
           "Starts window `name`; InputError if it is already open")
      .def("end_window", &PyMonitor::End, py::arg("name"),
           "Ends window `name` and returns its Window; InputError if it was never begun")
      .def(
          "window",
          [](py::object self, const std::string& name) {
            return PyWindowContext{self.cast<PyMonitor*>(), self, name, std::nullopt};
          },
          py::arg("name"), "A context manager: `with m.window(\"epoch\") as h:`; h.result after")
      .def(
          "measure",
          [](py::object self, const std::string& name) {
            return py::cpp_function([self, name](py::function f) {
              return py::cpp_function([self, name, f](py::args args, py::kwargs kwargs) {
                self.attr("begin_window")(name);
                py::object r;
                try {
                  r = f(*args, **kwargs);
                } catch (...) {
                  self.attr("end_window")(name);
                  throw;
                }
                self.attr("end_window")(name);
                return r;
              });
            });
          },
          py::arg("name"), "A decorator: every call of the function is window `name`")
      .def_property_readonly("last_window", &PyMonitor::Last,
                             "The window ended last (None before the first)")
      .def_property_readonly("open_windows", [](PyMonitor& p) { return p.Get().OpenWindows(); })
      .def_property_readonly("devices",
                             [](PyMonitor& p) {
                               py::list l;
                               for (const auto& d : p.Get().Devices()) {
                                 py::dict x;
                                 x["id"] = d.id;
                                 x["kind"] = d.kind;
                                 x["name"] = d.name;
                                 x["uuid"] = d.uuid;
                                 l.append(x);
                               }
                               return l;
                             })
      .def_property_readonly("notes", [](PyMonitor& p) { return p.Get().Notes(); })
      .def_property_readonly("run_id", [](PyMonitor& p) { return p.Get().run_id(); })
      .def_property_readonly("launch",
                             [](PyMonitor& p) {
                               const Launch& l = p.Get().launch();
                               py::dict d;
                               d["launcher"] = l.launcher;
                               d["rank"] = l.rank;
                               d["local_rank"] = l.local_rank;
                               d["local_size"] = l.local_size;
                               d["world_size"] = l.world_size;
                               d["node"] = l.node;
                               d["job"] = l.job;
                               return d;
                             })
      .def("close", &PyMonitor::Close, "Stops the sampler (open windows are dropped)")
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](PyMonitor& p, py::object, py::object, py::object) {
        p.Close();
        return false;
      });
}

}  // namespace gpufleet::python
