// A fake libnvidia-ml.so.1 for tests: the NVML entry points gpufleet uses, driven by a script
// named in $FAKE_NVML_SCRIPT. One directive per line, '#' starts a comment, times in seconds:
//
//   init error=9                    nvmlInit_v2 fails with that NVML code
//   clock manual                    time comes from fakeNvmlSetTime(); default: real seconds
//                                   since nvmlInit_v2
//   clock wall                      time is the Unix time: counters agree across processes
//   device name="NVIDIA H100 80GB HBM3" uuid=GPU-1 energy=1 power=1 mig=0 offset_mj=0 quantum=0
//                                   energy=0/power=0: that read answers NOT_SUPPORTED;
//                                   offset_mj: the counter's value at t=0 (wraps at 2^64);
//                                   quantum: the counter only moves every `quantum` seconds
//   power gpu=0 t=0 w=250           from t on, gpu 0 draws w watts (steps; 0 W before the first)
//   reset gpu=0 t=5                 the energy counter restarts from 0 at t
//   vanish gpu=0 t=3                from t on, every call on gpu 0 answers GPU_IS_LOST
//   stall gpu=0 t=1 s=2             the first read at or after t sleeps s real seconds
//
// The counter is the exact integral of the power steps, so tests know the true energy.
// nvmlInit_v2 and nvmlShutdown are reference-counted like the real library's: the script is read
// by the first init (and by one that finds $FAKE_NVML_SCRIPT changed), and calls answer
// UNINITIALIZED after the last shutdown only.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "measure/nvml_api.h"

