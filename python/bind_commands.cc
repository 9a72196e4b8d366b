// gpufleet.fleet, train, sweep, infer (keyword arguments from the input table, through the HTTP
// API's handlers: the same JSON in, the same document out), report, check, catalog and inputs.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "gpufleet/article.h"
#include "gpufleet/catalog.h"
#include "gpufleet/catalog_document.h"
#include "gpufleet/catalog_format.h"
#include "gpufleet/claims.h"
#include "gpufleet/error.h"
#include "gpufleet/extract.h"
#include "gpufleet/inputs.h"
#include "gpufleet/monte_carlo.h"
#include "gpufleet/report.h"
#include "gpufleet/scenario.h"
#include "gpufleet/serve.h"
#include "gpufleet/training_fleet.h"
#include "python/bind.h"
#include "serve/handlers.h"
#include "util/atomic_file.h"

namespace gpufleet::python {
namespace {

using Json = nlohmann::json;

InputError Bad(const std::string& field, const std::string& message) {
  return InputError(Where{"", 0, field}, message);
}

// A local program, like the CLI: the table's domains, and the CLI's work budget for the
// simulations (monte_carlo.h), not the server's smaller per-request one.
serve::ApiOptions LocalBudget() {
  serve::ApiOptions o;
  o.max_replicas = std::numeric_limits<uint64_t>::max();
  o.max_sweep_replicas = std::numeric_limits<uint64_t>::max();
  o.max_gpus = std::numeric_limits<double>::infinity();
  o.max_points = std::numeric_limits<int>::max();
  o.max_events = 0;  // the local caps: kLocalMaxEventsPerReplica, kServingRunEvents
  o.max_request_events = kLocalMaxEventsPerCommand;
  o.server_defaults = false;  // the CLI's defaults, as inputs() lists them
  return o;
}

}  // namespace

// A str as UTF-8: InputError naming `field` when it cannot be (a lone surrogate, '\ud800', was
// pybind11's RuntimeError "Unable to cast"; found by an adversarial tester).
std::string Utf8(const std::string& field, py::handle v) {
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(v.ptr(), &size);
  if (data == nullptr) {
    PyErr_Clear();
    throw Bad(field, "is not valid text (it holds a lone surrogate, which UTF-8 cannot encode)");
  }
  return std::string(data, static_cast<size_t>(size));
}

// A path argument: str or os.PathLike; never empty (the CLI refuses `report ''`: '' read as
// the default report) and never holding a NUL byte (a path cut short at it was read, as
// Python's own open() refuses; both found by an adversarial tester).
std::string PathText(const std::string& field, py::handle v, const char* what) {
  std::optional<std::string> path;
  if (py::isinstance<py::str>(v)) {
    path = Utf8(field, v);
  } else if (py::hasattr(v, "__fspath__")) {
    py::object p = py::module_::import("os").attr("fspath")(v);
    if (py::isinstance<py::str>(p)) path = Utf8(field, p);
  }
  if (!path) {
    throw Bad(field, fmt::format("must be a path (str or os.PathLike), got {}",
                                 py::str(py::type::of(v).attr("__name__")).cast<std::string>()));
  }
  // A directory's argument says so ("give a file" was said of catalog=''; found by an
  // adversarial tester).
  if (path->empty()) {
    throw Bad(field, fmt::format("an empty path: give a {}, or None for the default", what));
  }
  if (path->find('\0') != std::string::npos) throw Bad(field, "holds a NUL byte: not a path");
  return *path;
}

std::vector<py::object> BindArgs(const char* function, const py::args& args,
                                 const py::kwargs& kwargs,
                                 std::initializer_list<const char*> params) {
  const std::vector<std::string> names(params.begin(), params.end());
  if (args.size() > names.size()) {
    throw py::type_error(fmt::format("{}() takes at most {} positional argument{} ({} given)",
                                     function, names.size(), names.size() == 1 ? "" : "s",
                                     args.size()));
  }
  std::vector<py::object> out(names.size(), py::none());
  std::vector<bool> given(names.size(), false);
  for (size_t i = 0; i < args.size(); ++i) {
    out[i] = py::reinterpret_borrow<py::object>(args[i]);
    given[i] = true;
  }
  std::string known;
  for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
  for (const auto& [key, value] : kwargs) {
    const std::string name = Utf8("keyword", key);
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      throw Bad(name, fmt::format("unknown keyword argument of {}(); known: {}", function, known));
    }
    const size_t i = static_cast<size_t>(it - names.begin());
    if (given[i]) throw Bad(name, "given more than once (by place and by name)");
    out[i] = py::reinterpret_borrow<py::object>(value);
    given[i] = true;
  }
  return out;
}

