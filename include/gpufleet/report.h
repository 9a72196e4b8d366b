// Reports: a renderer-neutral value (Report) built by functions, and renderers that turn it into
// text for people, JSON for programs, or Markdown. A new renderer (HTML) reads the same Report;
// a new module adds its own Section to Report::extra without touching the renderers.
//
// JSON shape (RenderJson):
//   one fleet, no extra sections:
//     {"inputs": {"gpu": "h100-sxm", "site": ..., "system": ...,
//                 NAME: {"value", "low", "high", "unit", "source"}, ...},
//      "results": {NAME: {"value", "low", "high", "unit"}, ...},
//      "comparisons": [{"what", "reference", "ratio", "ratio_low", "ratio_high", "text"}, ...]}
//   several fleets or extra sections:
//     {"title": ..., "scenarios": [{"name", "description", "notes", "inputs", "results",
//      "comparisons"}, ...], "sections": [{"id", "title", "rows", "notes", "table"}, ...]}
//   An unavailable result (no board length, no system price) has null value/low/high and a
//   "note" saying why.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/fleet.h"
#include "gpufleet/scenario.h"

namespace gpufleet::report {

// A free-form table (claims verdicts, simulator summaries); cells are already text.
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> cells;
};

// A titled group of figures, comparisons, a table and notes. Any part may be empty.
struct Section {
  std::string id;     // stable key for JSON and HTML anchors: "energy", "claims"
  std::string title;  // "Energy over the period"
  std::vector<NamedResult> rows;
  std::vector<Comparison> comparisons;
  std::optional<Table> table;
  std::vector<std::string> notes;
};

// Where one input or reference figure came from.
struct Source {
  std::string what;      // "gpu_tdp_w", "reference leonardo.gpus_count"
  std::string citation;  // "gpu h100-sxm.tdp_w: NVIDIA H100 datasheet, 2023, verified"
};

// One fleet evaluated and explained.
struct FleetReport {
  std::string name;         // "350,000 H100"
  std::string description;  // one sentence: whose fleet, when
  FleetInputs inputs;
  std::vector<NamedResult> results;     // every output (Tabulate), for JSON
  std::vector<Comparison> comparisons;  // Compare, for JSON and the text's last section
  std::vector<Section> sections;        // results grouped for people
  std::vector<std::string> notes;       // assumptions in words
  std::vector<Source> sources;
};

struct Report {
  std::string title;
  std::vector<FleetReport> fleets;
  std::vector<Section> extra;  // appended by other modules (training summary, claims)
};

// Evaluates `in` (throws InputError as Evaluate does) and builds its report: results grouped
// into sections (money, power, energy, carbon and water, space, compute), comparisons with the
// catalog's references, the sources of every input and reference, and `notes`.
FleetReport BuildFleetReport(const std::string& name, const FleetInputs& in, const Catalog& c,
                             std::vector<std::string> notes = {});

// Every fleet of a scenario, in file order, with the scenario's title. A fleet with a
// length_proxy_gpu and no board length of its own gets a "length_proxy_m" row (and the length
// comparisons) for cards of the proxy GPU, labelled as such.
Report BuildScenarioReport(const Scenario& s, const Catalog& c);

// A result's central value and range for people: "4.22 TWh (3.94-4.61)", "n/a".
std::string FormatResult(const NamedResult& r);

std::string RenderText(const Report& r);
std::string RenderMarkdown(const Report& r);
std::string RenderJson(const Report& r);      // pretty-printed, 2-space indent, trailing newline
nlohmann::json ToJson(const Report& r);       // the same, as a value (for the HTTP API)
nlohmann::json ToJson(const FleetReport& f);  // one fleet: {"inputs","results","comparisons"}

}  // namespace gpufleet::report
