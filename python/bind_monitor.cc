// gpufleet.Monitor: measurement windows from Python (monitor.h). The sampler is the C++ Meter's
// thread; every call that waits for it (construction, begin_window, end_window, close) releases
// the GIL, so Python threads keep running while a device is read.
//
//   m = gpufleet.Monitor(gpus=[0, 1], cpu=True)              # site us-average, as `measure`
//   m.begin_window("epoch"); ...; w = m.end_window("epoch")   # a gpufleet.Window
//   with m.window("epoch") as h: ...                           # h.result after the block
//   @m.measure("step")                                         # each call is a window;
//   def step(): ...                                            # m.last_window is the latest
#include <fmt/format.h>
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <tuple>

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

InputError BadArg(const std::string& field, const std::string& message) {
  return InputError(Where{"", 0, field}, message);
}

// A Python number or a duration text ("100ms") for `interval`.
Duration<> IntervalArg(const py::object& v, const char* field) {
  if (py::isinstance<py::str>(v)) return ParseDuration(Utf8(field, v), field);
  if (py::isinstance<py::bool_>(v) ||
      !(py::isinstance<py::float_>(v) || py::isinstance<py::int_>(v))) {
    throw BadArg(field, "must be a number of seconds or a duration such as \"100ms\"");
  }
  return v.cast<double>() * units::s;
}

// Text for `field` (a str; None gives `fallback` when there is one).
std::optional<std::string> TextArg(const char* field, py::handle v) {
  if (v.is_none()) return std::nullopt;
  return StrArg(field, v);
}

// A window's name: a str, valid UTF-8, printable, bounded (CheckWindowName). A lone surrogate
// was pybind11's TypeError; NUL bytes and 10 MB of text went into the records as they were
// (found by an adversarial tester).
std::string WindowName(py::handle v) {
  std::string name = StrArg("name", v);
  CheckWindowName(name);
  return name;
}

// `gpus`: None (every GPU) or a list or tuple of whole numbers 0..4096, each once, as the CLI's
// --gpus (a float, True and 2**40 were pybind11's TypeError or GPU 0; found by an adversarial
// tester).
std::optional<std::vector<int>> GpusArg(py::handle v) {
  if (v.is_none()) return std::nullopt;
  if (!py::isinstance<py::list>(v) && !py::isinstance<py::tuple>(v)) {
    throw BadArg("gpus", fmt::format("must be a list of GPU indices such as [0, 1] (or None for "
                                     "every GPU), got {}",
                                     TypeName(v)));
  }
  std::vector<int> out;
  for (py::handle g : v) {
    if (py::isinstance<py::bool_>(g) || !py::isinstance<py::int_>(g)) {
      throw BadArg("gpus", fmt::format("a GPU index is a whole number, got {} {}", TypeName(g),
                                       py::repr(g).cast<std::string>()));
    }
    int overflow = 0;
    const long long x = PyLong_AsLongLongAndOverflow(g.ptr(), &overflow);
    if (overflow != 0 || x < 0 || x > 4096) {
      throw BadArg("gpus",
                   fmt::format("not a GPU index: {} (0 to 4096)", py::repr(g).cast<std::string>()));
    }
    const int i = static_cast<int>(x);
    if (std::find(out.begin(), out.end(), i) != out.end()) {
      throw BadArg("gpus", fmt::format("GPU {} is listed twice", i));
    }
    out.push_back(i);
  }
  if (out.empty()) {
    throw BadArg("gpus", "lists no GPU: give at least one index, or None to measure every GPU");
  }
  return out;
}

// The library's errors name the CLI's flags and the CLI's pseudo-files ("--gpus", "<flag>"): in
// Python they are the keyword arguments (gpus=[5] said field '--gpus'; found by an adversarial
// tester).
InputError AsKeywordError(const InputError& e) {
  static const std::pair<const char*, const char*> kKeywords[] = {
      {"--gpus", "gpus"},     {"--nvml-lib", "nvml_lib"}, {"--powercap-root", "powercap_root"},
      {"--site", "site"},     {"--catalog", "catalog"},   {"--csv", "csv"},
      {"--ledger", "ledger"}, {"--interval", "interval"}};
  Where w = e.where();
  if (!w.names_file()) w.file.clear();
  for (const auto& [flag, keyword] : kKeywords) {
    if (w.field == flag) w.field = keyword;
  }
  return InputError(w, e.detail());
}

