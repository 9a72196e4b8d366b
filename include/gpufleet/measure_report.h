// What `gpufleet measure` reports: the command's status, per-device and total energy, the run's
// cost, CO2e and water at a site, and the run projected onto a fleet ("one hour of this job on
// 350,000 GPUs"). Pure functions over a MeterResult; no I/O.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gpufleet/interval.h"
#include "gpufleet/launch.h"
#include "gpufleet/measure.h"
#include "gpufleet/site_energy.h"
#include "gpufleet/units.h"

namespace gpufleet {

// SiteFactors, SiteImpact and AtSite (the site-energy model) are in site_energy.h.

// Why a run's energy figures and its site impact are absent (never 0) when no device was
// measured: every front end (text, JSON, CSV) gives this reason.
inline constexpr const char* kNothingMeasured = "no device was measured (see the notes)";
// The reason an energy over `kind` ("gpu", "cpu", "dram"; empty: any device) is absent:
// kNothingMeasured for any device, "no GPU measured" and so on for a kind. `measure` and `merge`
// both give it.
std::string NotMeasuredWhy(const std::string& kind);
// NotMeasuredWhy(kind) when `m` holds no device of `kind` (empty: no device at all), nullopt when
// it holds one: a total over nothing is absent, never 0.
std::optional<std::string> NotMeasured(const MeterResult& m, const std::string& kind = {});
// Why a projection's host power is absent: no CPU or DRAM was measured, so the projection counts
// the GPUs alone.
inline constexpr const char* kHostLeftOut =
    "no CPU or DRAM measured: the host's power is left out of this projection (GPUs only)";

// One hour of the measured job on `gpus` GPUs: each GPU at the measured average per-GPU power,
// plus the measured CPU/DRAM power per measured GPU as host overhead.
struct Projection {
  Interval gpus;
  Duration<> period = 1.0 * units::h;
  Power<Interval> per_gpu;       // measured average GPU power
  Power<Interval> host_per_gpu;  // measured CPU + DRAM power / measured GPUs
  bool host_measured = true;     // false: no CPU or DRAM was measured, host_per_gpu is 0 W
                                 // because it was left out, and the reports say so
  SiteImpact impact;
};
// nullopt when no GPU was measured (nothing to project).
std::optional<Projection> Project(const MeterResult& m, const Interval& gpus,
                                  const SiteFactors& site);

struct MeasureReport {
  std::vector<std::string> command;
  int exit_status = 0;
  int signal = 0;             // that killed the command, 0 if it exited
  std::string error;          // exec failure
  std::vector<int> detached;  // the command's descendants still running when it exited (pids)
  double started_unix_s = 0;  // wall-clock time of the meter's start
  Duration<> self_cpu;        // CPU time gpufleet itself used (all its threads) while measuring
  Duration<> interval;
  MeterResult meter;
  SiteFactors site;
  SiteImpact run;  // the measured run at the site
  std::optional<Projection> projection;
  Launch launch;  // the launcher, ranks, node and job (launch.h); JSON "launch"
};

// Totals over devices of one kind ("gpu", "cpu", "dram") or all ("").
Energy<Interval> TotalEnergy(const MeterResult& m, const std::string& kind = "");
// Devices of that kind that were measured (method other than "none").
int CountMeasured(const MeterResult& m, const std::string& kind);

// Prometheus text exposition format (version 0.0.4) of a running meter, for `gpufleet export`:
//   gpufleet_gpu_power_watts{gpu,uuid,name}             gauge, last sample
//   gpufleet_gpu_energy_joules_total{gpu,uuid,name}     counter, since the exporter started
//   gpufleet_gpu_lost{gpu,uuid,name}                    gauge, 1 once the GPU fell off the bus
//   gpufleet_rapl_power_watts{domain,kind}              gauge, over the last interval
//   gpufleet_rapl_energy_joules_total{domain,kind}      counter
//   gpufleet_facility_energy_joules_total{site,bound}   counter, measured energy * PUE
//   gpufleet_co2e_kg_total{site,bound}, gpufleet_electricity_cost_usd_total{site,bound},
//   gpufleet_water_litres_total{site,bound}             counters at the site; bound is
//                                                       value, low or high
//   gpufleet_meter_rounds_total                         counter
std::string PrometheusText(const MeterResult& m, const SiteFactors& site);

nlohmann::json ToJson(const MeasureReport& r);

}  // namespace gpufleet

namespace gpufleet::report {
struct Report;
}

namespace gpufleet {

// The report as a result document (report.h): the run, its devices, the run at the site and the
// fleet projection, every number a Figure. Text, Markdown, HTML and CSV render it through
// report::Render; JSON for programs stays ToJson (stable names).
report::Report MeasureDocument(const MeasureReport& r);

}  // namespace gpufleet
