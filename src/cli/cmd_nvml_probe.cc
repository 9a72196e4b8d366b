// gpufleet nvml-probe: one raw read of every GPU through NVML (energy counter in mJ, power in W,
// name, UUID, MIG mode) with a wall-clock timestamp. No meter, no accounting: two probes around
// a run give NVML's own counter delta, the reference that scripts/gpu-check.sh compares
// `gpufleet measure` with.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/measure_flags.h"
#include "gpufleet/error.h"

// Its own namespace: a unity build compiles several sub-commands in one unit.
namespace gpufleet::cli::cmd_nvml_probe {
namespace {

struct Flags {
  SourceFlags sources;
  Format format = Format::kText;
};

int RunProbe(Flags f) {
  // The probe reads GPUs alone: the CPU flags it took did nothing, and --no-gpu printed nothing
  // with exit status 1 (found by an adversarial tester).
  for (const auto& [given, flag] : {std::pair{f.sources.no_gpu, "--no-gpu"},
                                    {f.sources.no_cpu, "--no-cpu"},
                                    {!f.sources.powercap_root.empty(), "--powercap-root"}}) {
    if (given) {
      throw InputError(Where{"<flag>", 0, flag},
                       "nvml-probe reads GPUs through NVML only: this flag is gpufleet measure's");
    }
  }
  f.sources.no_cpu = true;
  const auto source = OpenSources(f.sources);
  nlohmann::json j;
  j["unix_s"] =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  j["gpus"] = nlohmann::json::array();
  // "ok": a value was read. A GPU lost before its first read, or one that reports neither energy
  // nor power, was "ok": true beside no value, and the probe exited 0 (found by an adversarial
  // tester).
  bool any_read = false;
  for (size_t i = 0; i < source->Devices().size(); ++i) {
    const DeviceInfo& d = source->Devices()[i];
    const Reading r = source->Read(i);
    // A value read beside a failed one counts (an energy counter read beside an implausible
    // power reading was dropped, "ok": false; found by an adversarial tester): the failure is
    // in "error".
    const bool ok = r.status != Reading::Status::kLost && (r.counter || r.power);
    any_read |= ok;
    nlohmann::json g{{"index", d.index}};
    // A name or UUID never read (a GPU lost before it) is left out, not "" (found by an
    // adversarial tester); so is MIG mode, not false.
    if (!d.name.empty()) g["name"] = d.name;
    if (!d.uuid.empty()) g["uuid"] = d.uuid;
    if (d.mig_read) g["mig_enabled"] = d.mig_enabled;
    g["ok"] = ok;
    if (r.counter) {
      g["energy_mj"] = *r.counter;
      // Exact as text too: a counter above 2^53 loses digits in a reader that takes numbers as
      // doubles (JavaScript, jq, Python's json with floats).
      g["energy_mj_text"] = std::to_string(*r.counter);
    }
    if (r.power) g["power_w"] = r.power->si();
    if (!r.error.empty()) g["error"] = r.error;
    j["gpus"].push_back(g);
  }
  j["notes"] = source->Notes();
  // A read the GPU does not support is "n/a", not 0 (the JSON leaves it out).
  const auto energy = [](const nlohmann::json& g) {
    return g.contains("energy_mj") ? g["energy_mj_text"].get<std::string>() : std::string("n/a");
  };
  const auto text = [](const nlohmann::json& g, const char* key) {
    return g.value(key, std::string("n/a"));
  };
  const auto power = [](const nlohmann::json& g) {
    return g.contains("power_w") ? fmt::format("{}", g["power_w"].get<double>())
                                 : std::string("n/a");
  };
  if (f.format == Format::kJson) {
    std::cout << j.dump(2) << "\n";
  } else if (f.format == Format::kMarkdown) {
    std::cout << "| GPU | UUID | name | energy (mJ) | power (W) |\n|---|---|---|---|---|\n";
    for (const auto& g : j["gpus"]) {
      std::cout << fmt::format("| gpu{} | {} | {} | {} | {} |\n", g["index"].get<int>(),
                               text(g, "uuid"), text(g, "name"), energy(g), power(g));
    }
    for (const auto& n : source->Notes()) std::cout << "\n- " << n;
    if (!source->Notes().empty()) std::cout << "\n";
  } else {
    for (const auto& g : j["gpus"]) {
      // A failed read says why (an implausible power reading was "n/a" with no reason).
      std::cout << fmt::format(
          "gpu{} {} {} energy_mj={} power_w={}{}\n", g["index"].get<int>(), text(g, "uuid"),
          text(g, "name"), energy(g), power(g),
          g.contains("error") ? " error: " + g["error"].get<std::string>() : std::string());
    }
    for (const auto& n : source->Notes()) std::cout << "note: " << n << "\n";
  }
  return any_read ? 0 : 1;  // documented in the footer and docs/measure.md
}

Run Setup(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  AddSourceOptions(app, f->sources);
  // Taken only to be refused with a reason (RunProbe): not listed in --help, which offered them
  // (found by an adversarial tester).
  for (const char* flag : {"--no-cpu", "--no-gpu", "--powercap-root"}) {
    app.get_option(flag)->group("");
  }
  AddFormatOption(app, f->format);
  app.footer(
      "Exit status: 0 when a GPU was read (a value: energy or power); 1 when none was (NVML not "
      "found or not loadable, nvmlInit failing, no GPU, every GPU lost or unreadable: the notes "
      "and \"ok\" say which); 2 for a bad flag.");
  return [f] { return RunProbe(*f); };
}

Registration reg{"nvml-probe", "One raw NVML read of every GPU (energy counter, power)", &Setup};

}  // namespace
}  // namespace gpufleet::cli::cmd_nvml_probe
