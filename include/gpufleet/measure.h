// Measuring real power: power sources (NVML, RAPL, a fake), the per-device energy accounting and
// the Meter that samples them on its own thread.
//
// What a figure means: every device's energy is WHOLE-DEVICE energy. A GPU's figure includes
// every process on that GPU (and, with MIG on, every MIG instance); a RAPL package includes every
// process on that socket. Nothing is attributed to one process.
//
// Energy comes from the device's cumulative energy counter where it has one (NVML
// nvmlDeviceGetTotalEnergyConsumption, RAPL energy_uj), else from integrating power samples
// (trapezoid). Counter decreases are told apart: a wrap (the delta through the counter's range is
// physically plausible) or a reset (the interval is then integrated from power, or counted from
// zero when there is no power reading).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpufleet/interval.h"
#include "gpufleet/units.h"

namespace gpufleet {

// One measurable device, as a source reports it.
struct DeviceInfo {
  std::string id;                // unique and stable: "gpu0", "cpu-package-0", "dram-0", "fake0"
  std::string kind;              // "gpu", "cpu" (a RAPL package) or "dram"
  int index = 0;                 // NVML index or RAPL package number
  std::string name;              // "NVIDIA H100 80GB HBM3", "package-0"
  std::string uuid;              // GPU UUID; empty for RAPL
  bool has_counter = false;      // a cumulative energy counter is readable
  bool has_power = false;        // an instantaneous power reading is available
  double counter_unit_j = 1e-3;  // joules per counter tick (NVML mJ, RAPL uJ)
  uint64_t counter_range = 0;    // the counter wraps to 0 at this value; 0 means 2^64
  // A counter change above this over an interval is neither a wrap nor energy drawn.
  Power<> max_plausible = 5000.0 * units::W;
  // A counter step forward above this over an interval is no energy drawn: 100 kW, the rule a
  // power reading follows (a test's hand-driven counter, which moves at no physical rate, may
  // raise it).
  Power<> max_counter_step = 100e3 * units::W;
  bool mig_enabled = false;            // MIG mode on: the energy is still the whole GPU's
  bool mig_read = false;               // MIG mode was read (mig_enabled means something)
  bool lost_at_start = false;          // fallen off the bus before the first read
  double relative_uncertainty = 0.05;  // of a counter-based figure (NVML: +-5% of power)
};

// One read of one device. A lost device (fallen off the bus) stays lost for the rest of a run.
struct Reading {
  enum class Status { kOk, kLost, kError };
  Status status = Status::kOk;
  std::optional<uint64_t> counter;  // raw counter ticks (see DeviceInfo::counter_unit_j)
  std::optional<Power<>> power;
  // For kLost / kError: the source's message. A kError reading may carry a value read beside
  // the failure (NVML's counter beside an implausible power reading) for a raw read such as
  // nvml-probe's; the Meter counts no part of it.
  std::string error;
};

// A device's name or id as a source read it (NVML's name and UUID, a RAPL zone's name file),
// made valid UTF-8: each byte that does not start a well-formed sequence (overlong forms,
// surrogates and code points above U+10FFFF included) becomes U+FFFD, as the API's JSON does
// with bad bytes; only the first NUL and what follows it are dropped. Done once where the
// string is read, so the JSON, text and Prometheus outputs never see invalid bytes (a name with
// 0xFF stopped `measure --format json` with an internal error after the command had run).
std::string DeviceText(std::string_view raw);

// A source of power readings. Read() may block (an NVML energy read takes about 4 ms on an
// H100); it is called from one thread at a time.
class PowerSource {
 public:
  virtual ~PowerSource() = default;
  // The devices, fixed at construction.
  virtual const std::vector<DeviceInfo>& Devices() const = 0;
  // Reads device `i` (an index into Devices()).
  virtual Reading Read(size_t i) = 0;
  // Facts a user must know about what is (not) measured: "no GPU: NVML not found", "RAPL
  // energy_uj not readable (permission denied)", "MIG on gpu0: whole-GPU energy".
  virtual std::vector<std::string> Notes() const = 0;
};

// NVML loaded at run time with dlopen (no build-time dependency on the driver).
struct NvmlOptions {
  std::string library = "libnvidia-ml.so.1";  // a name for the loader, or a path
  std::vector<int> gpus;                      // NVML indices to measure; empty = all
  // The library was named by the user (--nvml-lib, $GPUFLEET_NVML_LIB): one that cannot be
  // loaded or is not NVML (lacks its functions) is then an input error, not a note.
  bool named = false;
  // It was named by $GPUFLEET_NVML_LIB, not by the flag: errors name the variable (they said
  // '--nvml-lib' for a value that came from the environment).
  bool from_environment = false;
};
// Never fails for a missing default library, driver or GPU: the source then has no devices and
// a note. Throws InputError (field --gpus) when a requested index does not exist, and (field
// --nvml-lib) when a named library cannot be loaded or is not NVML.
std::unique_ptr<PowerSource> OpenNvml(const NvmlOptions& options);

// RAPL through the powercap sysfs tree: top-level intel-rapl:N zones (packages) and their "dram"
// subzones. An unreadable energy_uj (permission denied since Linux 5.10 for non-root) gives a
// note, not a failure. Missing root: no devices and a note.
struct RaplOptions {
  std::string root = "/sys/class/powercap";
  // Reads a small file; returns nullopt and sets errno on failure. Replaceable for tests.
  std::function<std::optional<std::string>(const std::string& path)> read_file;
};
std::unique_ptr<PowerSource> OpenRapl(const RaplOptions& options);

// Several sources seen as one (devices concatenated in order, notes joined).
std::unique_ptr<PowerSource> Combine(std::vector<std::unique_ptr<PowerSource>> sources);

// An in-memory source for tests: each device's reading is computed from a function of time.
class FakeSource : public PowerSource {
 public:
  using ReadFn = std::function<Reading()>;
  void Add(DeviceInfo info, ReadFn read) {
    devices_.push_back(std::move(info));
    reads_.push_back(std::move(read));
  }
  void AddNote(std::string note) { notes_.push_back(std::move(note)); }
  const std::vector<DeviceInfo>& Devices() const override { return devices_; }
  Reading Read(size_t i) override { return reads_.at(i)(); }
  std::vector<std::string> Notes() const override { return notes_; }

