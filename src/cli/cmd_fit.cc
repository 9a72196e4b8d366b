// gpufleet fit: failure and restart parameters from a run's published figures (fit.h). One flag
// per row of the input table for inputs::kFit (--count, --window, --interruptions, --effective,
// --checkpoint-write, --restart ...), parsed and checked by the table, so the CLI and /api/fit
// accept and refuse the same values.
#include "cli/command.h"
#include "gpufleet/fit.h"
#include "gpufleet/inputs.h"
#include "gpufleet/report.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_fit {
namespace {

struct Options {
  inputs::Given given{inputs::kFit};
  Format format = Format::kText;
  std::string output;
};

int RunFit(const Options& o) {
  o.given.CheckAll();
  for (const char* required : {"count", "window_d", "interruptions", "effective"}) {
    if (!o.given.Has(required)) {
      throw InputError(Where{"", 0, required}, "required: the run's published figure");
    }
  }
  const FitInputs in = FitInputsFrom(o.given);
  Emit(o.output, RenderForCli(report::FitDocument(in, Fit(in)), o.format));
  return 0;
}

Run Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  inputs::Given* given = &o->given;
  for (const inputs::Input* in : inputs::For(inputs::kFit, inputs::kCli)) {
    const std::string name = in->name;
    CLI::Option* opt = app.add_option_function<std::string>(
        inputs::FlagName(*in), [given, name](const std::string& v) { given->SetText(name, v); },
        inputs::Help(*in) +
            (in->kind == inputs::Kind::kInterval ? std::string("; a value or lo..hi") : ""));
    opt->type_name(in->kind == inputs::Kind::kDuration ? "DURATION" : "X");
    opt->check(NonEmpty());
    if (in->default_text != nullptr) opt->default_str(in->default_text);
  }
  AddFormatOption(app, o->format, /*document=*/true);
  AddOutputOption(app, o->output);
  return [o] { return RunFit(*o); };
}

Registration reg{"fit",
                 "Fit the failure rate and restart time (with their uncertainty) that reproduce a "
                 "run's published interruptions and effective training time",
                 &Setup};

}  // namespace
}  // namespace gpufleet::cli::cmd_fit
