// NVML power source: libnvidia-ml loaded with dlopen; one device per selected GPU.
#include <dlfcn.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <type_traits>

#include "gpufleet/error.h"
#include "gpufleet/measure.h"
#include "measure/nvml_api.h"

namespace gpufleet {
namespace {

constexpr unsigned int kMaxPlausibleMilliwatts = 100'000'000;  // 100 kW

struct NvmlApi {
  nvmlInit_v2_fn init = nullptr;
  nvmlShutdown_fn shutdown = nullptr;
  nvmlErrorString_fn error_string = nullptr;
  nvmlDeviceGetCount_v2_fn count = nullptr;
  nvmlDeviceGetHandleByIndex_v2_fn handle = nullptr;
  nvmlDeviceGetName_fn name = nullptr;
  nvmlDeviceGetUUID_fn uuid = nullptr;
  nvmlDeviceGetTotalEnergyConsumption_fn energy = nullptr;  // optional (pre-Volta drivers)
  nvmlDeviceGetPowerUsage_fn power = nullptr;
  nvmlDeviceGetMigMode_fn mig = nullptr;  // optional

  // Resolves every symbol; returns the first missing required one, or empty.
  std::string Load(void* lib) {
    auto sym = [lib](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(lib, name));
      return fn != nullptr;
    };
    sym(energy, "nvmlDeviceGetTotalEnergyConsumption");
    sym(mig, "nvmlDeviceGetMigMode");
    if (!sym(init, "nvmlInit_v2")) return "nvmlInit_v2";
    if (!sym(shutdown, "nvmlShutdown")) return "nvmlShutdown";
    if (!sym(error_string, "nvmlErrorString")) return "nvmlErrorString";
    if (!sym(count, "nvmlDeviceGetCount_v2")) return "nvmlDeviceGetCount_v2";
    if (!sym(handle, "nvmlDeviceGetHandleByIndex_v2")) return "nvmlDeviceGetHandleByIndex_v2";
    if (!sym(name, "nvmlDeviceGetName")) return "nvmlDeviceGetName";
    if (!sym(uuid, "nvmlDeviceGetUUID")) return "nvmlDeviceGetUUID";
    if (!sym(power, "nvmlDeviceGetPowerUsage")) return "nvmlDeviceGetPowerUsage";
    return "";
  }
};

// UNINITIALIZED is not a lost GPU: it says this process's NVML was shut down (a library that
// does not count nvmlInit/nvmlShutdown pairs, or one shutdown too many elsewhere); a read failing
// so is a failed read, not "vanished" (found by an adversarial tester).
bool IsLost(nvmlReturn_t rc) { return rc == NVML_ERROR_GPU_IS_LOST || rc == NVML_ERROR_NOT_FOUND; }

class NvmlSource : public PowerSource {
 public:
  explicit NvmlSource(const NvmlOptions& o) {
    // A path (not a bare soname the loader searches for) must name a regular file: dlopen of a
    // FIFO or a device blocks or reads without end.
    // A library the user named that is not NVML is their mistake (exit 2), not a machine
    // without GPUs: "--nvml-lib /etc/passwd" measured nothing and reported 0 Wh with exit 0.
    // GPUs named with --gpus that cannot be read at all are refused as an out-of-range index is
    // ("--gpus 0" with nvmlInit failing ran the command and said "no GPU measured"; found by an
    // adversarial tester).
    auto fail = [&](const std::string& why) {
      if (o.named) {
        throw InputError(o.from_environment ? Where{"<environment>", 0, "GPUFLEET_NVML_LIB"}
                                            : Where{"<flag>", 0, "--nvml-lib"},
                         why);
      }
      if (!o.gpus.empty()) {
        throw InputError(Where{"<flag>", 0, "--gpus"}, "no GPU can be read here: " + why);
      }
      notes_.push_back("no GPU measured: " + why);
    };
    struct stat st;
    if (o.library.find('/') != std::string::npos && ::stat(o.library.c_str(), &st) == 0 &&
        !S_ISREG(st.st_mode)) {
      fail(fmt::format("{} is not a regular file", o.library));
      return;
    }
    lib_ = dlopen(o.library.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!lib_) {
      const char* e = dlerror();
      fail(fmt::format("NVML could not be loaded ({})", e ? e : o.library));
      return;
    }
    if (auto missing = api_.Load(lib_); !missing.empty()) {
      const std::string why = fmt::format("{} lacks {}", o.library, missing);
      dlclose(lib_);
      lib_ = nullptr;
      fail(why);
      return;
    }
    if (nvmlReturn_t rc = api_.init(); rc != NVML_SUCCESS) {
      const std::string why = fmt::format("nvmlInit failed: {}", Error(rc));
      if (!o.gpus.empty()) {
        dlclose(lib_);
        lib_ = nullptr;
        throw InputError(Where{"<flag>", 0, "--gpus"}, "no GPU can be read here: " + why);
      }
      notes_.push_back("no GPU measured: " + why);
      return;
    }
    initialized_ = true;
    try {
      AddDevices(o.gpus);
    } catch (...) {
      api_.shutdown();
      dlclose(lib_);
      throw;
    }
  }

