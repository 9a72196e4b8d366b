// The fleet report's JSON written straight to text (JsonWriter, util/json_writer.h), for the API's
// /api/fleet, which answers thousands of requests a second. Each function writes the same value
// as its nlohmann::json counterpart (report::ToJson(FleetReport), gpufleet::ToJson(Figure),
// json.cc, figure.cc), with object keys in the sorted order nlohmann's std::map gives them, so that
// the text equals that counterpart's dump() (numbers: see json_writer.h).
// src/serve/fleet_answer_test.cc checks the equality on every catalog GPU.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "gpufleet/figure.h"
#include "gpufleet/fleet.h"
#include "gpufleet/report.h"
#include "util/json_writer.h"

namespace gpufleet::report {

// One member written beside a figure's own (a result's "label", an input's "source", a fact's
// "year"): a string, or an integer when `is_int`.
struct JsonField {
  std::string_view key;
  std::string_view text;
  std::int64_t integer = 0;
  bool is_int = false;
};

// The figure's object (figure.h's shape, "basis" when `with_basis` and not empty) with `extra`
// members merged in by key order; `extra` must be sorted by key. An extra member with the key of
// one of the figure's own replaces it, as assigning it after ToJson(Figure) would.
void WriteFigure(JsonWriter& w, const Figure& f, bool with_basis = false,
                 std::span<const JsonField> extra = {});

// The members of ToJson(FleetReport), each one value: "inputs", "results", "sections" (the
// grouping), "comparisons" and (WriteNotes) "notes".
void WriteFleetInputs(JsonWriter& w, const FleetInputs& in);

// The "inputs" of fleets built from one catalog combination (InputsFromCatalog's `base`), each
// written once: most of a request's inputs are the catalog's, unchanged. Built from the catalog
// alone (kept by Catalog::Derived in the API); never holds a request's value.
struct FleetInputsText {
  FleetInputs base;
  // Per SortedInputKeys name: the key as JSON with its colon, the value's JSON text ("" when
  // `base` leaves the input out, and for the ids), and the value it was written from.
  struct Member {
    std::string key, value;
    Interval base_value;
  };
  std::vector<Member> members;
};
FleetInputsText MakeFleetInputsText(FleetInputs base);
// WriteFleetInputs(w, in), the same bytes, taking each input whose value, presence and source are
// `text.base`'s from `text` instead of writing it again.
void WriteFleetInputs(JsonWriter& w, const FleetInputs& in, const FleetInputsText& text);
// One fleet input as the JSON documents show it: absent ("no site given") for a site factor left
// unknown, PUE 1 aside since the figures use it; else its value and unit. Both writers use it.
Figure FleetInputFigure(const FleetInputs& in, const std::string& name);
// `results`: FleetRows (its order decides which of two rows of one name is written: the last).
void WriteResults(JsonWriter& w, std::vector<const NamedResult*> results);
void WriteGrouping(JsonWriter& w, const std::vector<Section>& sections);
void WriteComparisons(JsonWriter& w, const std::vector<Comparison>& comparisons);
// The report's notes as the member "notes" (an array of strings), or nothing when there are
// none: ToJson(FleetReport) writes them so.
void WriteNotes(JsonWriter& w, const std::vector<std::string>& notes);

// The whole of ToJson(FleetReport) as one object.
void WriteFleetJson(JsonWriter& w, const FleetReport& f);

}  // namespace gpufleet::report