class PyMonitor {
 public:
  explicit PyMonitor(MonitorOptions o) {
    py::gil_scoped_release nogil;
    try {
      monitor_ = std::make_unique<Monitor>(std::move(o));
    } catch (const InputError& e) {
      throw AsKeywordError(e);
    }
  }
  // For the properties: the monitor, or InputError once closed.
  Monitor& Get() {
    if (monitor_->closed()) {
      throw InputError("the monitor was closed: create a new one to measure again");
    }
    return *monitor_;
  }
  // The window calls and close release the GIL, so they overlap from several threads: Monitor
  // excludes them from each other (Monitor::Close waits for a window call taking its edge, and
  // later ones raise InputError). The Monitor itself lives as long as this object (close freed
  // it under a window call in another thread: a crash; found by an adversarial tester).
  void Begin(const std::string& name) {
    py::gil_scoped_release nogil;
    monitor_->BeginWindow(name);
  }
  PyWindow End(const std::string& name) {
    std::optional<Window> w;
    {
      py::gil_scoped_release nogil;
      w = monitor_->EndWindow(name);
    }
    last_ = *w;
    return PyWindow{std::move(*w)};
  }
  void Close() {
    py::gil_scoped_release nogil;
    monitor_->Close();  // stops the sampler
  }
  // As the other properties: it answered after close() while they raised (found by an
  // adversarial tester).
  std::optional<PyWindow> Last() {
    (void)Get();  // raises once closed
    if (!last_) return std::nullopt;
    return PyWindow{*last_};
  }

