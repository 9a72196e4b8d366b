// Test helper: a small catalog built in the test (not the embedded one), so model tests pin
// their own inputs and do not move when data/ changes.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include "gpufleet/catalog.h"

namespace gpufleet::testing {

inline const char* kTestCatalogToml = R"(
[[gpu]]
id = "test-gpu"
name = "Test GPU"
aliases = ["tg"]
[gpu.tdp_w]
value = 700
source = "test"
year = 2024
confidence = "verified"
[gpu.idle_w]
value = 100
source = "test"
year = 2024
confidence = "secondary"
[gpu.bf16_dense_flop_per_s]
value = 1e15
source = "test"
year = 2024
confidence = "verified"
[gpu.price_usd]
low = 20000
high = 30000
source = "test"
year = 2024
confidence = "secondary"
[gpu.board_length_mm]
value = 267.7
source = "test"
year = 2024
confidence = "secondary"
[gpu.embodied_kg_co2e]
value = 100
source = "test"
year = 2024
confidence = "unverified"

[[gpu]]
id = "bare-gpu"
name = "GPU with only a TDP"
[gpu.tdp_w]
value = 400
source = "test"
year = 2024
confidence = "verified"

[[site]]
id = "test-site"
name = "Test site"
[site.grid_kg_per_kwh]
value = 0.5
source = "test"
year = 2024
confidence = "verified"
[site.price_usd_per_kwh]
value = 0.1
source = "test"
year = 2024
confidence = "verified"
[site.pue]
value = 1.5
source = "test"
year = 2024
confidence = "verified"
[site.wue_l_per_kwh]
value = 2
source = "test"
year = 2024
confidence = "verified"
[site.offsite_water_l_per_kwh]
value = 3
source = "test"
year = 2024
confidence = "verified"

[[system]]
id = "test-system"
name = "Test 8-GPU system"
gpu = "test-gpu"
[system.gpus_count]
value = 8
source = "test"
year = 2024
confidence = "verified"
[system.host_power_per_gpu_w]
value = 200
source = "test"
year = 2024
confidence = "secondary"
[system.price_usd]
value = 320000
source = "test"
year = 2024
confidence = "secondary"

[[reference]]
id = "lombardy-electricity-2023"
name = "Lombardy electricity consumption 2023"
label = "Lombardy's 2023 electricity consumption"
[reference.energy_kwh]
value = 63123.9e6
source = "Terna"
year = 2023
confidence = "secondary"

[[reference]]
id = "leonardo"
name = "Leonardo supercomputer"
plural = "Leonardos"
[reference.gpus_count]
value = 13824
source = "CINECA"
year = 2023
confidence = "verified"
)";

inline const Catalog& TestCatalog() {
  static const Catalog c = Catalog::FromTexts({{"test.toml", kTestCatalogToml}});
  return c;
}

// A fresh copy of the source tree's data/*.toml in a temporary directory named for `name` and
// this process (sharded runs of the suite do not meet), for tests that edit a catalog
// directory. The caller removes it.
inline std::filesystem::path CopyOfDataDir(const std::string& name) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& f : fs::directory_iterator(fs::path(GPUFLEET_SOURCE_DIR) / "data")) {
    if (f.path().extension() == ".toml") fs::copy_file(f.path(), dir / f.path().filename());
  }
  return dir;
}

}  // namespace gpufleet::testing