namespace {

bool IsNumber(py::handle v) {
  return !py::isinstance<py::bool_>(v) &&
         (py::isinstance<py::int_>(v) || py::isinstance<py::float_>(v));
}

// The text of one number of a tuple, exactly ("{}" prints a double exactly; ints as digits).
std::string NumberText(py::handle v) {
  if (py::isinstance<py::int_>(v)) return py::str(v).cast<std::string>();
  return fmt::format("{}", v.cast<double>());
}

// Keyword value -> the API's JSON value for input `in`:
//   number (int, float)                 a bare number in the input's unit
//   str                                 as on the command line: "350k", "1..3", "30m", an id
//   (low, high) / (low, value, high)    a range of numbers: "low..high", "low..value..high"
//   gpufleet.Figure                     its range, "low..value..high"
//   None                                absent (the default)
Json ValueJson(const inputs::Input& in, py::handle v) {
  const std::string name = in.name;
  if (in.kind == inputs::Kind::kId) {
    if (!py::isinstance<py::str>(v)) {
      // sim_profile and sim_lengths are texts, not ids (found by an adversarial tester).
      throw Bad(name, std::string("must be a string") +
                          (name.starts_with("sim_") ? "" : " (an id)") + ", got " + TypeName(v));
    }
    return Utf8(name, v);
  }
  if (in.kind == inputs::Kind::kSwitch) {  // simulate=True; False is as if left out
    if (!py::isinstance<py::bool_>(v) && TypeName(v) != "bool_" && TypeName(v) != "bool") {
      throw Bad(name, "must be True or False, got " + TypeName(v));
    }
    return py::bool_(py::reinterpret_borrow<py::object>(v)).cast<bool>();
  }
  if (in.kind == inputs::Kind::kList &&
      (py::isinstance<py::tuple>(v) || py::isinstance<py::list>(v))) {
    Json list = Json::array();  // failure_rates=[2.34, 6.5], checkpoint_writes=("10s", 300)
    for (py::handle e : py::reinterpret_borrow<py::sequence>(v)) {
      if (py::isinstance<py::str>(e)) {
        list.push_back(Utf8(name, e));
      } else if (IsNumber(e)) {
        list.push_back(py::isinstance<py::int_>(e) ? Json(NumberText(e)) : Json(e.cast<double>()));
      } else {
        throw Bad(name, "must hold numbers or strings, got " + TypeName(e));
      }
    }
    return list;
  }
  if (py::isinstance<py::str>(v)) return Utf8(name, v);
  if (auto text = FigureAsInputText(v, name, in.unit ? in.unit : ""))
    return *text;  // a result passed back
  if (IsNumber(v)) {
    if (py::isinstance<py::int_>(v)) return NumberText(v);  // exact, whatever its size
    return v.cast<double>();
  }
  if (py::isinstance<py::tuple>(v)) {  // a range is a tuple; a list is refused (docs/python.md)
    py::sequence s = py::reinterpret_borrow<py::sequence>(v);
    bool numbers = s.size() == 2 || s.size() == 3;
    for (py::handle e : s) numbers = numbers && IsNumber(e);
    if (numbers) {
      std::string text;
      for (py::handle e : s) text += (text.empty() ? "" : "..") + NumberText(e);
      return text;
    }
  }
  // Other numbers (numpy.int64, numpy.float32, Fraction) through int() or float(); never a
  // boolean (numpy.bool_ either).
  const bool boolean = TypeName(v).find("bool") != std::string::npos;
  if (!boolean && !py::isinstance<py::sequence>(v)) {
    try {
      py::object o = py::reinterpret_borrow<py::object>(v);
      if (py::hasattr(v, "__index__")) return NumberText(py::int_(o));
      if (py::hasattr(v, "__float__")) return py::float_(o).cast<double>();
    } catch (const py::error_already_set&) {
      // not a number after all: the message below
    }
  }
  // A tuple only where the input takes a range: batch=True was offered "a (low, high) tuple"
  // though batch takes one value (found by an adversarial tester).
  const std::string got = TypeName(v) + (boolean ? "" : ": " + py::repr(v).cast<std::string>());
  if (in.domain.point) {
    throw Bad(name, std::string("must be a number or a string (") +
                        (in.kind == inputs::Kind::kDuration ? "\"30m\"" : "\"350k\"") + "), got " +
                        got);
  }
  throw Bad(name,
            "must be a number, a string (\"350k\", \"1..3\") or a (low, high) or "
            "(low, value, high) tuple of numbers, got " +
                got);
}

std::string Known(inputs::Command command) {
  std::string known;
  for (const inputs::Input* i : inputs::For(command, inputs::kApi)) {
    known += (known.empty() ? "" : ", ") + std::string(i->name);
  }
  return known + ", catalog";
}

// Python keywords (from, lambda ...) can be given with a trailing underscore: from_=1000.
std::string KeywordName(const std::string& given) {
  if (given.size() > 1 && given.back() == '_') {
    const std::string stem = given.substr(0, given.size() - 1);
    if (py::module_::import("keyword").attr("iskeyword")(stem).cast<bool>()) return stem;
  }
  return given;
}

struct Call {
  Json request = Json::object();
  std::string catalog_dir;
};

// The keyword arguments of `command` as the API's request. Unknown keywords, CLI-only inputs
// and wrong types raise InputError naming the keyword.
Call RequestOf(inputs::Command command, const py::kwargs& kwargs) {
  Call call;
  for (const auto& [key, value] : kwargs) {
    const std::string given = Utf8("keyword", key);
    const std::string name = KeywordName(given);
    if (name == "catalog") {
      if (!value.is_none()) call.catalog_dir = PathText(name, value, "directory");
      continue;
    }
    const inputs::Input* in = inputs::Find(name, command);
    if (in == nullptr) throw Bad(given, "unknown keyword argument; known: " + Known(command));
    if (!(in->front_ends & inputs::kApi)) {
      throw Bad(name, fmt::format("offered by the command line only ({})", in->help));
    }
    if (value.is_none()) continue;
    // from_=8 and from=16 both: which was meant cannot be known (from won silently).
    if (call.request.contains(name)) {
      throw Bad(given, fmt::format("given more than once (as {} and {}_)", name, name));
    }
    call.request[name] = ValueJson(*in, value);
  }
  return call;
}

// Runs `handler` on the catalog without the GIL (pure C++ on JSON), then wraps the document.
template <typename Handler>
py::object Run(const char* command, const Call& call, Handler handler) {
  Json doc;
  {
    py::gil_scoped_release nogil;
    if (call.catalog_dir.empty()) {
      doc = handler(Catalog::Embedded(), call.request);
    } else {
      const Catalog catalog = Catalog::Load(call.catalog_dir);
      doc = handler(catalog, call.request);
    }
  }
  return MakeResult(command, std::move(doc));
}

// A claims file or an article, at most kMaxTextFileBytes as `gpufleet check` reads them.
std::string ReadPath(const std::string& path) {
  py::gil_scoped_release nogil;
  return ReadFile(path, kMaxTextFileBytes);
}

// The docstring of a command: what it does and every keyword argument from the input table.
const char* Doc(inputs::Command command, const char* what) {
  static std::vector<std::unique_ptr<std::string>> docs;  // alive as long as the module
  std::string d = std::string(what) +
                  "\n\nKeyword arguments (the input table, include/gpufleet/inputs.h; a number, "
                  "a string as on the command line, or a (low, high) / (low, value, high) "
                  "tuple; None means the default):\n";
  for (const inputs::Input* i : inputs::For(command, inputs::kApi)) {
    d += fmt::format("  {}: {}\n", i->name, inputs::Help(*i));
  }
  d += "  catalog: directory of catalog *.toml files replacing the built-in one\n";
  docs.push_back(std::make_unique<std::string>(std::move(d)));
  return docs.back()->c_str();
}

const char* KindName(inputs::Kind k) {
  switch (k) {
    case inputs::Kind::kNumber:
      return "number";
    case inputs::Kind::kInterval:
      return "range";
    case inputs::Kind::kDuration:
      return "duration";
    case inputs::Kind::kCount:
      return "count";
    case inputs::Kind::kId:
      return "id";
    case inputs::Kind::kSwitch:
      return "switch";
    case inputs::Kind::kList:
      return "list";
  }
  return "";
}

inputs::Command CommandOf(const std::string& name) {
  if (name == "fleet") return inputs::kFleet;
  if (name == "train") return inputs::kTrain;
  if (name == "sweep") return inputs::kSweep;
  if (name == "infer") return inputs::kInfer;
  if (name == "fit") return inputs::kFit;
  throw Bad("command", "unknown command '" + name + "'; known: fleet, train, sweep, infer, fit");
}

}  // namespace