 private:
  std::vector<DeviceInfo> devices_;
  std::vector<ReadFn> reads_;
  std::vector<std::string> notes_;
};

// What one device did over a run.
struct DeviceResult {
  DeviceInfo info;
  std::string method;         // "counter", "power-integration" or "none" (nothing readable)
  // The reported figure, +- the source's uncertainty. For a run that ended (EnergyTrack::SetEnd)
  // its value adds the time from the run's start to the first reading (the sampler's start-up)
  // at the first reading's power (the average without power readings).
  Energy<Interval> energy;
  Energy<> from_counter;      // counter deltas alone (0 without a counter)
  Energy<> from_power;        // trapezoid of power samples alone (0 without power)
  bool counter_read = false;  // a counter reading succeeded (from_counter means something)
  bool power_read = false;    // a power reading succeeded (from_power and peak mean something)
  // The longest time seen between two updates of a counter that held its value across reads
  // while the device drew power (NVML's moves every 100-150 ms on an H100); 0 when it moved at
  // every read or was not seen. A run's first and last readings lag its start and end by up to
  // this: the range is widened by it at each end, at the highest power seen near that end.
  Duration<> counter_period = 0.0 * units::s;
  Power<> average;  // the energy read (before the start's fill) / covered time
  // The average power over the time the device was there (from the run's start to its end, or
  // to when the device was lost): `average` as the value, the range from the energy's range over
  // that time (what the readings missed at the highest power seen). The fleet projection's power
  // per GPU: a GPU lost halfway counted at 0 W afterwards dragged it down.
  Power<Interval> present_power = Power<Interval>::FromSi(Interval(0.0));
  Power<> peak;        // highest power sample (0 without power)
  Power<> recent;      // last power sample, or the last counter delta over its interval
  Duration<> covered;  // first to last good sample
  // Since the run's start, when the last good sample counted was taken (0 without one): a
  // Monitor window's edge taken while the sampler was stuck in a read has its energy from this
  // earlier time.
  Duration<> last_read_at = 0.0 * units::s;
  int samples = 0;           // good samples
  int errors = 0;            // reads that failed without losing the device
  int resets = 0;            // counter resets seen (the counter went backwards, not a wrap)
  int unbridged_resets = 0;  // resets with no power reading to estimate the lost interval: the
                             // energy counts from the restart, so its upper bound is widened by
                             // max_plausible over each such interval
  int wraps = 0;             // counter wrap-arounds seen
  // Counter steps forward over 100 kW through their interval beyond a counter's update lag
  // (0.25 s, allowed once over the run, not at each step; a driver fault): not counted; bridged
  // from power, or (`unbridged_jumps`) counted as nothing with the high end widened by
  // max_plausible over the interval, the run then partial.
  int jumps = 0;
  int unbridged_jumps = 0;
  double relative_uncertainty = 0;            // of the central figure: energy = e (1 -+ this)
  Energy<> unbridged_bound = 0.0 * units::J;  // the part of energy's high end added for
                                              // unbridged resets (the energy they may have lost)
  std::optional<Duration<>> lost_at;          // since the run's start, when the device vanished
  // What the figure had to assume, in words, for the run's notes: a counter that never moved
  // while the power said otherwise, the end of the run interpolated across a stalled read.
  std::vector<std::string> notes;
};

// Pure accounting of one device's samples; the Meter keeps one per device.
class EnergyTrack {
 public:
  explicit EnergyTrack(DeviceInfo info) : info_(std::move(info)) {}
  // Adds a reading taken at `t` seconds (monotonic, non-decreasing).
  void Add(double t, const Reading& r);
  // The run ended at `end` (the measured command's end): readings after it still count for
  // wraps and resets, but the energy is taken at `end`, interpolated between the last reading
  // at or before it and the first after it (a read that stalled across the end returned energy
  // drawn after it: 630 J for a 0.3 s run at 300 W). A reading within `slack` seconds after
  // `end` (the closing reading, taken as soon as the sampler wakes) counts as taken at the end.
  void SetEnd(double end, double slack) {
    end_ = end;
    end_slack_ = slack;
  }
  // The result so far; `start` is the run's start time (for lost_at).
  DeviceResult Result(double start) const;

