// gpufleet.InputError, gpufleet.Figure and gpufleet.Result (bind.h).
#include <fmt/format.h>
#include <pybind11/stl.h>

#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gpufleet/duration_text.h"
#include "gpufleet/error.h"
#include "gpufleet/figure.h"
#include "gpufleet/inputs.h"
#include "gpufleet/interval.h"
#include "gpufleet/text_table.h"
#include "python/bind.h"

namespace gpufleet::python {
namespace {

using Json = nlohmann::json;

// gpufleet.InputError, created once by BindFigure; the module holds a reference for its lifetime.
PyObject* g_input_error = nullptr;

// The error as Python sees it: inputs spelt by their keyword names (the API's field names, which
// are the canonical names), no "<http>" pseudo-file: the Python front end reuses the API's
// handlers, whose errors say "<http>".
void SetInputError(const InputError& raw) {
  const InputError e = inputs::Respell(raw, inputs::Spelling::kApi);
  Where w = e.where();
  if (w.file == "<http>" || w.file == "<flag>") w.file.clear();
  const InputError shown(w, e.detail());
  py::object exc = py::reinterpret_borrow<py::object>(g_input_error)(shown.what());
  exc.attr("field") = w.field.empty() ? py::none() : py::object(py::str(w.field));
  exc.attr("file") = w.file.empty() ? py::none() : py::object(py::str(w.file));
  exc.attr("line") = w.line > 0 ? py::object(py::int_(w.line)) : py::none();
  exc.attr("column") = w.column > 0 ? py::object(py::int_(w.column)) : py::none();
  exc.attr("detail") = py::str(e.detail());
  PyErr_SetObject(g_input_error, exc.ptr());
}

// One figure with its name in the result and its words for people.
struct PyFigure {
  std::string name;
  std::string label;
  Figure fig;
};

std::optional<double> Opt(const PyFigure& f, double Interval::*part) {
  if (!f.fig.present()) return std::nullopt;
  return f.fig.range().*part;
}

std::string Repr(const PyFigure& f) {
  std::string out = "Figure(";
  if (!f.name.empty()) out += f.name + " = ";
  out += FormatFigure(f.fig);
  if (f.fig.present()) {
    const Interval& x = f.fig.range();
    out += fmt::format("; value={}, low={}, high={}", x.value, x.low, x.high);
  } else {
    out += "; why=" + py::repr(py::str(f.fig.why())).cast<std::string>();
  }
  return out + ", unit=" + py::repr(py::str(f.fig.unit())).cast<std::string>() + ")";
}

double AsFloat(const PyFigure& f) {
  if (!f.fig.present()) {
    throw py::value_error((f.name.empty() ? std::string("figure") : f.name) +
                          " is n/a: " + f.fig.why());
  }
  return f.fig.range().value;
}

// A number to compare a figure's value with: an int, a float, or a type with __float__ or
// __index__ (numpy's scalars, Fraction, Decimal); never a str or bytes.
bool IsNumberLike(py::handle v) {
  if (py::isinstance<py::str>(v) || py::isinstance<py::bytes>(v)) return false;
  return py::isinstance<py::int_>(v) || py::isinstance<py::float_>(v) ||
         py::hasattr(v, "__float__") || py::hasattr(v, "__index__");
}

const char* OpText(int op) {
  switch (op) {
    case Py_LT:
      return "<";
    case Py_LE:
      return "<=";
    case Py_GT:
      return ">";
    case Py_GE:
      return ">=";
    case Py_EQ:
      return "==";
    default:
      return "!=";
  }
}

// Rich comparison of a figure with `other`. Against a Figure, == is every part (value, low,
// high and unit; unit and why when absent; not the name or the basis: where it sits and where
// it came from are not its value), and ordering compares values of one unit. Against a number,
// the value, compared by Python (exact for an int, a Fraction, a Decimal). An absent figure is
// equal to no number and cannot be ordered (ValueError, as float()). Anything else:
// NotImplemented (`fig == None` is False, `fig < "x"` Python's TypeError).
py::object Compare(const PyFigure& a, py::handle other, int op) {
  const bool equality = op == Py_EQ || op == Py_NE;
  if (py::isinstance<PyFigure>(other)) {
    const PyFigure& b = other.cast<const PyFigure&>();
    if (equality) {
      bool same = a.fig.present() == b.fig.present() && a.fig.unit() == b.fig.unit();
      if (same && a.fig.present()) {
        const Interval &x = a.fig.range(), &y = b.fig.range();
        same = x.value == y.value && x.low == y.low && x.high == y.high;
      } else if (same) {
        same = a.fig.why() == b.fig.why();
      }
      return py::bool_(op == Py_EQ ? same : !same);
    }
    if (a.fig.unit() != b.fig.unit()) {
      throw py::type_error(fmt::format("cannot compare a Figure in '{}' {} one in '{}'",
                                       a.fig.unit(), OpText(op), b.fig.unit()));
    }
    const double x = AsFloat(a), y = AsFloat(b);
    return py::reinterpret_steal<py::object>(
        PyObject_RichCompare(py::float_(x).ptr(), py::float_(y).ptr(), op));
  }
  if (!IsNumberLike(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
  if (!a.fig.present() && equality) return py::bool_(op == Py_NE);
  py::object result = py::reinterpret_steal<py::object>(
      PyObject_RichCompare(py::float_(AsFloat(a)).ptr(), other.ptr(), op));
  if (!result) throw py::error_already_set();
  return result;
}

// Consistent with ==: a figure equal to a number has its hash; equal figures have one value.
Py_hash_t Hash(const PyFigure& f) {
  if (!f.fig.present()) return py::hash(py::make_tuple(f.fig.unit(), f.fig.why()));
  return py::hash(py::float_(f.fig.range().value));
}

// The arithmetic methods a Figure refuses, with the operator each stands for.
constexpr std::pair<const char*, const char*> kArithmetic[] = {
    {"__add__", "+"},         {"__radd__", "+"},         {"__sub__", "-"},
    {"__rsub__", "-"},        {"__mul__", "*"},          {"__rmul__", "*"},
    {"__truediv__", "/"},     {"__rtruediv__", "/"},     {"__floordiv__", "//"},
    {"__rfloordiv__", "//"},  {"__mod__", "%"},          {"__rmod__", "%"},
    {"__divmod__", "divmod"}, {"__rdivmod__", "divmod"}, {"__pow__", "**"},
    {"__rpow__", "**"},       {"__matmul__", "@"},       {"__rmatmul__", "@"},
    {"__neg__", "unary -"},   {"__pos__", "unary +"},    {"__abs__", "abs()"}};

py::dict FigureDict(const PyFigure& f) {
  py::dict d;
  d["name"] = f.name;
  d["label"] = f.label;
  // An unbounded end is None, as the JSON documents write null: json.dumps with json_default
  // wrote Infinity, which is not JSON (found by an adversarial tester).
  const auto finite = [&f](double Interval::*part) -> py::object {
    const std::optional<double> v = Opt(f, part);
    return v && std::isfinite(*v) ? py::object(py::float_(*v)) : py::object(py::none());
  };
  d["value"] = finite(&Interval::value);
  d["low"] = finite(&Interval::low);
  d["high"] = finite(&Interval::high);
  d["unit"] = f.fig.unit();
  d["why"] = f.fig.present() ? py::none() : py::object(py::str(f.fig.why()));
  return d;
}

bool IsFigureShape(const Json& j) {
  if (!j.is_object()) return false;
  auto unit = j.find("unit");
  auto value = j.find("value");
  return unit != j.end() && unit->is_string() && value != j.end() &&
         (value->is_number() || value->is_null());
}

// A figure's bound: the number; null (a bound the model could not bound) is `if_null`, +-inf; a
// bound left out is the value (a point value: the check document's "claimed" has only a value,
// and read as -inf..inf; found by an adversarial tester).
double Bound(const Json& j, const char* key, double value, double if_null) {
  auto it = j.find(key);
  if (it == j.end()) return value;
  if (!it->is_number()) return if_null;
  return it->get<double>();
}

Figure FigureOfShape(const Json& j) {
  const std::string unit = j.at("unit").get<std::string>();
  const Json& value = j.at("value");
  if (value.is_null()) {
    auto why = j.find("why");
    const bool has_why = why != j.end() && why->is_string() && !why->get<std::string>().empty();
    return Figure::Absent(unit, has_why ? why->get<std::string>() : "not a finite number");
  }
  const double v = value.get<double>();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  auto basis = j.find("basis");
  return Figure::Of(Interval(v, Bound(j, "low", v, -kInf), Bound(j, "high", v, kInf)), unit,
                    basis != j.end() && basis->is_string() ? basis->get<std::string>() : "");
}

std::string LabelOf(const Json& j) {
  for (const char* key : {"label", "what", "description"}) {
    auto it = j.find(key);
    if (it != j.end() && it->is_string()) return it->get<std::string>();
  }
  return "";
}

// A result document and the figures in it, by name. Documents with a "results" object (fleet,
// infer) name their figures by its keys; others (train, sweep, report, check, catalog) by the
// path to each figure in the document: "training.flops", "rows.3.wall_days", with an array
// element named by its "id" or "name" when it has one.
struct PyResult {
  std::string command;
  std::shared_ptr<const Json> doc;
  std::vector<std::pair<std::string, const Json*>> figures;

  const Json* Find(std::string_view name) const {
    for (const auto& [n, j] : figures) {
      if (n == name) return j;
    }
    return nullptr;
  }
};

void Walk(const Json& j, const std::string& path,
          std::vector<std::pair<std::string, const Json*>>& out) {
  if (IsFigureShape(j)) {
    out.emplace_back(path, &j);
    return;
  }
  const auto join = [&](const std::string& key) { return path.empty() ? key : path + "." + key; };
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) Walk(v, join(k), out);
  } else if (j.is_array()) {
    const auto id_of = [&](size_t i) -> std::string {
      for (const char* id : {"id", "name"}) {
        if (j[i].is_object() && j[i].contains(id) && j[i][id].is_string() &&
            !j[i][id].get<std::string>().empty())
          return j[i][id].get<std::string>();
      }
      return "";
    };
    std::map<std::string, int> count, seen;
    for (size_t i = 0; i < j.size(); ++i) ++count[id_of(i)];
    for (size_t i = 0; i < j.size(); ++i) {
      std::string key = id_of(i);
      // An id shared by several elements (a GPU's bottom-up and published embodied footprints)
      // names each by its place among them, "h100-sxm.0", "h100-sxm.1": one name for all made
      // all but the first unreachable (found by an adversarial tester).
      if (key.empty()) {
        key = std::to_string(i);
      } else if (count[key] > 1) {
        key += "." + std::to_string(seen[key]++);
      }
      Walk(j[i], join(key), out);
    }
  }
}

PyResult BuildResult(std::string command, Json doc) {
  PyResult r;
  r.command = std::move(command);
  r.doc = std::make_shared<const Json>(std::move(doc));
  const Json& d = *r.doc;
  auto results = d.find("results");
  if (results != d.end() && results->is_object()) {
    for (const auto& [k, v] : results->items()) {
      if (IsFigureShape(v)) r.figures.emplace_back(k, &v);
    }
  } else {
    Walk(d, "", r.figures);
  }
  return r;
}

PyFigure FigureAt(const PyResult&, const std::string& name, const Json& j) {
  return PyFigure{name, LabelOf(j), FigureOfShape(j)};
}

const Json& Get(const PyResult& r, const std::string& name) {
  const Json* j = r.Find(name);
  if (j == nullptr) {
    std::string known;
    for (size_t i = 0; i < r.figures.size() && i < 12; ++i) {
      known += (i ? ", " : "") + r.figures[i].first;
    }
    if (r.figures.size() > 12) known += fmt::format(", ... ({} in all)", r.figures.size());
    throw py::key_error(fmt::format("no figure '{}' in this {} result; figures: {}", name,
                                    r.command, known.empty() ? "none" : known));
  }
  return *j;
}

void FigureRow(TextTable& t, const std::string& indent, const std::string& name, const Json& j,
               const std::string& suffix = "") {
  const std::string label = LabelOf(j);
  t.rows.push_back(
      {indent + (label.empty() ? name : label) + suffix, FormatFigure(FigureOfShape(j))});
}

// The figures of `d`'s sections, titled: {"sections": [{"title", "names": [NAME ...]}]} over
// d["results"] (fleet, infer, each scenario of a report), or {"sections": [{"title", "rows":
// {NAME: figure}}]} (a report's extra sections).
void SectionRows(const Json& d, TextTable& t, const std::string& indent) {
  auto sections = d.find("sections");
  if (sections == d.end() || !sections->is_array()) return;
  const Json* results = d.contains("results") && d["results"].is_object() ? &d["results"] : nullptr;
  for (const Json& s : *sections) {
    if (!s.is_object()) continue;
    const size_t title = t.rows.size();
    t.rows.push_back({indent + s.value("title", s.value("id", std::string()))});
    if (auto names = s.find("names"); names != s.end() && names->is_array() && results) {
      for (const Json& n : *names) {
        if (!n.is_string()) continue;
        auto it = results->find(n.get<std::string>());
        if (it != results->end() && IsFigureShape(*it)) FigureRow(t, indent + "  ", it.key(), *it);
      }
    }
    if (auto rows = s.find("rows"); rows != s.end() && rows->is_object()) {
      for (const auto& [name, j] : rows->items()) {
        if (IsFigureShape(j)) FigureRow(t, indent + "  ", name, j);
      }
    }
    if (t.rows.size() == title + 1) t.rows.pop_back();  // a section without figures
  }
}

// People's view: the document's sections (fleet, infer) or every figure, one per line, through
// the project's one number formatter.
std::string Text(const PyResult& r) {
  const Json& d = *r.doc;
  std::string out = "gpufleet " + r.command;
  if (auto in = d.find("inputs"); in != d.end() && in->is_object()) {
    std::string ids;
    for (const char* id : {"model", "gpu", "system", "site"}) {
      auto it = in->find(id);
      if (it != in->end() && it->is_string() && !it->get<std::string>().empty()) {
        ids += (ids.empty() ? "" : ", ") + std::string(id) + " " + it->get<std::string>();
      }
    }
    if (auto count = in->find("count"); count != in->end() && IsFigureShape(*count)) {
      ids +=
          (ids.empty() ? "" : ", ") + std::string("count ") + FormatFigure(FigureOfShape(*count));
    }
    if (!ids.empty()) out += " (" + ids + ")";
  }
  out += "\n";
  TextTable t;
  const size_t before = t.rows.size();
  SectionRows(d, t, "");
  if (auto scenarios = d.find("scenarios"); scenarios != d.end() && scenarios->is_array()) {
    for (const Json& s : *scenarios) {
      if (!s.is_object()) continue;
      t.rows.push_back({"== " + s.value("name", std::string())});
      SectionRows(s, t, "  ");
    }
  }
  if (t.rows.size() == before) {
    for (const auto& [name, j] : r.figures) {
      // A figure the document marks a lower bound (its sibling NAME_is_lower_bound: a train
      // run stopped at the wall-time cap) says so, as the CLI does: "simulation.energy_mwh 2.82
      // GWh" read as the run's energy (found by an adversarial tester).
      const Json* parent = &d;
      std::string_view rest = name;
      for (size_t dot; parent && (dot = rest.find('.')) != std::string_view::npos;) {
        auto it =
            parent->is_object() ? parent->find(std::string(rest.substr(0, dot))) : parent->end();
        parent = it != parent->end() ? &*it : nullptr;
        rest.remove_prefix(dot + 1);
      }
      bool lower = false;
      if (parent && parent->is_object()) {
        const auto flag = parent->find(std::string(rest) + "_is_lower_bound");
        lower = flag != parent->end() && flag->is_boolean() && flag->get<bool>();
      }
      // or the figure itself (a fleet figure's "is_lower_bound").
      if (const auto own = j->find("is_lower_bound");
          j->is_object() && own != j->end() && own->is_boolean() && own->get<bool>()) {
        lower = true;
      }
      FigureRow(t, "  ", name, *j, lower ? " (at least)" : "");
    }
  }
  return out + t.Text();
}

py::object MakePandas(const PyResult& r) {
  py::module_ pd;
  try {
    pd = py::module_::import("pandas");
  } catch (py::error_already_set& e) {
    if (!e.matches(PyExc_ImportError)) throw;
    throw py::import_error(
        "Result.to_pandas() needs pandas, which is not installed: on Debian `apt install "
        "python3-pandas` (or `pip install pandas` where the package index is reachable); "
        "Result.to_dict() needs nothing");
  }
  py::list names, labels, values, lows, highs, units, whys;
  for (const auto& [name, j] : r.figures) {
    const PyFigure f = FigureAt(r, name, *j);
    names.append(name);
    labels.append(f.label);
    values.append(Opt(f, &Interval::value));
    lows.append(Opt(f, &Interval::low));
    highs.append(Opt(f, &Interval::high));
    units.append(f.fig.unit());
    whys.append(f.fig.present() ? py::none() : py::object(py::str(f.fig.why())));
  }
  py::dict columns;
  columns["label"] = labels;
  columns["value"] = values;
  columns["low"] = lows;
  columns["high"] = highs;
  columns["unit"] = units;
  columns["why"] = whys;
  py::object df = pd.attr("DataFrame")(
      columns, py::arg("index") = pd.attr("Index")(names, py::arg("name") = "name"));
  // None in a float column becomes NaN; keep the numbers as floats.
  for (const char* c : {"value", "low", "high"}) df[c] = df[c].attr("astype")("float64");
  return df;
}

}  // namespace

std::string TypeName(py::handle v) {
  return py::str(py::type::of(v).attr("__name__")).cast<std::string>();
}

std::string StrArg(const std::string& field, py::handle v) {
  if (!py::isinstance<py::str>(v)) {
    throw InputError(Where{"", 0, field}, fmt::format("must be a str, got {}", TypeName(v)));
  }
  return Utf8(field, v);
}

// Every number argument checked here, so that a wrong type is an InputError naming it, as
// python.md promises: Figure('5') and Figure(10**400) were pybind11's TypeError, Figure(True)
// was 1, numpy.int64 was refused where numpy.float64 was taken (found by adversarial testers).
double NumberArg(const std::string& field, py::handle v) {
  const std::string type = TypeName(v);
  const bool boolean = py::isinstance<py::bool_>(v) || type.find("bool") != std::string::npos;
  const bool numeric = py::isinstance<py::float_>(v) || py::isinstance<py::int_>(v) ||
                       py::hasattr(v, "__index__") || py::hasattr(v, "__float__");
  // A Figure has __float__ too, but its range would be lost: refused.
  if (boolean || !numeric || py::isinstance<py::str>(v) || py::isinstance<py::bytes>(v) ||
      py::isinstance<PyFigure>(v)) {
    throw InputError(Where{"", 0, field},
                     fmt::format("must be a number (int, float, or a type with __index__ or "
                                 "__float__ such as numpy's), got {}",
                                 type));
  }
  const double x = [&] {
    if (py::isinstance<py::float_>(v) || py::isinstance<py::int_>(v) ||
        !py::hasattr(v, "__index__")) {
      return PyFloat_AsDouble(v.ptr());
    }
    // An integer type: through int(), exactly as a Python int.
    PyObject* i = PyNumber_Index(v.ptr());
    if (!i) return -1.0;
    const double d = PyLong_AsDouble(i);
    Py_DECREF(i);
    return d;
  }();
  if (x == -1.0 && PyErr_Occurred()) {
    // An int too large for a double, or a __float__ that failed.
    const bool overflow = PyErr_ExceptionMatches(PyExc_OverflowError);
    PyErr_Clear();
    std::string shown = py::repr(v).cast<std::string>();
    if (shown.size() > 40) shown = shown.substr(0, 40) + "...";
    throw InputError(Where{"", 0, field},
                     overflow ? fmt::format("{} is too large for a number", shown)
                              : fmt::format("{} ({}) is not a number", shown, type));
  }
  return x;
}

py::object ToPython(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return py::none();
    case Json::value_t::boolean:
      return py::bool_(j.get<bool>());
    case Json::value_t::number_integer:
      return py::int_(j.get<int64_t>());
    case Json::value_t::number_unsigned:
      return py::int_(j.get<uint64_t>());
    case Json::value_t::number_float: {
      // As the JSON documents write them (the CLI, the API, to_json): a non-finite number is
      // null. to_dict() put NaN and inf where they write null (found by an adversarial tester).
      const double v = j.get<double>();
      return std::isfinite(v) ? py::object(py::float_(v)) : py::object(py::none());
    }
    case Json::value_t::string:
      return py::str(j.get_ref<const std::string&>());
    case Json::value_t::array: {
      py::list out;
      for (const Json& e : j) out.append(ToPython(e));
      return out;
    }
    case Json::value_t::object: {
      py::dict out;
      for (const auto& [k, v] : j.items()) out[py::str(k)] = ToPython(v);
      return out;
    }
    default:
      return py::none();
  }
}

