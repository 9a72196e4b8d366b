// The fleet report's JSON written straight to text, key order and values as json.cc's DOM.
#include "report/fleet_json.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>
#include <string>

namespace gpufleet::report {
namespace {

// A figure's own member: a string, or JSON text (a number, null). `quoted` is the key as JSON
// with its colon, written as is.
struct Own {
  std::string_view key;
  std::string_view quoted;
  enum { kText, kJson } kind;
  std::string_view text;
};

// The same double to the bit (so 0.0 and -0.0 differ).
bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void WriteExtra(JsonWriter& w, const JsonField& e) {
  w.Key(e.key);
  if (e.is_int) {
    w.Int(e.integer);
  } else {
    w.String(e.text);
  }
}

void WriteOwn(JsonWriter& w, const Own& o) {
  w.QuotedKey(o.quoted);
  if (o.kind == Own::kText) {
    w.String(o.text);
  } else {
    w.Raw(o.text);
  }
}

// What writing "inputs" does with each of its keys.
enum class KeyKind {
  kId,                 // "gpu", "site", "system": the id as a string
  kSystemPricePerGpu,  // left out when the inputs have no system price per GPU
  kBoardLength,        // left out when the inputs have no board length
  kFigure,             // a figure with its source
};

struct InputKey {
  std::string name;
  KeyKind kind;
};

// InputNames() with "gpu", "site" and "system", in std::map order: the keys of "inputs".
const std::vector<InputKey>& SortedInputKeys() {
  static const std::vector<InputKey> keys = [] {
    std::vector<std::string> names = InputNames();
    names.insert(names.end(), {"gpu", "site", "system"});
    std::sort(names.begin(), names.end());
    std::vector<InputKey> k;
    for (std::string& n : names) {
      const KeyKind kind = n == "gpu" || n == "site" || n == "system" ? KeyKind::kId
                           : n == "system_price_per_gpu_usd"          ? KeyKind::kSystemPricePerGpu
                           : n == "board_length_mm"                   ? KeyKind::kBoardLength
                                                                      : KeyKind::kFigure;
      k.push_back({std::move(n), kind});
    }
    return k;
  }();
  return keys;
}

}  // namespace

void WriteFigure(JsonWriter& w, const Figure& f, bool with_basis,
                 std::span<const JsonField> extra) {
  // The figure's own members in key order (figure.cc's ToJson).
  std::array<Own, 5> own;
  size_t n = 0;
  JsonNumberBuffer value_buf, low_buf, high_buf;
  if (f.present()) {
    // Non-finite bounds are null, as ToJson(Figure) writes them. A point's bounds are its value:
    // printed once.
    const Interval& x = f.range();
    const std::string_view value = JsonNumberText(x.value, value_buf);
    const std::string_view low = SameBits(x.low, x.value) ? value : JsonNumberText(x.low, low_buf);
    const std::string_view high =
        SameBits(x.high, x.value) ? value : JsonNumberText(x.high, high_buf);
    if (with_basis && !f.basis().empty()) own[n++] = {"basis", "\"basis\":", Own::kText, f.basis()};
    own[n++] = {"high", "\"high\":", Own::kJson, high};
    own[n++] = {"low", "\"low\":", Own::kJson, low};
    own[n++] = {"unit", "\"unit\":", Own::kText, f.unit()};
    own[n++] = {"value", "\"value\":", Own::kJson, value};
  } else {
    own[n++] = {"unit", "\"unit\":", Own::kText, f.unit()};
    own[n++] = {"value", "\"value\":", Own::kJson, "null"};
    own[n++] = {"why", "\"why\":", Own::kText, f.why()};
  }
  w.BeginObject();
  size_t i = 0;
  size_t j = 0;
  while (i < n || j < extra.size()) {
    if (j == extra.size() || (i < n && own[i].key < extra[j].key)) {
      WriteOwn(w, own[i++]);
    } else {
      if (i < n && own[i].key == extra[j].key) ++i;  // replaced by the extra member
      WriteExtra(w, extra[j++]);
    }
  }
  w.EndObject();
}

Figure FleetInputFigure(const FleetInputs& in, const std::string& name) {
  if (name != "pue" && SiteFactorUnknown(in, name))
    return Figure::Absent(InputUnit(name), "no site given");
  return Figure::Of(GetInput(in, name), InputUnit(name));
}

namespace {

// Whether `in` leaves the input of `kind` out of "inputs".
bool Skipped(const FleetInputs& in, KeyKind kind) {
  return (kind == KeyKind::kSystemPricePerGpu && !in.system_price_per_gpu) ||
         (kind == KeyKind::kBoardLength && !in.board_length);
}

// One input's figure object with its source.
void WriteInputValue(JsonWriter& w, const FleetInputs& in, const std::string& name) {
  const std::string* given = in.sources.Find(name);
  const std::string_view source = given != nullptr ? std::string_view(*given)
                                  : name == "gpu_power_w" && !in.gpu_avg_power
                                      ? "derived: idle + load x (TDP - idle)"
                                      : "";
  const JsonField extra[] = {{"source", source}};
  WriteFigure(w, FleetInputFigure(in, name), false, extra);
}

// Whether input `name` of `in` writes what `m` holds (written from `base`): the same value to
// the bit, the same source text (so the same absence for a site factor) and the same
// derived-power rule.
bool SameInput(const FleetInputs& in, const FleetInputs& base, const std::string& name,
               const FleetInputsText::Member& m) {
  const Interval a = GetInput(in, name);
  const Interval& b = m.base_value;
  if (!SameBits(a.value, b.value) || !SameBits(a.low, b.low) || !SameBits(a.high, b.high))
    return false;
  if (in.gpu_avg_power.has_value() != base.gpu_avg_power.has_value()) return false;
  return in.sources.SameSource(base.sources, name);
}

// Both WriteFleetInputs: each input written, or taken from `text` when it is the catalog's.
void WriteInputs(JsonWriter& w, const FleetInputs& in, const FleetInputsText* text) {
  w.BeginObject();
  const std::vector<InputKey>& keys = SortedInputKeys();
  for (size_t k = 0; k < keys.size(); ++k) {
    const std::string& name = keys[k].name;
    if (keys[k].kind == KeyKind::kId) {
      w.Member(name, name == "gpu" ? in.gpu_id : name == "site" ? in.site_id : in.system_id);
      continue;
    }
    if (Skipped(in, keys[k].kind)) continue;
    if (text == nullptr) {
      w.Key(name);
      WriteInputValue(w, in, name);
      continue;
    }
    const FleetInputsText::Member& m = text->members[k];
    w.QuotedKey(m.key);
    if (!m.value.empty() && SameInput(in, text->base, name, m)) {
      w.Raw(m.value);
    } else {
      WriteInputValue(w, in, name);
    }
  }
  w.EndObject();
}

}  // namespace

void WriteFleetInputs(JsonWriter& w, const FleetInputs& in) { WriteInputs(w, in, nullptr); }

FleetInputsText MakeFleetInputsText(FleetInputs base) {
  FleetInputsText t;
  t.base = std::move(base);
  for (const InputKey& key : SortedInputKeys()) {
    const std::string& name = key.name;
    FleetInputsText::Member m;
    AppendJsonString(m.key, name);
    m.key += ':';
    if (key.kind != KeyKind::kId && !Skipped(t.base, key.kind)) {
      JsonWriter v(m.value);
      WriteInputValue(v, t.base, name);
      m.base_value = GetInput(t.base, name);
    }
    t.members.push_back(std::move(m));
  }
  return t;
}

void WriteFleetInputs(JsonWriter& w, const FleetInputs& in, const FleetInputsText& text) {
  WriteInputs(w, in, &text);
}

void WriteResults(JsonWriter& w, std::vector<const NamedResult*> results) {
  // By name; of rows with the same name the last one, as assigning them in turn to a map keeps.
  // The first letters decide most comparisons: compared inline before the whole names.
  std::stable_sort(results.begin(), results.end(), [](const NamedResult* a, const NamedResult* b) {
    const std::string& x = a->name;
    const std::string& y = b->name;
    if (!x.empty() && !y.empty() && x[0] != y[0]) {
      return static_cast<unsigned char>(x[0]) < static_cast<unsigned char>(y[0]);
    }
    return x < y;
  });
  w.BeginObject();
  for (size_t k = 0; k < results.size(); ++k) {
    const NamedResult& r = *results[k];
    if (k + 1 < results.size() && results[k + 1]->name == r.name) continue;
    const JsonField extra[] = {{"label", r.description}};
    w.Key(r.name);
    WriteFigure(w, r.figure, /*with_basis=*/true, extra);
  }
  w.EndObject();
}

void WriteGrouping(JsonWriter& w, const std::vector<Section>& sections) {
  w.BeginArray();
  for (const Section& s : sections) {
    w.BeginObject();
    w.Member("id", s.id);
    w.Key("names");
    w.BeginArray();
    for (const NamedResult& r : s.rows) w.String(r.name);
    w.EndArray();
    w.Member("title", s.title);
    w.EndObject();
  }
  w.EndArray();
}

void WriteComparisons(JsonWriter& w, const std::vector<Comparison>& comparisons) {
  w.BeginArray();
  for (const Comparison& c : comparisons) {
    w.BeginObject();
    w.Key("ratio");
    WriteFigure(w, Figure::Of(c.ratio, ""));
    w.Member("reference", c.reference);
    w.Member("text", c.text);
    w.Member("what", c.what);
    w.EndObject();
  }
  w.EndArray();
}

void WriteNotes(JsonWriter& w, const std::vector<std::string>& notes) {
  if (notes.empty()) return;
  w.Key("notes");
  w.BeginArray();
  for (const std::string& n : notes) w.String(n);
  w.EndArray();
}

void WriteFleetJson(JsonWriter& w, const FleetReport& f) {
  w.BeginObject();
  w.Key("comparisons");
  WriteComparisons(w, f.comparisons);
  w.Key("inputs");
  WriteFleetInputs(w, f.inputs);
  WriteNotes(w, f.notes);
  w.Key("results");
  WriteResults(w, FleetRows(f));
  w.Key("sections");
  WriteGrouping(w, f.sections);
  w.EndObject();
}

}  // namespace gpufleet::report