 private:
  std::unique_ptr<Monitor> monitor_;  // never null
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

Monitor(gpus=None, cpu=True, gpu=True, site=None, interval=0.1, nvml_lib=None,
        powercap_root=None, project="gpufleet", run_id=None, experiment_id=None, csv=None,
        ledger=None, every_rank=False, catalog=None)

Samples the GPUs (NVML) and CPU packages (RAPL) on a C++ thread from construction to close().
Energy is whole-device. Under torchrun, mpirun or srun only local rank 0 reads the node's
devices (every_rank=True reads in every process). csv / ledger: each ended window is appended to
that CSV (CodeCarbon's columns, then gpufleet's) and SQLite ledger. site: a catalog site id,
"none" for no factors, None for us-average (gpufleet measure's default). Errors raise
gpufleet.InputError naming the argument.)doc")
      .def(py::init([](py::object gpus_arg, bool cpu, bool gpu, py::object site_arg,
                       py::object interval, py::object nvml_lib_arg, py::object powercap_root_arg,
                       py::object project_arg, py::object run_id, py::object experiment_id,
                       py::object csv_arg, py::object ledger_arg, bool every_rank,
                       py::object catalog_arg) {
             try {
               const std::optional<std::vector<int>> gpus = GpusArg(gpus_arg);
               auto path = [](const char* field, const py::object& v, const char* what = "file") {
                 return v.is_none() ? std::nullopt : std::optional(PathText(field, v, what));
               };
               const std::optional<std::string> nvml_lib = path("nvml_lib", nvml_lib_arg);
               const std::optional<std::string> powercap_root =
                   path("powercap_root", powercap_root_arg, "directory");
               const std::optional<std::string> csv = path("csv", csv_arg);
               const std::optional<std::string> ledger = path("ledger", ledger_arg);
               const std::optional<std::string> catalog = path("catalog", catalog_arg, "directory");
               // Settings that contradict each other, refused as `gpufleet measure` refuses
               // `--no-gpu --gpus 0` (the value was ignored; found by an adversarial tester).
               for (const auto& [on, off, given] :
                    {std::tuple{"gpus", "gpu=False", !gpu && gpus.has_value()},
                     {"nvml_lib", "gpu=False", !gpu && nvml_lib.has_value()},
                     {"powercap_root", "cpu=False", !cpu && powercap_root.has_value()}}) {
                 if (given) {
                   throw BadArg(on, fmt::format("{} says what to read and {} says not to read it: "
                                                "give one or the other",
                                                on, off));
                 }
               }
               // One file for both records: the ledger took the CSV's lines into SQLite.
               if (csv && ledger && SameFile(*csv, *ledger)) {
                 throw BadArg("csv", fmt::format("names the same file as ledger ({}): one would "
                                                 "replace or corrupt the other; give different "
                                                 "files",
                                                 *ledger));
               }
               MonitorOptions o;
               if (gpus) o.gpus = *gpus;
               o.cpu = cpu;
               o.gpu = gpu;
               const char* env_lib = std::getenv("GPUFLEET_NVML_LIB");
               o.nvml_library = nvml_lib              ? *nvml_lib
                                : env_lib && *env_lib ? env_lib
                                                      : "libnvidia-ml.so.1";
               o.nvml_library_named = nvml_lib || (env_lib && *env_lib);
               o.nvml_library_from_environment = !nvml_lib && env_lib && *env_lib;
               const char* env_root = std::getenv("GPUFLEET_POWERCAP_ROOT");
               o.powercap_root = powercap_root           ? *powercap_root
                                 : env_root && *env_root ? env_root
                                                         : "/sys/class/powercap";
               // The CLI's default site and its rule for empty texts (site "" acted as "none",
               // where `measure` defaults to us-average and refuses --site ''; found by an
               // adversarial tester).
               const std::string site = TextArg("site", site_arg).value_or("us-average");
               if (site.empty()) {
                 throw BadArg("site",
                              "empty: give a catalog site id, \"none\", or None for "
                              "us-average");
               }
               o.site = SiteFactorsFor(site, catalog.value_or(""), "site");
               o.interval = IntervalArg(interval, "interval");
               const std::string project = TextArg("project", project_arg).value_or("gpufleet");
               if (project.empty()) throw BadArg("project", "empty: give a name, or None");
               o.project = project;
               const std::optional<std::string> run = TextArg("run_id", run_id);
               if (run && run->empty()) {
                 throw BadArg("run_id", "empty: give an id, or None for one made up");
               }
               o.run_id = run.value_or("");
               // Empty refused, as run_id="" is (it was taken; found by an adversarial tester).
               const std::optional<std::string> experiment =
                   TextArg("experiment_id", experiment_id);
               if (experiment && experiment->empty()) {
                 throw BadArg("experiment_id", "empty: give an id, or None for none");
               }
               o.experiment_id = experiment.value_or("");
               o.python_version =
                   py::module_::import("platform").attr("python_version")().cast<std::string>();
               if (csv) o.sinks.push_back(OpenCsv(*csv));
               if (ledger) o.sinks.push_back(OpenLedger(*ledger));
               o.every_rank_reads = every_rank;
               return std::make_unique<PyMonitor>(std::move(o));
             } catch (const InputError& e) {
               throw AsKeywordError(e);
             }
           }),
           py::kw_only(), py::arg("gpus") = py::none(), py::arg("cpu") = true,
           py::arg("gpu") = true, py::arg("site") = py::none(), py::arg("interval") = 0.1,
           py::arg("nvml_lib") = py::none(), py::arg("powercap_root") = py::none(),
           py::arg("project") = "gpufleet", py::arg("run_id") = py::none(),
           py::arg("experiment_id") = py::none(), py::arg("csv") = py::none(),
           py::arg("ledger") = py::none(), py::arg("every_rank") = false,
           py::arg("catalog") = py::none())
      .def(
          "begin_window", [](PyMonitor& p, const py::object& name) { p.Begin(WindowName(name)); },
          py::arg("name"), "Starts window `name`; InputError if it is already open")
      .def(
          "end_window",
          [](PyMonitor& p, const py::object& name) { return p.End(WindowName(name)); },
          py::arg("name"),
          "Ends window `name` and returns its Window; InputError if it was never begun")
      .def(
          "window",
          [](py::object self, const py::object& name) {
            return PyWindowContext{self.cast<PyMonitor*>(), self, WindowName(name), std::nullopt};
          },
          py::arg("name"), "A context manager: `with m.window(\"epoch\") as h:`; h.result after")
      .def(
          "measure",
          [](py::object self, const py::object& name_arg) {
            const std::string name = WindowName(name_arg);
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
      .def_property_readonly(
          "last_window", &PyMonitor::Last,
          "The window ended last (None before the first); InputError once closed")
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
      .def("close", &PyMonitor::Close,
           "Stops the sampler (open windows are dropped), after a window call running in another "
           "thread; later window calls raise InputError")
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](PyMonitor& p, py::object, py::object, py::object) {
        p.Close();
        return false;
      });
}

}  // namespace gpufleet::python
