// gpufleet infer: the serving model (infer.h) from flags. One flag per row of the input table for
// inputs::kInfer (--model, --gpu, --gpus-per-replica, --precision, --batch ...), parsed and
// checked by the table, so the CLI and /api/infer accept and refuse the same values. With
// --simulate the serving simulator runs on the model's step costs (infer_sim.h) and the document
// gains its section.
#include "cli/command.h"
#include "gpufleet/infer.h"
#include "gpufleet/infer_sim.h"
#include "gpufleet/inputs.h"
#include "gpufleet/report.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_infer {
namespace {

struct Options {
  inputs::Given given{inputs::kInfer};
  Format format = Format::kText;
  std::string output;
};

int RunInfer(const Options& o) {
  o.given.CheckAll();
  const Catalog catalog = Catalog::Load(o.given.Text("catalog"));
  const InferInputs in = InferInputsFrom(catalog, o.given);
  const InferResult r = Evaluate(in);
  std::optional<InferSimulation> sim = InferSimulationFrom(in, r, o.given);
  if (sim) ShareServingBudget(*sim);  // 5e7 a run, ten runs' worth (5e8) shared between them
  report::Report doc = report::InferDocument(in, r);
  if (sim) report::AddInferSimInputs(doc.inputs, *sim);
  if (sim) doc.extra.push_back(report::InferSimSection(*sim, RunInferSimulation(*sim)));
  Emit(o.output, RenderForCli(doc, o.format));
  return 0;
}

Run Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  inputs::Given* given = &o->given;
  for (const inputs::Input* in : inputs::For(inputs::kInfer, inputs::kCli)) {
    const std::string name = in->name;
    if (in->kind == inputs::Kind::kSwitch) {
      app.add_flag_function(
          inputs::FlagName(*in), [given, name](int64_t) { given->SetText(name, "1"); }, in->help);
      continue;
    }
    CLI::Option* opt = app.add_option_function<std::string>(
        inputs::FlagName(*in), [given, name](const std::string& v) { given->SetText(name, v); },
        inputs::Help(*in) +
            (in->kind == inputs::Kind::kInterval ? std::string("; a value or lo..hi") : ""));
    opt->type_name(in->kind == inputs::Kind::kDuration ? "DURATION"
                   : in->kind == inputs::Kind::kId     ? (name.starts_with("sim_") ? "TEXT" : "ID")
                                                       : "X");
    opt->check(NonEmpty());
    if (in->default_text != nullptr) opt->default_str(in->default_text);
  }
  AddFormatOption(app, o->format, /*document=*/true);
  AddOutputOption(app, o->output);
  return [o] { return RunInfer(*o); };
}

Registration reg{"infer",
                 "Serve a model: batch, latency, throughput, power, energy per token and request "
                 "(GPU, server, facility), CO2e, water, cost, fleet capacity",
                 &Setup};

}  // namespace
}  // namespace gpufleet::cli::cmd_infer