 private:
  struct Mark {  // the totals after one reading
    double t, counter_j, power_j;
  };
  void AddCounter(double t, uint64_t c, std::optional<double> power_trapezoid_j, bool with_power);
  void AddDelta(double t, uint64_t c, std::optional<double> power_trapezoid_j);
  DeviceInfo info_;
  std::optional<double> first_t_, last_t_, last_power_w_;
  std::optional<double> first_power_w_;  // the first power reading's (fills the run's start)
  // The first and the last kNearSamples power samples (time, W): the power near each end of the
  // run, at which a coarse counter's lag widens the range there (the run's highest power at both
  // ends put a 100 W start's low end at 0 J because the run ended at 2 kW).
  static constexpr size_t kNearSamples = 64;
  std::vector<std::pair<double, double>> head_w_;
  std::deque<std::pair<double, double>> tail_w_;
  std::optional<uint64_t> last_counter_;
  double counter_j_ = 0, power_j_ = 0, peak_w_ = 0, recent_w_ = 0;
  int samples_ = 0, errors_ = 0, resets_ = 0, unbridged_ = 0, wraps_ = 0, jumps_ = 0,
      unbridged_jumps_ = 0;
  double last_jump_j_ = 0, last_jump_dt_ = 0;  // the last implausible step, for its note
  // A counter's steps above DeviceInfo::max_counter_step over the time read plus this (a
  // counter's update lag, once, not a step's) are no energy.
  static constexpr double kCounterStepSlackS = 0.25;
  // The lag the steps so far left unused (s): a step over max_counter_step through its interval
  // uses it up, one under gives it back, up to kCounterStepSlackS.
  double step_credit_s_ = kCounterStepSlackS;
  std::string last_error_;  // the source's message for the last failed read
  double unbridged_j_ = 0;  // upper bound of the energy a reset without power may have lost
  std::optional<double> lost_at_;
  std::optional<double> end_;
  double end_slack_ = 0;
  std::optional<Mark> before_end_,
      after_end_;                      // the last reading at or before end_, the first after
  std::optional<double> value_since_;  // the first reading that saw the counter's current value
  bool counter_held_ = false;          // the counter held a value across reads under power
  double counter_period_ = 0;          // longest time from one counter change seen to the next
};

// Time for the Meter's timestamps, in seconds on a monotonic clock. Injectable for tests.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual double Now() = 0;
};
// The process's steady clock.
Clock& SteadyClock();

struct MeterOptions {
  Duration<> interval = 100.0 * units::ms;  // between samples; the H100 counter moves every ~0.1 s
  // How long Start() and Stop() wait for a sampler stuck in a read before giving up on it (the
  // result is then flagged partial).
  Duration<> stall_timeout = 5.0 * units::s;
};

struct MeterResult {
  std::vector<DeviceResult> devices;
  Duration<> duration;             // Start() to Stop()
  Duration<> first_sample_delay;   // Start() call to its first sample done
  Duration<> longest_gap;          // longest time between two sampling rounds
  int rounds = 0;                  // sampling rounds done
  bool partial = false;            // a device vanished or the sampler stalled
  std::vector<std::string> notes;  // the source's notes, then what happened during the run
};

// Samples every device of a source every `interval` on its own thread. The first round is taken
// inside Start() and the last inside Stop(), so a wrapped command lies inside the window.
// The sampler holds the source: a sampler stuck in a read is abandoned, never joined forever.
class Meter {
 public:
  Meter(std::shared_ptr<PowerSource> source, MeterOptions options, Clock& clock = SteadyClock());
  ~Meter();
  Meter(const Meter&) = delete;
  Meter& operator=(const Meter&) = delete;

  void Start();
  MeterResult Stop();
  // The result so far, while running (for the exporter). Thread-safe.
  MeterResult Snapshot() const;
  // Asks the sampler for one round now (on its own thread, between its regular rounds) and
  // returns the result including it: the edges of a measurement window (monitor.h). Waits at
  // most the stall timeout. Its `duration` runs to the request (the round's reads come after
  // it); a sampler stuck in a read (past the timeout, or one that came back after the request
  // having taken over half an interval, at least 50 ms) gives the devices as they were at the
  // request and a note, their `last_read_at` before it (the wait is not counted: a window ended
  // 0.6 s in lasted 5.6 s; nor the energy the late read saw: 660 J for 0.4 s at 200 W). Before
  // Start() or after Stop(), the result as it stands. Thread-safe.
  MeterResult SampleNow();

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace gpufleet