void BindCommands(py::module_& m) {
  m.def(
      "fleet",
      [](const py::kwargs& kw) {
        Call call = RequestOf(inputs::kFleet, kw);
        // The API requires a GPU; the CLI and Python take the table's default (h100-sxm).
        const inputs::Input& gpu = inputs::Get("gpu", inputs::kFleet);
        if (!call.request.contains("gpu") && gpu.default_text)
          call.request["gpu"] = gpu.default_text;
        return Run("fleet", call,
                   [](const Catalog& c, const Json& r) { return serve::FleetJson(c, r); });
      },
      Doc(inputs::kFleet,
          "fleet(gpu=..., count=..., hours=..., site=..., **inputs) -> Result\n\nA fleet of GPUs "
          "over a period: energy, cost, CO2e, water, ... (`gpufleet fleet`). Figures are named "
          "as in the CLI's JSON 'results' (r['energy_kwh'], r.energy_kwh)."));
  m.def(
      "train",
      [](const py::kwargs& kw) {
        const serve::ApiOptions budget = LocalBudget();
        return Run("train", RequestOf(inputs::kTrain, kw),
                   [&](const Catalog& c, const Json& r) { return serve::TrainJson(c, r, budget); });
      },
      Doc(inputs::kTrain,
          "train(**inputs) -> Result\n\nA training run with failures, simulated over Monte Carlo "
          "replicas (`gpufleet train`; default: Llama 3 405B on 16,384 H100). Figures are named "
          "by their path in the document ('training.gpu_hours', 'simulation.wall_days')."));
  m.def(
      "sweep",
      [](const py::kwargs& kw) {
        const serve::ApiOptions budget = LocalBudget();
        return Run("sweep", RequestOf(inputs::kSweep, kw), [&](const Catalog& c, const Json& r) {
          return serve::SweepApiJson(c, r, budget);
        });
      },
      Doc(inputs::kSweep,
          "sweep(from_=..., to=..., points=..., **inputs) -> Result\n\nEffective training time "
          "against the number of GPUs in one job (`gpufleet sweep --over count`). `from` is a "
          "Python keyword: write from_=1000."));
  m.def(
      "infer",
      [](const py::kwargs& kw) {
        const serve::ApiOptions budget = LocalBudget();
        return Run("infer", RequestOf(inputs::kInfer, kw), [&](const Catalog& c, const Json& r) {
          return serve::InferApiJson(c, r, budget);
        });
      },
      Doc(inputs::kInfer,
          "infer(model=..., gpu=..., **inputs) -> Result\n\nServing a model: memory, throughput, "
          "latency, energy and cost per token (`gpufleet infer`)."));

  m.def(
      "fit",
      [](const py::kwargs& kw) {
        return Run("fit", RequestOf(inputs::kFit, kw),
                   [](const Catalog&, const Json& r) { return serve::FitApiJson(r); });
      },
      Doc(inputs::kFit,
          "fit(count=..., window_d=..., interruptions=..., effective=..., **inputs) -> Result\n\n"
          "The failure rate (per 1,000 node-days, with its Poisson interval) and the restart "
          "time that reproduce a run's published interruptions and effective training time "
          "(`gpufleet fit`; docs/training.md)."));
  m.def(
      "report",
      [](const py::args& args, const py::kwargs& kwargs) {
        const auto a = BindArgs("report", args, kwargs, {"path", "catalog"});
        const py::object &path = a[0], &catalog_dir = a[1];
        const std::string file = path.is_none() ? "" : PathText("path", path);
        const std::string dir =
            catalog_dir.is_none() ? "" : PathText("catalog", catalog_dir, "directory");
        Json doc;
        {
          py::gil_scoped_release nogil;
          const Catalog catalog = Catalog::Load(dir);
          const Scenario s = file.empty() ? DefaultScenario(catalog) : LoadScenario(file, catalog);
          report::Report r = report::BuildScenarioReport(s, catalog);
          if (file.empty()) AddDefaultStory(r, catalog);
          doc = report::ToJson(r);
        }
        return MakeResult("report", std::move(doc));
      },
      "report(path=None, catalog=None) -> Result\n\nEvery fleet of a scenario TOML file "
      "(`gpufleet report`); without a path the built-in examples/meta-2024.toml. Errors in the "
      "file raise InputError with its file and line.");
  m.def(
      "check",
      [](const py::args& args, const py::kwargs& kwargs) {
        const auto a = BindArgs("check", args, kwargs, {"path", "catalog"});
        const py::object &path = a[0], &catalog_dir = a[1];
        const std::string dir =
            catalog_dir.is_none() ? "" : PathText("catalog", catalog_dir, "directory");
        if (path.is_none()) {
          return Run("check", Call{Json::object(), dir},
                     [](const Catalog& c, const Json& r) { return serve::CheckJson(c, r); });
        }
        const std::string file = PathText("path", path);
        const std::string text = ReadPath(file);
        Json doc;
        {
          py::gil_scoped_release nogil;
          const Catalog catalog = Catalog::Load(dir);
          // As `gpufleet check FILE`: an article's text is extracted, mapped and checked.
          if (claims::LooksLikeArticle(file, text)) {
            claims::RequireText(text, file);
            doc =
                Json::parse(claims::RenderArticleJson(*claims::CheckArticle(text, file, catalog)));
          } else {
            const claims::ClaimsFile parsed = claims::ParseClaimsFile(text, file, catalog);
            doc = Json::parse(claims::RenderJson(claims::Check(parsed, catalog)));
          }
        }
        return MakeResult("check", std::move(doc));
      },
      "check(path=None, catalog=None) -> Result\n\nChecks the claims of a claims TOML file, or "
      "an article's plain text (extracted, mapped to claims and checked), as `gpufleet check "
      "FILE` does; without a path the seed article's embedded claims. to_dict() has the "
      "verdicts (for an article also its numbers and how each was read).");
  m.def(
      "catalog",
      [](const py::args& args, const py::kwargs& kwargs) {
        const auto a = BindArgs("catalog", args, kwargs, {"kind", "catalog"});
        const py::object &kind = a[0], &catalog_dir = a[1];
        const std::string dir =
            catalog_dir.is_none() ? "" : PathText("catalog", catalog_dir, "directory");
        if (!kind.is_none() && !py::isinstance<py::str>(kind)) {
          throw Bad("kind", "must be a string (gpus, systems, sites ...), got " + TypeName(kind));
        }
        const std::string given = kind.is_none() ? "" : Utf8("kind", kind);
        if (!kind.is_none() && given.empty())
          throw Bad("kind", "empty: leave it out for every kind");
        Json doc;
        {
          py::gil_scoped_release nogil;
          // The CLI's document (catalog_document.h): the failure models and the embodied
          // estimates too, which this left out.
          const CatalogSelection sel = SelectCatalogKinds(given);
          CatalogView view;
          view.kinds = sel.kinds;
          view.sources = true;
          const Catalog catalog = sel.kinds.empty() ? Catalog{} : Catalog::Load(dir);
          const std::vector<FailureModel> models =
              sel.failure_models ? FailureModelsFor(dir) : std::vector<FailureModel>{};
          doc = CatalogDocumentJson(catalog, sel, view, models);
        }
        return MakeResult("catalog", std::move(doc));
      },
      "catalog(kind=None, catalog=None) -> Result\n\nThe sourced catalog (`gpufleet catalog "
      "--format json`): every fact a Figure named 'kind.id.key' with its source in to_dict().");
  m.def(
      "inputs",
      [](const py::args& args, const py::kwargs& kwargs) {
        const py::object given = BindArgs("inputs", args, kwargs, {"command"})[0];
        // inputs(None) and inputs(5) were pybind11's TypeError (found by an adversarial tester).
        if (args.empty() && !kwargs.contains("command")) {
          throw Bad("command", "missing: give fleet, train, sweep, infer or fit");
        }
        if (!py::isinstance<py::str>(given)) {
          throw Bad("command",
                    "must be a str (fleet, train, sweep, infer or fit), got " + TypeName(given));
        }
        const std::string command = StrArg("command", given);
        py::list out;
        for (const inputs::Input* i : inputs::For(CommandOf(command), inputs::kApi)) {
          py::dict d;
          d["name"] = i->name;
          d["flag"] = inputs::FlagName(*i);
          d["unit"] = i->unit;
          d["kind"] = KindName(i->kind);
          const char* def = inputs::DefaultFor(*i, CommandOf(command));
          d["default"] = def ? py::object(py::str(def)) : py::none();
          d["domain"] = inputs::DomainText(*i);
          d["help"] = inputs::Help(*i);
          out.append(d);
        }
        return out;
      },
      "inputs(command) -> list of dict\n\nThe keyword arguments of fleet, train, sweep or infer, "
      "from the input table: name, flag (the CLI's spelling), unit, kind, default, domain, help.");
  // For `make bench` (bench/python_fleet.py): the C++ call behind gpufleet.fleet(**kw), timed in
  // C++ over `n` calls with the same request; returns seconds per call. Not part of the API.
  m.def(
      "_time_fleet_cpp",
      [](int n, const py::kwargs& kw) {
        Call call = RequestOf(inputs::kFleet, kw);
        if (!call.request.contains("gpu")) call.request["gpu"] = "h100-sxm";
        py::gil_scoped_release nogil;
        const Catalog& catalog = Catalog::Embedded();
        const auto start = std::chrono::steady_clock::now();
        size_t sink = 0;
        for (int i = 0; i < n; ++i) sink += serve::FleetJson(catalog, call.request).size();
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        return sink > 0 ? took.count() / std::max(n, 1) : 0.0;
      },
      py::arg("n"));
  // The Python side of gpufleet.fleet(**kw) alone, timed in C++ over `n` calls: keyword
  // arguments -> request, the GIL released and retaken, the Result built over the document.
  // Seconds per call.
  m.def(
      "_time_fleet_glue",
      [](int n, const py::kwargs& kw) {
        Call first = RequestOf(inputs::kFleet, kw);
        if (!first.request.contains("gpu")) first.request["gpu"] = "h100-sxm";
        const Json doc = serve::FleetJson(Catalog::Embedded(), first.request);
        // Copies made and Results freed outside the timed loop: the real call moves its document
        // into the Result and frees nothing.
        std::vector<Json> docs(static_cast<size_t>(std::max(n, 1)), doc);
        py::list keep;
        const auto start = std::chrono::steady_clock::now();
        size_t sink = 0;
        for (int i = 0; i < n; ++i) {
          const Call call = RequestOf(inputs::kFleet, kw);
          {
            py::gil_scoped_release nogil;
            sink += call.request.size();
          }
          keep.append(MakeResult("fleet", std::move(docs[static_cast<size_t>(i)])));
        }
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        sink += py::len(keep);
        return sink > 0 ? took.count() / std::max(n, 1) : 0.0;
      },
      py::arg("n"));
  // A bound function that does nothing with its keyword arguments: the cost of the call itself.
  m.def("_noop", [](const py::kwargs&) {});
}

}  // namespace gpufleet::python
