#include "gpufleet/failure_model.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

#include "gpufleet/assets.h"
#include "gpufleet/error.h"
#include "util/atomic_file.h"
#include "util/toml_util.h"

namespace gpufleet {
namespace {

struct Ctx {
  const std::string& file;
  std::string prefix;  // "failure_model[0]."
};

int LineOf(const toml::node* n) { return n ? static_cast<int>(n->source().begin.line) : 0; }

[[noreturn]] void Fail(const Ctx& c, const toml::node* n, std::string_view key, std::string msg) {
  throw InputError(Where{c.file, LineOf(n), c.prefix + std::string(key)}, msg);
}

std::string Str(const Ctx& c, const toml::table& t, std::string_view key, bool required) {
  const toml::node* n = t.get(key);
  if (!n) {
    if (required) Fail(c, &t, key, "missing");
    return {};
  }
  if (!n->is_string()) Fail(c, n, key, "must be a string");
  return std::string(*n->value<std::string>());
}

double Num(const Ctx& c, const toml::table& t, std::string_view key, double fallback,
           bool required = false) {
  const toml::node* n = t.get(key);
  if (!n) {
    if (required) Fail(c, &t, key, "missing");
    return fallback;
  }
  std::optional<double> v = NumberValue(*n);
  if (!v || !std::isfinite(*v)) Fail(c, n, key, "must be a finite number");
  if (*v < 0) Fail(c, n, key, fmt::format("must be >= 0, got {}", *v));
  if (*v > 1e12) Fail(c, n, key, fmt::format("absurd magnitude {}", *v));
  return *v;
}

void Provenance(const Ctx& c, const toml::table& t, std::string& source, int& year,
                std::string& confidence) {
  source = Str(c, t, "source", true);
  year = static_cast<int>(Num(c, t, "year", 0, true));
  if (year < 1950 || year > 2100) Fail(c, t.get("year"), "year", "must be a year");
  confidence = Str(c, t, "confidence", true);
  if (confidence != "verified" && confidence != "secondary" && confidence != "unverified") {
    Fail(c, t.get("confidence"), "confidence", "must be verified, secondary or unverified");
  }
}

FailureScale ParseScale(const Ctx& c, const toml::table& t) {
  const std::string s = Str(c, t, "scale", true);
  if (s == "gpu") return FailureScale::kGpu;
  if (s == "node") return FailureScale::kNode;
  if (s == "rack" || s == "switch") return FailureScale::kRack;
  if (s == "job") return FailureScale::kJob;
  Fail(c, t.get("scale"), "scale", fmt::format("unknown scale '{}': gpu, node, rack or job", s));
}

// Units of `scale` in a job of `gpus` GPUs.
double Units(const FailureModel& m, FailureScale s, double gpus) {
  switch (s) {
    case FailureScale::kGpu:
      return gpus;
    case FailureScale::kNode:
      return gpus / m.gpus_per_node;
    case FailureScale::kRack:
      return gpus / m.gpus_per_rack;
    case FailureScale::kJob:
      return 1;
  }
  return 0;
}

// Rate per unit-hour from `count` (over the calibration window) or `rate_per_hour`.
double Rate(const Ctx& c, const toml::table& t, const FailureModel& m, FailureScale s,
            double& count) {
  const bool has_count = t.contains("count"), has_rate = t.contains("rate_per_hour");
  if (has_count == has_rate) Fail(c, &t, "count", "give exactly one of count and rate_per_hour");
  if (has_rate) return Num(c, t, "rate_per_hour", 0);
  count = Num(c, t, "count", 0);
  if (m.calibration_gpus <= 0 || m.calibration_hours <= 0) {
    Fail(c, t.get("count"), "count", "a count needs calibration_gpus and calibration_hours");
  }
  return count / (Units(m, s, m.calibration_gpus) * m.calibration_hours);
}

FailureClass ParseClass(const Ctx& c, const toml::table& t, const FailureModel& m) {
  FailureClass fc;
  fc.name = Str(c, t, "name", true);
  fc.category = Str(c, t, "category", true);
  fc.scale = ParseScale(c, t);
  fc.rate_per_unit_hour = Rate(c, t, m, fc.scale, fc.count);
  fc.restart = Num(c, t, "restart_s", m.restart_s.value) * units::s;
  const toml::node* rm = t.get("removes_node");
  if (rm && !rm->is_boolean()) Fail(c, rm, "removes_node", "must be true or false");
  fc.removes_node = rm ? *rm->value<bool>() : false;
  Provenance(c, t, fc.source, fc.year, fc.confidence);
  return fc;
}

void ParseRestart(const Ctx& c, const toml::table& t, FailureModel& m) {
  const toml::node* n = t.get("restart_s");
  if (!n) return;
  if (const toml::table* rt = n->as_table()) {
    Ctx sub{c.file, c.prefix + "restart_s."};
    const double v = Num(sub, *rt, "value", -1), lo = Num(sub, *rt, "low", -1),
                 hi = Num(sub, *rt, "high", -1);
    if (lo >= 0 && hi >= 0) {
      if (lo > hi) Fail(sub, rt, "low", "low > high");
      m.restart_s = v >= 0 ? Interval(v, lo, hi) : Interval::Between(lo, hi);
      if (!(lo <= m.restart_s.value && m.restart_s.value <= hi))
        Fail(sub, rt, "value", "outside low..high");
    } else if (v >= 0) {
      m.restart_s = v;
    } else {
      Fail(sub, rt, "value", "missing");
    }
    int year = 0;
    std::string conf;
    Provenance(sub, *rt, m.restart_source, year, conf);
  } else {
    m.restart_s = Num(c, t, "restart_s", 300);
  }
}

void ParsePlanned(const Ctx& c, const toml::table& t, FailureModel& m) {
  const toml::table* p = t.get_as<toml::table>("planned");
  if (!p) return;
  Ctx sub{c.file, c.prefix + "planned."};
  double count = 0;
  m.planned_per_job_hour = Rate(sub, *p, m, FailureScale::kJob, count);
  m.planned_downtime = Num(sub, *p, "downtime_s", m.restart_s.value) * units::s;
  int year = 0;
  std::string conf;
  Provenance(sub, *p, m.planned_source, year, conf);
}

FailureModel ParseModel(const Ctx& c, const toml::table& t) {
  FailureModel m;
  m.id = Str(c, t, "id", true);
  m.name = Str(c, t, "name", false);
  m.origin = fmt::format("{}:{}", c.file, LineOf(&t));
  m.calibration_gpus = Num(c, t, "calibration_gpus", 0);
  m.calibration_hours = Num(c, t, "calibration_hours", 0);
  m.gpus_per_node = static_cast<int>(Num(c, t, "gpus_per_node", 8));
  m.gpus_per_rack = static_cast<int>(Num(c, t, "gpus_per_rack", 16));
  if (m.gpus_per_node < 1) Fail(c, t.get("gpus_per_node"), "gpus_per_node", "must be >= 1");
  if (m.gpus_per_rack < 1) Fail(c, t.get("gpus_per_rack"), "gpus_per_rack", "must be >= 1");
  Provenance(c, t, m.source, m.year, m.confidence);
  ParseRestart(c, t, m);
  ParsePlanned(c, t, m);
  const toml::array* classes = t.get_as<toml::array>("class");
  if (!classes || classes->empty())
    Fail(c, &t, "class", "a failure model needs [[failure_model.class]] entries");
  if (classes->size() > kMaxFailureClasses)
    Fail(c, &t, "class", fmt::format("at most {} classes", kMaxFailureClasses));
  for (size_t i = 0; i < classes->size(); ++i) {
    const toml::table* ct = (*classes)[i].as_table();
    Ctx sub{c.file, fmt::format("{}class[{}].", c.prefix, i)};
    if (!ct) Fail(sub, &(*classes)[i], "", "must be a table");
    m.classes.push_back(ParseClass(sub, *ct, m));
  }
  return m;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return s;
}

}  // namespace

std::string_view ToString(FailureScale s) {
  switch (s) {
    case FailureScale::kGpu:
      return "gpu";
    case FailureScale::kNode:
      return "node";
    case FailureScale::kRack:
      return "rack";
    case FailureScale::kJob:
      return "job";
  }
  return "?";
}

std::vector<double> FailureModel::RatesPerHour(double gpus) const {
  std::vector<double> out;
  for (const FailureClass& c : classes)
    out.push_back(c.rate_per_unit_hour * Units(*this, c.scale, gpus));
  return out;
}

double FailureModel::TotalRatePerHour(double gpus) const {
  double sum = 0;
  for (double r : RatesPerHour(gpus)) sum += r;
  return sum;
}

std::vector<FailureModel> ParseFailureModels(std::string_view text, const std::string& file) {
  const toml::table root = ParseTomlFile(text, file);
  const toml::array* models = root.get_as<toml::array>("failure_model");
  if (!models || models->empty())
    throw InputError(Where{file, 0, "failure_model"}, "no [[failure_model]] table");
  std::vector<FailureModel> out;
  std::set<std::string> ids;
  for (size_t i = 0; i < models->size(); ++i) {
    Ctx c{file, fmt::format("failure_model[{}].", i)};
    const toml::table* t = (*models)[i].as_table();
    if (!t) Fail(c, &(*models)[i], "", "must be a table");
    out.push_back(ParseModel(c, *t));
    if (!ids.insert(Lower(out.back().id)).second)
      Fail(c, t, "id", "duplicate id '" + out.back().id + "'");
  }
  return out;
}

const std::vector<FailureModel>& EmbeddedFailureModels() {
  static const std::vector<FailureModel> models = [] {
    const std::string path = "data/failure_models.toml";
    auto text = assets::Find(path);
    if (!text) throw InputError(Where{path, 0, ""}, "not embedded in this build");
    return ParseFailureModels(*text, path);
  }();
  return models;
}

FailureModel LoadFailureModel(const std::string& name_or_file) {
  for (const FailureModel& m : EmbeddedFailureModels()) {
    if (Lower(m.id) == Lower(name_or_file)) return m;
  }
  if (name_or_file.ends_with(".toml") || name_or_file.find('/') != std::string::npos) {
    return ParseFailureModels(ReadFile(name_or_file), name_or_file).front();
  }
  std::string known;
  for (const FailureModel& m : EmbeddedFailureModels()) known += (known.empty() ? "" : ", ") + m.id;
  throw InputError(
      Where{"", 0, "--failure-model"},
      fmt::format("unknown failure model '{}'; known: {} (or a .toml file)", name_or_file, known));
}

}  // namespace gpufleet