  ~NvmlSource() override {
    if (initialized_) api_.shutdown();
    if (lib_) dlclose(lib_);
  }

  const std::vector<DeviceInfo>& Devices() const override { return devices_; }
  std::vector<std::string> Notes() const override { return notes_; }

  Reading Read(size_t i) override {
    Reading r;
    nvmlDevice_t h = handles_.at(i);
    const DeviceInfo& d = devices_[i];
    // Lost before its first read: every read says so (it read as a success with no value, and
    // nvml-probe said "ok": true for it; found by an adversarial tester).
    if (d.lost_at_start) {
      r.status = Reading::Status::kLost;
      r.error = lost_error_.at(i);
      return r;
    }
    if (d.has_power) {
      unsigned int mw = 0;
      nvmlReturn_t rc = api_.power(h, &mw);
      if (rc != NVML_SUCCESS) return Failed(rc);
      // No GPU draws 100 kW: such a reading (a driver fault, or a negative value read as
      // unsigned) is a failed read, not a sample; it stopped `measure` after the command had run
      // and lost its report (found by an adversarial tester with the fake library). The counter
      // is still read, for nvml-probe's raw read (which dropped it); the Meter counts no part of
      // a failed read.
      if (mw > kMaxPlausibleMilliwatts) {
        r.status = Reading::Status::kError;
        r.error = fmt::format("implausible power reading: {} mW", mw);
      } else {
        r.power = mw * 1e-3 * units::W;
      }
    }
    if (d.has_counter) {
      unsigned long long mj = 0;
      nvmlReturn_t rc = api_.energy(h, &mj);
      if (rc != NVML_SUCCESS) return Failed(rc);
      r.counter = mj;
    }
    return r;
  }

 private:
  std::string Error(nvmlReturn_t rc) const {
    const char* s = api_.error_string ? api_.error_string(rc) : nullptr;
    return fmt::format("{} (NVML error {})", s ? s : "unknown", static_cast<int>(rc));
  }

  Reading Failed(nvmlReturn_t rc) const {
    Reading r;
    r.status = IsLost(rc) ? Reading::Status::kLost : Reading::Status::kError;
    r.error = Error(rc);
    return r;
  }

  void AddDevices(std::vector<int> wanted) {
    unsigned int n = 0;
    if (nvmlReturn_t rc = api_.count(&n); rc != NVML_SUCCESS) {
      notes_.push_back(fmt::format("no GPU measured: nvmlDeviceGetCount failed: {}", Error(rc)));
      return;
    }
    if (n == 0) notes_.push_back("no GPU measured: NVML found no GPU");
    if (wanted.empty()) {
      for (unsigned int i = 0; i < n; ++i) wanted.push_back(static_cast<int>(i));
    }
    for (int i : wanted) {
      if (i < 0 || static_cast<unsigned int>(i) >= n) {
        throw InputError(Where{"<flag>", 0, "--gpus"},
                         fmt::format("no GPU {}: NVML sees {} GPU(s)", i, n));
      }
      AddDevice(static_cast<unsigned int>(i));
    }
  }