py::object MakeFigure(const Figure& f, std::string name, std::string label) {
  return py::cast(PyFigure{std::move(name), std::move(label), f});
}

py::object FigureFromJsonShape(const Json& j, std::string name) {
  if (!IsFigureShape(j)) throw std::invalid_argument("not a figure: " + j.dump());
  return py::cast(PyFigure{std::move(name), LabelOf(j), FigureOfShape(j)});
}

namespace {
// Seconds in one `unit` of time ("s", "min", "h", "d", "w": the one duration grammar); 0 when it
// is not one.
double SecondsPer(std::string_view unit) {
  if (unit.empty()) return 0;
  try {
    return ParseDuration("1" + std::string(unit)).si();
  } catch (const InputError&) {
    return 0;
  }
}
}  // namespace

std::optional<std::string> FigureAsInputText(py::handle v, const std::string& field,
                                             std::string_view input_unit) {
  if (!py::isinstance<PyFigure>(v)) return std::nullopt;
  const PyFigure& f = v.cast<const PyFigure&>();
  if (!f.fig.present()) {
    throw InputError(Where{"", 0, field}, "the figure given is n/a: " + f.fig.why());
  }
  Interval x = f.fig.range();
  // A time in another unit is converted (Figure(3600, unit='s') for hours was read as 3,600 h;
  // found by an adversarial tester); other units are the input's own.
  const double from = SecondsPer(f.fig.unit()), to = SecondsPer(input_unit);
  if (from > 0 && to > 0 && from != to) x = x * (from / to);
  // A point is its value alone: inputs that take no range refused "16384..16384..16384".
  if (x.low == x.value && x.value == x.high) return fmt::format("{}", x.value);
  return fmt::format("{}..{}..{}", x.low, x.value, x.high);
}

