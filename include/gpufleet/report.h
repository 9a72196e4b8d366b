// Reports: a renderer-neutral value (Report) built by functions, and renderers that turn it into
// text for people, JSON for programs, or Markdown. A new renderer (HTML) reads the same Report;
// a new module adds its own Section to Report::extra without touching the renderers.
//
// JSON shape (RenderJson); every figure in it has the one Figure shape (figure.h):
//   one fleet, no extra sections:
//     {"inputs": {"gpu": "h100-sxm", "site": ..., "system": ...,
//                 NAME: {"value", "low", "high", "unit", "source"}, ...},
//      "results": {NAME: {"value", "low", "high", "unit", "basis", "label"}
//                        or {"value": null, "why", "unit", "label"}, ...},
//      "sections": [{"id", "title", "names": [NAME, ...]}, ...],   (how people see them grouped)
//      "comparisons": [{"what", "reference", "ratio": {"value", "low", "high", "unit"},
//                       "text"}, ...]}
//   several fleets or extra sections:
//     {"title": ..., "scenarios": [{"name", "description", "notes", "inputs", "results",
//      "sections", "comparisons"}, ...],
//      "sections": [{"id", "title", "rows": {NAME: figure}, "notes", "table"}, ...]}
//   `gpufleet fleet --format json` and the API's /api/fleet give the same inputs, results,
//   sections and comparisons for the same scenario (tests/front_ends_agree_test.cc).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gpufleet/catalog.h"
#include "gpufleet/fleet.h"
#include "gpufleet/format.h"
#include "gpufleet/infer.h"
#include "gpufleet/scenario.h"
#include "gpufleet/training_report.h"

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
  FleetResult result;                   // Evaluate(inputs), kept for callers that need more
  // Every output, grouped for people: Tabulate's rows by section (money, power, energy, carbon
  // and water, space, compute; a row no group names goes to a last "other" section), then the
  // embodied section's. Each row is in exactly one section, held once: JSON's "results" are the
  // rows of all sections by name (FleetRows).
  std::vector<Section> sections;
  std::vector<Comparison> comparisons;  // Compare, for JSON and the text's last section
  std::vector<std::string> notes;       // assumptions in words
  std::vector<Source> sources;
};

struct Report {
  std::string title;
  std::string description;  // a scenario file's top-level description ("" when none)
  // Built from a scenario file (`gpufleet report`): JSON keeps the scenarios shape (title,
  // description, scenarios with their names) for one fleet too; otherwise one fleet with no
  // extra sections is the fleet document alone, as `gpufleet fleet` and /api/fleet give it.
  bool scenario = false;
  std::vector<FleetReport> fleets;
  std::vector<Section> extra;  // appended by other modules (training summary, claims)
  // JSON only: when set, every row of `extra` also appears flat as "results": {NAME: figure}
  // (names unique across sections) beside "inputs" (`gpufleet infer`: results.itl_s ...).
  bool flat_results = false;
  nlohmann::json inputs;  // {NAME: value or figure}; null: none
};

// Evaluates `in` (throws InputError as Evaluate does) and builds its report: results grouped
// into sections (money, power, energy, carbon and water, space, compute), comparisons with the
// catalog's references, the sources of every input and reference, and `notes`.
// `with_sources` false leaves `sources` empty: ToJson does not write them (the API's /api/fleet
// builds its report so); the text, Markdown and HTML renderers cite them. `in` is taken by value
// and kept as the report's `inputs`: a caller done with its inputs moves them in.
FleetReport BuildFleetReport(const std::string& name, FleetInputs in, const Catalog& c,
                             std::vector<std::string> notes = {}, bool with_sources = true);

// Every row of the report's sections, in section order: its outputs ("results" in JSON).
std::vector<const NamedResult*> FleetRows(const FleetReport& f);

// The embodied-carbon section of a fleet whose GPU is in the catalog with what the bottom-up
// model needs (embodied.h): per GPU within each boundary the catalog allows (GPU; server with
// the fleet's system; + network; + building), every published footprint of the GPU and of the
// system per GPU, how far each lies from the bottom-up figure of the same subject, and the
// embodied CO2e of one GPU-hour. nullopt for a GPU the model cannot estimate.
std::optional<Section> EmbodiedSection(const FleetInputs& in, const Catalog& c);

// For `gpufleet catalog gpus|systems --sources`: each GPU's (and system's, per GPU) bottom-up
// embodied figure and every published footprint of it, with boundary, method and source; as a
// titled text or Markdown table ("" when `kinds` holds neither gpu nor system), or as JSON rows
// {id, method, boundary, how, per_gpu_kg_co2e: Figure}.
std::string EmbodiedCatalogText(const Catalog& c, const std::vector<std::string>& kinds,
                                bool markdown);
nlohmann::json EmbodiedCatalogJson(const Catalog& c, const std::vector<std::string>& kinds);

// Every fleet of a scenario, in file order, with the scenario's title. A fleet with a
// length_proxy_gpu and no board length of its own gets a "length_proxy_m" row (and the length
// comparisons) for cards of the proxy GPU, labelled as such.
Report BuildScenarioReport(const Scenario& s, const Catalog& c);

// A training run with failures (training_report.h) as a document: the run, failures and
// checkpoints, the simulated spreads and the fleet figures of the run, each a Figure, warnings as
// notes. Its JSON for programs stays TrainingJson (stable names such as
// simulation.effective_training_time); every other format renders this document.
Report TrainingDocument(const TrainingReport& r);

// The serving model (`gpufleet infer`, /api/infer) as a document: memory and batch, latency and
// throughput, power and energy at three boundaries, carbon, water and money, the fleet; the
// inputs with their sources; notes. JSON: {"title", "inputs", "results": {NAME: figure},
// "sections", "notes"} (flat_results).
Report InferDocument(const InferInputs& in, const InferResult& r);

// The default report's serving section: the seed's 350,000 H100 serving Llama 3.1 405B in FP8
// (8 GPUs per replica, DGX H100 host, Meta's site, default load and tokens): requests a day,
// Wh per request at the GPU, server and facility boundaries, the average GPU power while serving
// and with idle time, and whether the article's 427 W (3,740 kWh a year) lies in that range,
// with the load 427 W needs. Throws InputError only if the catalog lacks the model or GPU.
Section ServingStorySection(const Catalog& catalog);

// The one entry point of the renderers: `doc` in format `f` (text, Markdown, JSON, CSV or HTML).
// Every capability builds a Report and calls this; the CLI and the API alike.
std::string Render(const Report& doc, Format f);

// One line per figure: block,section,name,label,value,low,high,unit,basis,why (RFC 4180
// quoting; value/low/high empty for an absent figure, why empty for a present one).
std::string RenderCsv(const Report& r);

std::string RenderText(const Report& r);
std::string RenderMarkdown(const Report& r);
std::string RenderJson(const Report& r);      // pretty-printed, 2-space indent, trailing newline
nlohmann::json ToJson(const Report& r);       // the same, as a value (for the HTTP API)
nlohmann::json ToJson(const FleetReport& f);  // one fleet: inputs, results, sections, comparisons,
                                              // and notes when there are any

}  // namespace gpufleet::report