namespace {

struct Step {
  double t, w;
};
struct Stall {
  double t, s;
  bool done = false;
};
struct Dev {
  std::string name = "Fake GPU", uuid;
  bool energy = true, power = true;
  unsigned mig = 0;
  uint64_t offset_mj = 0;
  double quantum = 0;
  std::vector<Step> steps;
  std::optional<double> reset_t, vanish_t;
  std::vector<Stall> stalls;
};

std::mutex mu;
std::vector<Dev> devs;
bool manual = false, wall = false, inited = false;
int init_count = 0;         // nvmlInit_v2 calls not yet shut down
std::string loaded_script;  // the script the devices were read from
double manual_t = 0;
int init_error = 0;
std::chrono::steady_clock::time_point t0;

double Now() {
  if (manual) return manual_t;
  if (wall) {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// key=value tokens; a value may be "quoted with spaces".
std::map<std::string, std::string> Tokens(std::istringstream& in) {
  std::map<std::string, std::string> kv;
  std::string tok;
  while (in >> tok) {
    auto eq = tok.find('=');
    if (eq == std::string::npos) continue;
    std::string key = tok.substr(0, eq), val = tok.substr(eq + 1);
    if (!val.empty() && val[0] == '"') {
      while (val.size() < 2 || val.back() != '"') {
        std::string more;
        if (!(in >> more)) break;
        val += " " + more;
      }
      val = val.substr(1, val.size() - 2);
    }
    kv[key] = val;
  }
  return kv;
}

double Num(std::map<std::string, std::string>& kv, const char* k, double def = 0) {
  return kv.count(k) ? std::strtod(kv[k].c_str(), nullptr) : def;
}

bool Load(const char* path) {
  std::ifstream f(path);
  if (!f) {
    std::fprintf(stderr, "fake_nvml: cannot open script %s\n", path);
    return false;
  }
  std::string line;
  while (std::getline(f, line)) {
    if (auto h = line.find('#'); h != std::string::npos && line.find('"') == std::string::npos) {
      line.resize(h);
    }
    std::istringstream in(line);
    std::string verb;
    if (!(in >> verb)) continue;
    auto kv = Tokens(in);
    size_t g = static_cast<size_t>(Num(kv, "gpu"));
    if (verb == "init") {
      init_error = static_cast<int>(Num(kv, "error"));
    } else if (verb == "clock") {
      manual = line.find("manual") != std::string::npos;
      wall = line.find("wall") != std::string::npos;
    } else if (verb == "device") {
      Dev d;
      if (kv.count("name")) d.name = kv["name"];
      d.uuid = kv.count("uuid") ? kv["uuid"] : "GPU-fake-" + std::to_string(devs.size());
      d.energy = Num(kv, "energy", 1) != 0;
      d.power = Num(kv, "power", 1) != 0;
      d.mig = static_cast<unsigned>(Num(kv, "mig"));
      d.offset_mj = kv.count("offset_mj") ? std::strtoull(kv["offset_mj"].c_str(), nullptr, 10) : 0;
      d.quantum = Num(kv, "quantum");
      devs.push_back(d);
    } else if (g >= devs.size()) {
      std::fprintf(stderr, "fake_nvml: %s: no gpu %zu: %s\n", path, g, line.c_str());
      return false;
    } else if (verb == "power") {
      devs[g].steps.push_back({Num(kv, "t"), Num(kv, "w")});
    } else if (verb == "reset") {
      devs[g].reset_t = Num(kv, "t");
    } else if (verb == "vanish") {
      devs[g].vanish_t = Num(kv, "t");
    } else if (verb == "stall") {
      devs[g].stalls.push_back({Num(kv, "t"), Num(kv, "s")});
    } else {
      std::fprintf(stderr, "fake_nvml: %s: unknown directive: %s\n", path, line.c_str());
      return false;
    }
  }
  return true;
}

double PowerAt(const Dev& d, double t) {
  double w = 0;
  for (const auto& s : d.steps) {
    if (s.t <= t) w = s.w;
  }
  return w;
}

// Joules drawn from a to b (a <= b) under the power steps.
double Integral(const Dev& d, double a, double b) {
  double e = 0;
  for (size_t i = 0; i < d.steps.size(); ++i) {
    const double lo = std::max(a, d.steps[i].t);
    const double hi = std::min(b, i + 1 < d.steps.size() ? d.steps[i + 1].t : b);
    if (hi > lo) e += d.steps[i].w * (hi - lo);
  }
  return e;
}

uint64_t CounterAt(const Dev& d, double t) {
  if (d.quantum > 0) t = std::floor(t / d.quantum) * d.quantum;
  if (d.reset_t && t >= *d.reset_t) {
    return static_cast<uint64_t>(std::llround(Integral(d, *d.reset_t, t) * 1e3));
  }
  return d.offset_mj + static_cast<uint64_t>(std::llround(Integral(d, 0, t) * 1e3));
}

// Common checks for a per-device call; sleeps on a scripted stall (without the lock).
nvmlReturn_t Enter(nvmlDevice_t h, Dev** out, double* t) {
  std::unique_lock lock(mu);
  if (!inited) return NVML_ERROR_UNINITIALIZED;
  const size_t i = reinterpret_cast<uintptr_t>(h) - 1;
  if (i >= devs.size()) return NVML_ERROR_INVALID_ARGUMENT;
  Dev& d = devs[i];
  *t = Now();
  double sleep_s = 0;
  for (auto& s : d.stalls) {
    if (!s.done && *t >= s.t) {
      s.done = true;
      sleep_s += s.s;
    }
  }
  if (sleep_s > 0) {
    lock.unlock();
    std::this_thread::sleep_for(std::chrono::duration<double>(sleep_s));
    lock.lock();
    *t = Now();
  }
  if (d.vanish_t && *t >= *d.vanish_t) return NVML_ERROR_GPU_IS_LOST;
  *out = &d;
  return NVML_SUCCESS;
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) void fakeNvmlSetTime(double t) {
  std::lock_guard lock(mu);
  manual_t = t;
}

// Reference-counted as the real library is: each nvmlInit_v2 needs its nvmlShutdown, and only
// the last shutdown uninitialises (one Monitor closed made another live one's GPUs "vanish";
// found by an adversarial tester). The script is read by the first init, and again by an init
// that finds $FAKE_NVML_SCRIPT naming another file (a test's next script, while an earlier
// test's source is not yet destroyed).
__attribute__((visibility("default"))) nvmlReturn_t nvmlInit_v2(void) {
  std::lock_guard lock(mu);
  const char* path = std::getenv("FAKE_NVML_SCRIPT");
  if (init_count > 0 && loaded_script == (path ? path : "")) {
    ++init_count;
    return NVML_SUCCESS;
  }
  devs.clear();
  init_error = 0;
  manual = wall = false;
  loaded_script = path ? path : "";
  if (path && !Load(path)) return NVML_ERROR_UNKNOWN;
  if (init_error) return static_cast<nvmlReturn_t>(init_error);
  t0 = std::chrono::steady_clock::now();
  inited = true;
  ++init_count;
  return NVML_SUCCESS;
}

__attribute__((visibility("default"))) nvmlReturn_t nvmlShutdown(void) {
  std::lock_guard lock(mu);
  if (init_count == 0) return NVML_ERROR_UNINITIALIZED;
  if (--init_count == 0) inited = false;
  return NVML_SUCCESS;
}

__attribute__((visibility("default"))) const char* nvmlErrorString(nvmlReturn_t rc) {
  switch (rc) {
    case NVML_SUCCESS:
      return "Success";
    case NVML_ERROR_UNINITIALIZED:
      return "Uninitialized";
    case NVML_ERROR_INVALID_ARGUMENT:
      return "Invalid Argument";
    case NVML_ERROR_NOT_SUPPORTED:
      return "Not Supported";
    case NVML_ERROR_DRIVER_NOT_LOADED:
      return "Driver Not Loaded";
    case NVML_ERROR_GPU_IS_LOST:
      return "GPU is lost";
    default:
      return "Unknown Error";
  }
}

__attribute__((visibility("default"))) nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int* n) {
  std::lock_guard lock(mu);
  if (!inited) return NVML_ERROR_UNINITIALIZED;
  *n = static_cast<unsigned>(devs.size());
  return NVML_SUCCESS;
}

__attribute__((visibility("default"))) nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int i,
                                                                                  nvmlDevice_t* h) {
  std::lock_guard lock(mu);
  if (!inited) return NVML_ERROR_UNINITIALIZED;
  if (i >= devs.size()) return NVML_ERROR_INVALID_ARGUMENT;
  *h = reinterpret_cast<nvmlDevice_t>(static_cast<uintptr_t>(i) + 1);
  return NVML_SUCCESS;
}

__attribute__((visibility("default"))) nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t h, char* buf,
                                                                      unsigned int len) {
  Dev* d;
  double t;
  if (nvmlReturn_t rc = Enter(h, &d, &t); rc != NVML_SUCCESS) return rc;
  std::snprintf(buf, len, "%s", d->name.c_str());
  return NVML_SUCCESS;
}

__attribute__((visibility("default"))) nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t h, char* buf,
                                                                      unsigned int len) {
  Dev* d;
  double t;
  if (nvmlReturn_t rc = Enter(h, &d, &t); rc != NVML_SUCCESS) return rc;
  std::snprintf(buf, len, "%s", d->uuid.c_str());
  return NVML_SUCCESS;
}

__attribute__((visibility("default"))) nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(
    nvmlDevice_t h, unsigned long long* mj) {
  Dev* d;
  double t;
  if (nvmlReturn_t rc = Enter(h, &d, &t); rc != NVML_SUCCESS) return rc;
  if (!d->energy) return NVML_ERROR_NOT_SUPPORTED;
  std::lock_guard lock(mu);
  *mj = CounterAt(*d, t);
  return NVML_SUCCESS;
}

__attribute__((visibility("default"))) nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t h,
                                                                            unsigned int* mw) {
  Dev* d;
  double t;
  if (nvmlReturn_t rc = Enter(h, &d, &t); rc != NVML_SUCCESS) return rc;
  if (!d->power) return NVML_ERROR_NOT_SUPPORTED;
  std::lock_guard lock(mu);
  *mw = static_cast<unsigned>(std::lround(PowerAt(*d, t) * 1e3));
  return NVML_SUCCESS;
}

__attribute__((visibility("default"))) nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t h,
                                                                         unsigned int* current,
                                                                         unsigned int* pending) {
  Dev* d;
  double t;
  if (nvmlReturn_t rc = Enter(h, &d, &t); rc != NVML_SUCCESS) return rc;
  *current = *pending = d->mig;
  return NVML_SUCCESS;
}

}  // extern "C"
