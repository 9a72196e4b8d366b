// TrainingInputsFrom, ReliabilityFrom, MonteCarloFrom: the inputs of train and sweep, as given
// to any front end, turned into the simulator's options. The defaults are the input table's.
#include "gpufleet/inputs.h"
#include "gpufleet/training_run.h"

namespace gpufleet {
namespace {

std::optional<Duration<>> Seconds(const inputs::Given& g, std::string_view name) {
  if (auto v = g.Value(name)) return v->value * units::s;
  return std::nullopt;
}

}  // namespace

TrainingInputs TrainingInputsFrom(const inputs::Given& g, const GpuFigures& gpu) {
  TrainingInputs in;
  TrainingWork& w = in.work;
  const bool any_work = g.Has("params") || g.Has("tokens") || g.Has("flops") || g.Has("gpu_hours");
  // The table's defaults of params and tokens (Llama 3 405B) apply only together, when no work
  // input is given; otherwise an input is present only when given.
  auto work = [&](const char* name) {
    return any_work && !g.Has(name) ? std::nullopt : g.Value(name);
  };
  w.params = work("params");
  w.tokens = work("tokens");
  w.active_params = g.Has("active_params") ? g.Value("active_params") : std::nullopt;
  w.flops = g.Has("flops") ? g.Value("flops") : std::nullopt;
  w.gpu_hours = g.Has("gpu_hours") ? g.Value("gpu_hours") : std::nullopt;
  in.gpus = g.Point("count");
  in.mfu = *g.Value("mfu");
  in.peak_per_gpu = gpu.peak;
  return in;
}

ReliabilityOptions ReliabilityFrom(const inputs::Given& g) {
  ReliabilityOptions o;
  o.failure_model = g.Text("failure_model");
  o.interval = Seconds(g, "checkpoint_interval_h");
  o.checkpoint_write = Seconds(g, "checkpoint_write_s");
  if (auto v = g.Value("checkpoint_size_gb")) o.checkpoint_gb_per_gpu = v->value;
  o.storage_gb_per_s = g.Point("storage_gb_per_s");
  o.restart = Seconds(g, "restart_s");
  if (auto v = g.Value("failure_rate")) o.failure_rate = v->value;
  if (auto v = g.Value("gpus_per_node")) o.gpus_per_node = static_cast<int>(v->value);
  if (auto d = Seconds(g, "detect_s")) o.detect = *d;
  if (auto v = g.Value("rollback_rate")) o.rollback_per_day = v->value;
  if (auto d = Seconds(g, "rollback_lost_h")) o.rollback_lost = *d;
  if (auto d = Seconds(g, "restore_s")) o.restore = *d;
  o.peer_write = Seconds(g, "peer_checkpoint_write_s");
  o.peer_interval = Seconds(g, "peer_checkpoint_interval_h");
  o.repair_crews = static_cast<int>(g.Point("repair_crews"));
  o.spares = static_cast<int>(g.Point("spares"));
  o.elastic_min_share = g.Point("elastic_min_share");
  o.elastic_group_nodes = static_cast<int64_t>(g.Point("elastic_group_nodes"));
  o.repair = *Seconds(g, "repair_h");
  o.maintenance_every = Seconds(g, "maintenance_h");
  if (auto h = Seconds(g, "horizon_h")) o.horizon = *h;
  o.explicit_checkpoints = !g.Text("explicit_checkpoints").empty();
  // What a checkpoint write too slow for the failures is blamed on when it was worked out: the
  // inputs given, the write's own first (checkpoint_write_s was named when none was given).
  for (const char* name : {"checkpoint_size_gb", "storage_gb_per_s", "failure_rate", "params",
                           "count", "gpus_per_node", "failure_model"}) {
    if (g.Has(name)) o.write_inputs.push_back(name);
  }
  // Given, and doing nothing without another input: said, where they were ignored without a
  // word (found by adversarial testers).
  auto needs = [&](std::initializer_list<const char*> given, const char* other, bool missing,
                   const char* why) {
    for (const char* name : given) {
      if (g.Has(name) && missing) {
        o.unused.push_back(inputs::Mention(name) + " is not used without " +
                           inputs::Mention(other) + ": " + why);
      }
    }
  };
  needs({"repair_h", "repair_crews"}, "spares", o.spares < 0,
        "with unlimited spares a failed node is replaced at once");
  needs({"peer_checkpoint_interval_h"}, "peer_checkpoint_write_s", !o.peer_write,
        "there are no in-memory checkpoints");
  needs({"rollback_lost_h"}, "rollback_rate", o.rollback_per_day == 0, "there are no loss spikes");
  needs({"elastic_group_nodes"}, "elastic_min_share", o.elastic_min_share == 0,
        "there is no elastic recovery");
  // The storage copy's time, given or worked out, when nothing uses it (found by an adversarial
  // tester: each was accepted without a word).
  if (o.peer_write && g.Has("checkpoint_write_s")) {
    o.unused.push_back(inputs::Mention("checkpoint_write_s") + " is not used with " +
                       inputs::Mention("peer_checkpoint_write_s") +
                       ": the in-memory copy's write is the one on the critical path");
  }
  if (g.Has("checkpoint_write_s")) {
    for (const char* name : {"checkpoint_size_gb", "storage_gb_per_s"}) {
      if (g.Has(name)) {
        o.unused.push_back(inputs::Mention(name) + " is not used with " +
                           inputs::Mention("checkpoint_write_s") +
                           ": the write time is given, not worked out from the size and speed");
      }
    }
  }
  if (o.peer_write && g.Has("checkpoint_interval_h")) {
    o.unused.push_back(
        inputs::Mention("checkpoint_interval_h") + " is not used with " +
        inputs::Mention("peer_checkpoint_write_s") + ": the in-memory copies' interval (" +
        inputs::Mention("peer_checkpoint_interval_h") + ") is the one on the critical path");
  }
  return o;
}

McOptions MonteCarloFrom(const inputs::Given& g) {
  McOptions o;
  o.replicas = static_cast<uint64_t>(g.Point("replicas"));
  o.seed = static_cast<uint64_t>(g.Point("seed"));
  o.threads = static_cast<unsigned>(g.Point("threads"));
  return o;
}

}  // namespace gpufleet