py::object MakeResult(std::string command, Json doc) {
  return py::cast(BuildResult(std::move(command), std::move(doc)));
}

void BindFigure(py::module_& m) {
  g_input_error = PyErr_NewExceptionWithDoc(
      "gpufleet.InputError",
      "Bad input: a keyword argument, a value or a file. Attributes: field (the keyword "
      "argument or file key, or None), file and line (when the input came from a file, else "
      "None), column, detail (the message without its location). A ValueError.",
      PyExc_ValueError, nullptr);
  if (g_input_error == nullptr) throw py::error_already_set();
  m.attr("InputError") = py::handle(g_input_error);  // the module keeps the reference
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      SetInputError(e);
    }
  });

  py::class_<PyFigure> figure(m, "Figure",
                              R"doc(A result figure: a value with a low..high range and a unit,
or absent ("n/a") with the reason in `why`. Absent is never 0: float() of an absent figure raises
ValueError. str() is the figure for people ("4.22 TWh (3.94-4.61)"); format specs apply to the
value (f"{fig:.3g}"). == with a number compares the value, with a Figure every part; <, <=,
>, >= compare values; arithmetic raises TypeError (it would drop the range: use .value).)doc");
  figure
      .def(py::init([](py::object value_arg, py::object low_arg, py::object high_arg,
                       py::object unit_arg, py::object why_arg, py::object name_arg) {
             // Every argument checked here, so that a wrong type is an InputError naming it, as
             // python.md promises: Figure('5') and Figure(10**400) were pybind11's TypeError,
             // Figure(True) was 1 (found by an adversarial tester).
             const auto number = [](const char* field,
                                    const py::object& v) -> std::optional<double> {
               if (v.is_none()) return std::nullopt;
               return NumberArg(field, v);
             };
             const auto text = [](const char* field, const py::object& v) {
               return StrArg(field, v);
             };
             const std::optional<double> value = number("value", value_arg);
             const std::optional<double> low = number("low", low_arg);
             const std::optional<double> high = number("high", high_arg);
             std::string unit = text("unit", unit_arg);
             std::optional<std::string> why;
             if (!why_arg.is_none()) why = text("why", why_arg);
             std::string name = text("name", name_arg);
             // The value is a number; the range's ends may be unbounded (-inf, inf), the value
             // not (Figure(inf) was taken where Figure(nan) was refused).
             if (value && std::isinf(*value)) {
               throw InputError(Where{"", 0, "value"},
                                "must be finite, got inf (only low and high may be unbounded)");
             }
             // What one kind of figure cannot hold is refused, not dropped (Figure(1, why="x")
             // lost its why; found by an adversarial tester).
             if (!value) {
               if (!why || why->empty()) {
                 throw InputError(Where{"", 0, "why"}, "an absent figure (value None) needs a why");
               }
               if (low || high) {
                 throw InputError(Where{"", 0, low ? "low" : "high"},
                                  "an absent figure (value None) has no range");
               }
               return PyFigure{std::move(name), "", Figure::Absent(std::move(unit), *why)};
             }
             if (why) {
               throw InputError(Where{"", 0, "why"},
                                "a present figure has no why: give value=None for an absent one");
             }
             const double v = *value;
             for (const auto& [field, x] :
                  {std::pair{"value", value}, {"low", low}, {"high", high}}) {
               if (x && std::isnan(*x))
                 throw InputError(Where{"", 0, field}, "must be a number, got nan");
             }
             Interval x;
             try {
               x = Interval(v, low.value_or(v), high.value_or(v));
             } catch (const std::exception& e) {
               throw InputError(Where{"", 0, "value"}, e.what());
             }
             return PyFigure{std::move(name), "", Figure::Of(x, std::move(unit))};
           }),
           py::arg("value"), py::arg("low") = py::none(), py::arg("high") = py::none(),
           py::arg("unit") = "", py::arg("why") = py::none(), py::arg("name") = "")
      .def_property_readonly(
          "value", [](const PyFigure& f) { return Opt(f, &Interval::value); },
          "The central value in `unit`; None when absent.")
      .def_property_readonly(
          "low", [](const PyFigure& f) { return Opt(f, &Interval::low); },
          "The low end of the range (-inf when unbounded); None when absent.")
      .def_property_readonly(
          "high", [](const PyFigure& f) { return Opt(f, &Interval::high); },
          "The high end of the range (inf when unbounded); None when absent.")
      .def_property_readonly(
          "unit", [](const PyFigure& f) { return f.fig.unit(); },
          "The base unit: 'kWh', 'kg CO2e', 'L', 'USD', 'h', 'fraction' (0..1), '' for a count.")
      .def_property_readonly(
          "why",
          [](const PyFigure& f) -> std::optional<std::string> {
            if (f.fig.present()) return std::nullopt;
            return f.fig.why();
          },
          "Why the figure is absent; None when present.")
      .def_property_readonly(
          "basis", [](const PyFigure& f) { return f.fig.basis(); },
          "The assumption or source behind a present figure (may be empty).")
      .def_property_readonly("present", [](const PyFigure& f) { return f.fig.present(); })
      .def_readonly("name", &PyFigure::name, "Its name in the result ('energy_kwh').")
      .def_readonly("label", &PyFigure::label, "Its words for people.")
      .def("__float__", &AsFloat)
      .def("__str__", [](const PyFigure& f) { return FormatFigure(f.fig); })
      .def("__repr__", &Repr)
      .def("__format__",
           [](const PyFigure& f, const std::string& spec) -> py::object {
             if (spec.empty()) return py::str(FormatFigure(f.fig));
             return py::str("{:" + spec + "}").attr("format")(AsFloat(f));
           })
      // As a number (docs/python.md, "Figure"): == and != against a number compare the value,
      // against a Figure every part (value, low, high, unit; why when absent); <, <=, >, >=
      // compare values; hash is the value's. Figure(5) == 5 was False, < and hash() raised
      // TypeError (found by an adversarial tester).
      .def("__eq__", [](const PyFigure& a, py::handle b) { return Compare(a, b, Py_EQ); })
      .def("__ne__", [](const PyFigure& a, py::handle b) { return Compare(a, b, Py_NE); })
      .def("__lt__", [](const PyFigure& a, py::handle b) { return Compare(a, b, Py_LT); })
      .def("__le__", [](const PyFigure& a, py::handle b) { return Compare(a, b, Py_LE); })
      .def("__gt__", [](const PyFigure& a, py::handle b) { return Compare(a, b, Py_GT); })
      .def("__ge__", [](const PyFigure& a, py::handle b) { return Compare(a, b, Py_GE); })
      .def("__hash__", &Hash)
      // Conversions to a plain number, as float(): int(), round(), math.floor/ceil/trunc.
      .def("__int__", [](const PyFigure& f) { return py::int_(py::float_(AsFloat(f))); })
      .def(
          "__round__",
          [](const PyFigure& f, py::object ndigits) {
            return py::module_::import("builtins").attr("round")(py::float_(AsFloat(f)), ndigits);
          },
          py::arg("ndigits") = py::none())
      .def("__trunc__",
           [](const PyFigure& f) { return py::module_::import("math").attr("trunc")(AsFloat(f)); })
      .def("__floor__",
           [](const PyFigure& f) { return py::module_::import("math").attr("floor")(AsFloat(f)); })
      .def("__ceil__",
           [](const PyFigure& f) { return py::module_::import("math").attr("ceil")(AsFloat(f)); })
      .def("__bool__",
           [](const PyFigure&) -> bool {
             throw py::type_error(
                 "the truth value of a Figure is ambiguous (Figure(0) and an absent one were "
                 "both true): test fig.present, or compare its value (fig != 0, fig.value > 0)");
           })
      .def("to_dict", &FigureDict,
           "{'name', 'label', 'value', 'low', 'high', 'unit', 'why'} (None where absent).");
  // Arithmetic would drop the range (a range cannot be carried through `fig * 2` here): a
  // TypeError that says what to use instead, as for `5 + fig` and `-fig`.
  for (const auto& [method, symbol] : kArithmetic) {
    figure.attr(method) = py::cpp_function(
        [symbol = std::string(symbol)](const PyFigure&, const py::args&) -> py::object {
          throw py::type_error(
              fmt::format("a Figure has no arithmetic ({}): it would drop the range; use "
                          "fig.value or float(fig) for the central value, fig.low and fig.high "
                          "for the ends",
                          symbol));
        },
        py::name(method), py::is_method(figure));
  }

  // json.dumps(obj, default=gpufleet.json_default): a Figure as its to_dict(), a Result as its
  // document; anything else TypeError, as json's default protocol asks.
  m.def(
      "json_default",
      [](py::handle o) -> py::object {
        if (py::isinstance<PyFigure>(o)) return FigureDict(o.cast<const PyFigure&>());
        if (py::isinstance<PyResult>(o)) return ToPython(*o.cast<const PyResult&>().doc);
        throw py::type_error(
            fmt::format("Object of type {} is not JSON serializable", TypeName(o)));
      },
      py::arg("obj"),
      "json_default(obj): for json.dumps(x, default=gpufleet.json_default): a Figure as its "
      "to_dict(), a Result as its to_dict(); TypeError for anything else.");

  py::class_<PyResult>(m, "Result", R"doc(The result document of one call: a mapping from figure
name to Figure. fleet and infer name figures by their result names ('energy_kwh'); other
commands by the path to the figure in the document ('training.flops'). to_dict() is the JSON
document the CLI prints with --format json; to_pandas() one row per figure.)doc")
      .def_readonly("command", &PyResult::command)
      .def("__len__", [](const PyResult& r) { return r.figures.size(); })
      .def("__contains__",
           [](const PyResult& r, const py::object& n) {
             // Any object: a figure's name is a str, so `5 in r` is False (it raised TypeError).
             return py::isinstance<py::str>(n) && r.Find(n.cast<std::string>()) != nullptr;
           })
      .def("__getitem__",
           [](const PyResult& r, const std::string& n) { return FigureAt(r, n, Get(r, n)); })
      .def(
          "__getattr__",
          [](const PyResult& r, const std::string& n) {
            const Json* j = r.Find(n);
            if (j == nullptr) {
              throw py::attribute_error(fmt::format("'Result' has no attribute or figure '{}'", n));
            }
            return FigureAt(r, n, *j);
          })
      .def("keys",
           [](const PyResult& r) {
             py::list out;
             for (const auto& f : r.figures) out.append(f.first);
             return out;
           })
      .def("__iter__",
           [](const PyResult& r) {
             py::list out;
             for (const auto& f : r.figures) out.append(f.first);
             return py::iter(out);
           })
      .def("values",
           [](const PyResult& r) {
             py::list out;
             for (const auto& [n, j] : r.figures) out.append(FigureAt(r, n, *j));
             return out;
           })
      .def("items",
           [](const PyResult& r) {
             py::list out;
             for (const auto& [n, j] : r.figures) out.append(py::make_tuple(n, FigureAt(r, n, *j)));
             return out;
           })
      .def_property_readonly(
          "inputs",
          [](const PyResult& r) -> py::object {
            auto in = r.doc->find("inputs");
            if (in == r.doc->end() || !in->is_object()) return py::dict();
            py::dict out;
            for (const auto& [k, v] : in->items()) {
              out[py::str(k)] = IsFigureShape(v) ? py::cast(FigureAt(r, k, v)) : ToPython(v);
            }
            return out;
          },
          "The inputs as understood (fleet, infer): Figures for numbers, str for catalog ids.")
      .def(
          "to_dict", [](const PyResult& r) { return ToPython(*r.doc); },
          "The result document as plain Python objects (the CLI's --format json).")
      .def(
          "to_json",
          [](const PyResult& r, int indent) {
            // nlohmann grows its indent buffer once: a larger indent read past it (1,500 gave
            // invalid UTF-8, 65,536 a segfault; found by an adversarial tester).
            if (indent < -1 || indent > 64) {
              throw InputError(Where{"", 0, "indent"},
                               fmt::format("must be -1 (one line) to 64, got {}", indent));
            }
            return r.doc->dump(indent, ' ', false, Json::error_handler_t::replace);
          },
          py::arg("indent") = 2,
          "The result document as JSON text (the CLI's --format json); indent -1..64 (-1: one "
          "line).")
      .def("to_pandas", &MakePandas,
           "A pandas.DataFrame, one row per figure (index: name; label, value, low, high, unit, "
           "why). Raises ImportError when pandas is not installed.")
      .def("__str__", &Text)
      .def("__repr__", [](const PyResult& r) {
        std::string names;
        for (size_t i = 0; i < r.figures.size() && i < 4; ++i) {
          names += (i ? ", " : "") + r.figures[i].first;
        }
        if (r.figures.size() > 4) names += ", ...";
        return fmt::format("<gpufleet.Result {}: {} figures ({})>", r.command, r.figures.size(),
                           names);
      });
}

}  // namespace gpufleet::python