  void AddDevice(unsigned int i) {
    nvmlDevice_t h = nullptr;
    if (nvmlReturn_t rc = api_.handle(i, &h); rc != NVML_SUCCESS) {
      notes_.push_back(fmt::format("gpu{} skipped: {}", i, Error(rc)));
      return;
    }
    DeviceInfo d;
    d.id = fmt::format("gpu{}", i);
    d.kind = "gpu";
    d.index = static_cast<int>(i);
    // Valid UTF-8 once, here (a name with a 0xFF byte stopped every JSON output with an internal
    // error and broke the exporter's page; found by an adversarial tester); the buffer is read to
    // its end at most, should the library leave no NUL.
    char buf[NVML_DEVICE_NAME_V2_BUFFER_SIZE] = {};
    if (api_.name(h, buf, sizeof buf) == NVML_SUCCESS) {
      d.name = DeviceText(std::string_view(buf, sizeof buf));
    }
    char ubuf[NVML_DEVICE_UUID_V2_BUFFER_SIZE] = {};
    if (api_.uuid(h, ubuf, sizeof ubuf) == NVML_SUCCESS) {
      d.uuid = DeviceText(std::string_view(ubuf, sizeof ubuf));
    }
    // A UUID is one GPU's: two devices that give one (a driver or virtualisation fault) wrote a
    // report that `merge` refused as one GPU listed twice, with no word here (found by an
    // adversarial tester). The later device keeps its readings and loses the UUID, said here,
    // so that it is counted by its id, as a GPU without a UUID is.
    if (!d.uuid.empty()) {
      const auto same = std::find_if(devices_.begin(), devices_.end(),
                                     [&](const DeviceInfo& o) { return o.uuid == d.uuid; });
      if (same != devices_.end()) {
        notes_.push_back(fmt::format(
            "{} ({}) gives the UUID {} of {} as well, which no two GPUs share: it is measured "
            "under its id alone, its UUID left out (if both are one GPU, its energy is counted "
            "twice)",
            d.id, d.name.empty() ? "no name" : d.name, d.uuid, same->id));
        d.uuid.clear();
      }
    }
    std::string lost_error;
    Probe(h, d, lost_error);
    handles_.push_back(h);
    lost_error_.push_back(std::move(lost_error));
    devices_.push_back(std::move(d));
  }

  // Finds out what the GPU supports, with one read of each.
  void Probe(nvmlDevice_t h, DeviceInfo& d, std::string& lost_error) {
    unsigned long long mj = 0;
    const nvmlReturn_t energy_rc = api_.energy ? api_.energy(h, &mj) : NVML_ERROR_NOT_SUPPORTED;
    d.has_counter = energy_rc == NVML_SUCCESS;
    unsigned int mw = 0;
    const nvmlReturn_t power_rc = api_.power(h, &mw);
    d.has_power = power_rc == NVML_SUCCESS;
    d.counter_unit_j = 1e-3;
    // Lost before the first read: said as lost (it read "reports neither energy nor power", the
    // run not partial; found by an adversarial tester).
    d.lost_at_start = !d.has_counter && !d.has_power && (IsLost(energy_rc) || IsLost(power_rc));
    if (d.lost_at_start) {
      lost_error = Error(IsLost(power_rc) ? power_rc : energy_rc);
      notes_.push_back(fmt::format("{} ({}) is lost before its first read: {}", d.id,
                                   d.name.empty() ? "no name" : d.name, lost_error));
    } else if (!d.has_counter && d.has_power) {
      notes_.push_back(
          fmt::format("{} ({}) has no total-energy counter: energy is integrated "
                      "from power samples",
                      d.id, d.name));
    } else if (!d.has_counter) {
      notes_.push_back(
          fmt::format("{} ({}) reports neither energy nor power: not measured", d.id, d.name));
    }
    unsigned int cur = 0, pending = 0;
    // MIG mode unread (no such function, NOT_SUPPORTED, a GPU lost) is unknown, not off.
    d.mig_read = api_.mig && api_.mig(h, &cur, &pending) == NVML_SUCCESS;
    if (d.mig_read && cur == NVML_DEVICE_MIG_ENABLE) {
      d.mig_enabled = true;
      notes_.push_back(
          fmt::format("{} ({}) is in MIG mode: its energy is the whole GPU's, shared "
                      "by every MIG instance, not one instance's",
                      d.id, d.name));
    }
  }

  void* lib_ = nullptr;
  bool initialized_ = false;
  NvmlApi api_;
  std::vector<DeviceInfo> devices_;
  std::vector<nvmlDevice_t> handles_;
  std::vector<std::string> lost_error_;  // per device: why it was lost before its first read
  std::vector<std::string> notes_;
};

}  // namespace

std::unique_ptr<PowerSource> OpenNvml(const NvmlOptions& options) {
  return std::make_unique<NvmlSource>(options);
}

}  // namespace gpufleet
