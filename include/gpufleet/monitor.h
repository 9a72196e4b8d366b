// Measurement windows inside a program (a training loop): Monitor samples the devices on its own
// thread (a Meter) from construction to destruction, and BeginWindow/EndWindow cut named windows
// out of that timeline, each with its energy per device, its duration, and its cost, CO2e and
// water at a site (site_energy.h). Windows may nest and overlap; they are told apart by name.
// Each ended window can be appended to a CSV and a SQLite ledger (ledger.h).
//
// A window's edges are sampling rounds taken on demand (Meter::SampleNow), so a window is exact
// to one device read, not to the sampling interval. Energy is whole-device (measure.h): a window
// counts everything running on a measured GPU, not only this process.
//
// Many processes: under torchrun, Open MPI or Slurm (launch.h) only local rank 0 reads the
// node's devices; the other ranks' windows have durations but no devices (a note says so), so
// summing every rank's records counts each GPU once. MonitorOptions::every_rank_reads turns the
// rule off.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gpufleet/error.h"
#include "gpufleet/figure.h"
#include "gpufleet/launch.h"
#include "gpufleet/measure.h"
#include "gpufleet/site_energy.h"
#include "gpufleet/units.h"

namespace gpufleet {

class RecordSink;  // ledger.h

struct MonitorOptions {
  // The devices. When `source` is set it is used as is (tests: a FakeSource); otherwise NVML
  // (`nvml_library`, `gpus`; unless gpu is false) and RAPL (`powercap_root`; unless cpu is false).
  std::shared_ptr<PowerSource> source;
  bool gpu = true;
  std::vector<int> gpus;  // NVML indices; empty = all
  std::string nvml_library = "libnvidia-ml.so.1";
  bool nvml_library_named = false;  // named by the user: not NVML is an InputError (NvmlOptions)
  bool nvml_library_from_environment = false;  // named by $GPUFLEET_NVML_LIB (NvmlOptions)
  bool cpu = true;
  std::string powercap_root = "/sys/class/powercap";

  SiteFactors site;  // cost, CO2e and water of each window (site_energy.h); none by default
  Duration<> interval = 100.0 * units::ms;  // sampling interval, >= 10 ms
  Duration<> stall_timeout = 5.0 * units::s;

  // Who measured: for the records (CSV, ledger). Empty run_id: one is made up (time and pid).
  std::string project = "gpufleet", run_id, experiment_id;
  std::string python_version;  // set by the Python module, for the CSV's column

  std::optional<Launch> launch;   // empty: DetectLaunch() from the environment
  bool every_rank_reads = false;  // true: every process reads its devices (no one-reader rule)

  // Where each ended window is recorded (ledger.h): none by default.
  std::vector<std::shared_ptr<RecordSink>> sinks;
};

// One device over one window.
struct WindowDevice {
  std::string id, kind, name, uuid;                     // as DeviceInfo
  std::string method;                                   // "counter", "power-integration" or "none"
  Figure energy = Figure::Absent("J", "not measured");  // J, a range (+- the source's
                                                        // uncertainty, widened by unbridged resets)
  int resets = 0;                                       // counter resets inside the window
  int unbridged_resets = 0;  // of which with no power reading to bridge them
  bool lost = false;         // the device vanished during the window
};

struct Window {
  std::string name;
  double start_unix_s = 0, end_unix_s = 0;  // wall clock, for records
  Duration<> duration = 0.0 * units::s;     // monotonic clock
  std::vector<WindowDevice> devices;
  // J; absent when no device of that kind was measured (never a fake 0).
  Figure gpu_energy = Figure::Absent("J", "no GPU measured");
  Figure cpu_energy = Figure::Absent("J", "no CPU package measured");
  Figure dram_energy = Figure::Absent("J", "no DRAM domain measured");
  Figure energy = Figure::Absent("J", "no device measured");  // IT energy, all devices
  // At the site (MonitorOptions::site): facility energy (kWh), cost (USD), operational CO2e
  // (kg CO2e) and water (L); absent when `energy` is absent.
  Figure facility_energy = Figure::Absent("kWh", "no device measured");
  Figure cost = Figure::Absent("USD", "no device measured");
  Figure co2e = Figure::Absent("kg CO2e", "no device measured");
  Figure water = Figure::Absent("L", "no device measured");
  SiteFactors site;
  Launch launch;
  std::string project, run_id, experiment_id, python_version;
  bool partial = false;  // a device vanished, a reset could not be bridged, or a read stalled
  std::vector<std::string> notes;
  // Set when a record sink refused the record (a full disk, a ledger made read-only since): the
  // window itself is complete; the message says which sink and why.
  std::vector<std::string> record_errors;
};

nlohmann::json ToJson(const Window& w);

// The factors of catalog site `id` as the fleet model reads them (PUE, grid, price, water); "none"
// gives no factors (cost, CO2e and water 0 with a site id of ""). `catalog_dir` empty: the
// embedded catalog. Throws InputError (field `field`) for an unknown site.
SiteFactors SiteFactorsFor(const std::string& id, const std::string& catalog_dir = {},
                           const std::string& field = "site");

// A window's name goes into every record (CSV, ledger) and message: at most this many bytes of
// printable text (no C0 or C1 control character, no DEL, no NUL). CheckWindowName throws
// InputError (field "name") otherwise, and for an empty name.
inline constexpr size_t kMaxWindowNameBytes = 256;
void CheckWindowName(const std::string& name);
// The same rule for the other text of a record (the project, run and experiment ids; empty is
// allowed): throws InputError at `where`, saying what `what` ("a project name") may be.
void CheckRecordText(const std::string& text, const Where& where, const std::string& what);

class Monitor {
 public:
  // Opens the devices and starts sampling. Throws InputError for a bad option (a GPU index that
  // does not exist, an interval under 10 ms, a malformed launcher variable, a project, run or
  // experiment id that is not CheckRecordText's).
  explicit Monitor(MonitorOptions options);
  ~Monitor();
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  // Starts window `name` (CheckWindowName). Throws InputError when a window of that name is open.
  // Takes one device round (about one NVML read per GPU). Thread-safe.
  void BeginWindow(const std::string& name);
  // Ends window `name` and returns it; records it in every sink. Throws InputError when no
  // window of that name is open. Thread-safe.
  Window EndWindow(const std::string& name);
  // The names of the open windows, in the order they began.
  std::vector<std::string> OpenWindows() const;
  // Stops the sampler and drops the open windows; BeginWindow and EndWindow then throw
  // InputError ("the monitor was closed"). Waits for a BeginWindow or EndWindow running in
  // another thread to finish taking its edge (they exclude each other), so closing while another
  // thread cuts windows is safe (a Python thread closing a Monitor while another ended a window
  // freed the sampler under it: a crash). Idempotent; the destructor closes too. Thread-safe.
  void Close();
  bool closed() const;

  const std::vector<DeviceInfo>& Devices() const;
  const Launch& launch() const;
  const std::string& run_id() const;
  // The source's notes (what is not measured, and why) and the rank rule's.
  std::vector<std::string> Notes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpufleet
