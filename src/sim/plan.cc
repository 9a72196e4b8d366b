// JobSpec -> SimPlan: validation, integer nanoseconds, class-sampling thresholds.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "gpufleet/error.h"
#include "gpufleet/sim.h"

namespace gpufleet {
namespace {

constexpr double kNsPerS = 1e9;

SimTime ToNs(Duration<> d, const char* field, bool allow_zero = true) {
  const double s = In(d, units::s);
  if (!std::isfinite(s) || s < 0 || (!allow_zero && s == 0)) {
    throw InputError(Where{"", 0, field}, fmt::format("must be {} and finite, got {} s",
                                                      allow_zero ? ">= 0" : "> 0", s));
  }
  const double ns = std::round(s * kNsPerS);
  if (!allow_zero && ns == 0) {
    throw InputError(
        Where{"", 0, field},
        fmt::format("must be at least 1 ns (the simulator's resolution), got {} s", s));
  }
  return ns >= static_cast<double>(SimPlan::kNever) ? SimPlan::kNever : static_cast<SimTime>(ns);
}

void CheckRate(double r, const char* field) {
  if (!std::isfinite(r) || r < 0)
    throw InputError(Where{"", 0, field}, fmt::format("must be >= 0, got {}", r));
}

void CompileCauses(const JobSpec& spec, SimPlan& p) {
  if (spec.causes.size() > kMaxFailureClasses) {
    throw InputError(Where{"", 0, "causes"},
                     fmt::format("at most {} failure classes", kMaxFailureClasses));
  }
  double total = 0;
  for (const FailureCause& c : spec.causes) {
    CheckRate(c.rate_per_hour, "failure rate");
    total += c.rate_per_hour;
    p.restart.push_back(ToNs(c.restart, "restart"));
    p.removes_node.push_back(c.removes_node ? 1 : 0);
  }
  if (total <= 0) return;
  p.failure_mean_ns = 3600 * kNsPerS / total;
  double cum = 0;
  for (const FailureCause& c : spec.causes) {
    cum += c.rate_per_hour / total;
    const double t = cum * 18446744073709551616.0;
    p.pick.push_back(t >= 18446744073709551615.0 ? std::numeric_limits<uint64_t>::max()
                                                 : static_cast<uint64_t>(t));
  }
  p.pick.back() = std::numeric_limits<uint64_t>::max();
}

}  // namespace

SimPlan Compile(const JobSpec& spec) {
  SimPlan p;
  const SimTime work = ToNs(spec.work, "work");
  const SimTime horizon = ToNs(spec.horizon, "horizon");
  const SimTime max_wall = std::min(ToNs(spec.max_wall, "max_wall", false), kMaxWallNs);
  if (work == 0 && horizon == 0) {
    // Work that rounds to 0 ns is too little to simulate; none at all needs a horizon.
    // Named after the tokens, the input that sets the work beside the parameters: "work" is
    // neither a flag nor an API field (found by an adversarial tester).
    throw InputError(Where{"", 0, "tokens"},
                     In(spec.work, units::s) > 0
                         ? fmt::format("the work (6 x parameters x tokens) takes {:.3g} s of "
                                       "ideal compute, under a "
                                       "nanosecond: too little to simulate (more tokens or "
                                       "parameters, or a wall-time horizon)",
                                       In(spec.work, units::s))
                         : "give the work to do or a wall-time horizon");
  }
  p.work = work == 0 ? SimPlan::kNever : work;
  p.horizon = horizon == 0 ? max_wall : std::min(horizon, max_wall);
  p.horizon_is_limit = horizon == 0 || horizon > max_wall;
  p.interval = ToNs(spec.interval, "checkpoint interval", false);
  p.write = ToNs(spec.checkpoint_write, "checkpoint write");
  CompileCauses(spec, p);
  CheckRate(spec.planned_per_hour, "planned per hour");
  if (spec.planned_per_hour > 0) p.planned_mean_ns = 3600 * kNsPerS / spec.planned_per_hour;
  p.planned_downtime = ToNs(spec.planned_downtime, "planned downtime");
  CheckRate(spec.rollback_per_hour, "rollback per hour");
  if (spec.rollback_per_hour > 0) p.rollback_mean_ns = 3600 * kNsPerS / spec.rollback_per_hour;
  p.rollback_lost = ToNs(spec.rollback_lost, "rollback lost");
  p.rollback_restart = ToNs(spec.rollback_restart, "rollback restart");
  if (spec.spares < -1) throw InputError(Where{"", 0, "spares"}, "must be >= 0");
  p.spares = spec.spares;
  p.repair = ToNs(spec.repair, "repair");
  if (spec.repair_crews < 0) throw InputError(Where{"", 0, "repair_crews"}, "must be >= 0");
  p.repair_crews = spec.repair_crews;
  if (spec.nodes < 1) throw InputError(Where{"", 0, "nodes"}, "must be >= 1");
  p.nodes = spec.nodes;
  if (!(spec.elastic_min_share >= 0 && spec.elastic_min_share <= 1)) {
    throw InputError(Where{"", 0, "elastic_min_share"}, "must be from 0 (off) to 1");
  }
  if (spec.elastic_group_nodes < 1) {
    throw InputError(Where{"", 0, "elastic_group_nodes"}, "must be >= 1");
  }
  p.elastic_group = spec.elastic_group_nodes;
  if (spec.elastic_min_share > 0) {
    if (spec.elastic_group_nodes > spec.nodes) {
      throw InputError(Where{"", 0, "elastic_group_nodes"},
                       fmt::format("must be at most the job's {} nodes", spec.nodes));
    }
    // At least one group; a share is rounded up to whole nodes.
    p.elastic_min_nodes = std::max<int64_t>(
        p.elastic_group, static_cast<int64_t>(std::ceil(
                             spec.elastic_min_share * static_cast<double>(spec.nodes) - 1e-9)));
  }
  p.power_busy_w = spec.power_busy.si();
  p.power_down_w = spec.power_down.si();
  CheckRate(p.power_busy_w, "power busy");
  CheckRate(p.power_down_w, "power down");
  p.explicit_checkpoints = spec.explicit_checkpoints;
  return p;
}

std::vector<FailureCause> CausesFor(const FailureModel& model, double gpus) {
  std::vector<FailureCause> out;
  const std::vector<double> rates = model.RatesPerHour(gpus);
  for (size_t i = 0; i < rates.size(); ++i) {
    out.push_back(FailureCause{rates[i], model.classes[i].restart, model.classes[i].removes_node});
  }
  return out;
}

}  // namespace gpufleet
