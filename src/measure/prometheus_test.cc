#include <fmt/format.h>
#include <gtest/gtest.h>

#include "gpufleet/measure_report.h"

namespace gpufleet {
namespace {

MeterResult OneGpu(const std::string& name) {
  DeviceInfo d;
  d.id = "gpu3";
  d.kind = "gpu";
  d.index = 3;
  d.name = name;
  d.uuid = "GPU-x";
  d.has_counter = true;
  EnergyTrack t(d);
  Reading r;
  r.counter = 0;
  r.power = 100.0 * units::W;
  t.Add(0, r);
  r.counter = 360'000;
  r.power = 300.0 * units::W;
  t.Add(1, r);
  MeterResult m;
  m.devices.push_back(t.Result(0));
  m.rounds = 2;
  return m;
}

TEST(Prometheus, GaugesCountersAndEscapedLabels) {
  const std::string text = PrometheusText(OneGpu("A \"quoted\\name\"\nx"), SiteFactors{});
  EXPECT_NE(text.find("# TYPE gpufleet_gpu_power_watts gauge"), std::string::npos);
  EXPECT_NE(text.find("# TYPE gpufleet_gpu_energy_joules_total counter"), std::string::npos);
  EXPECT_NE(
      text.find(
          R"(gpufleet_gpu_power_watts{gpu="3",uuid="GPU-x",name="A \"quoted\\name\"\nx"} 300)"),
      std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          R"(gpufleet_gpu_energy_joules_total{gpu="3",uuid="GPU-x",name="A \"quoted\\name\"\nx"} 360)"),
      std::string::npos);
  EXPECT_NE(text.find("gpufleet_meter_rounds_total 2"), std::string::npos);
}

// Each socket's DRAM is its own series (both were {domain="dram",kind="dram"}: Prometheus keeps
// one); a GPU that fell off the bus has no power series (its last 300 W was served for ever),
// its energy until then stays. Found by an adversarial tester.
TEST(Prometheus, OneSeriesPerDeviceAndNoPowerForALostGpu) {
  MeterResult m = OneGpu("G");
  Reading lost;
  lost.status = Reading::Status::kLost;
  EnergyTrack gone(m.devices[0].info);
  Reading r;
  r.counter = 0;
  r.power = 300.0 * units::W;
  gone.Add(0, r);
  gone.Add(1, lost);
  m.devices[0] = gone.Result(0);
  for (const char* package : {"package-0", "package-1"}) {
    DeviceInfo d;
    d.id = std::string("dram-") + package;
    d.kind = "dram";
    d.name = "dram";
    d.has_counter = true;
    EnergyTrack t(d);
    m.devices.push_back(t.Result(0));
  }
  const std::string text = PrometheusText(m, SiteFactors{});
  EXPECT_EQ(text.find(R"(gpufleet_gpu_power_watts{gpu="3")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(gpufleet_gpu_lost{gpu="3",uuid="GPU-x",name="G"} 1)"), std::string::npos);
  EXPECT_NE(text.find(R"(gpufleet_gpu_energy_joules_total{gpu="3")"), std::string::npos);
  for (const char* package : {"package-0", "package-1"}) {
    EXPECT_NE(text.find(fmt::format(
                  R"(gpufleet_rapl_energy_joules_total{{domain="dram",id="dram-{}",kind="dram"}})",
                  package)),
              std::string::npos)
        << text;
  }
}

// A GPU none of whose reads succeeded (an implausible reading is a failed read) has no power
// series: 0 W read as a measurement (found by an adversarial tester).
TEST(Prometheus, NoPowerForAGpuNeverReadWell) {
  MeterResult m = OneGpu("G");
  Reading bad;
  bad.status = Reading::Status::kError;
  bad.error = "implausible power reading: 4294867296 mW";
  EnergyTrack t(m.devices[0].info);
  t.Add(0, bad);
  t.Add(1, bad);
  m.devices[0] = t.Result(0);
  const std::string text = PrometheusText(m, SiteFactors{});
  EXPECT_EQ(text.find(R"(gpufleet_gpu_power_watts{gpu="3")"), std::string::npos) << text;
}

// A GPU lost before its first read was exported as
// gpufleet_gpu_energy_joules_total{gpu="1",uuid="",name=""} 0: empty labels and 0 J it never
// measured (found by an adversarial tester). It is gpufleet_gpu_lost{gpu="1"} 1, and no energy.
TEST(Prometheus, AGpuLostBeforeItsFirstReadHasNoEmptyLabelsAndNoEnergy) {
  MeterResult m = OneGpu("G");
  DeviceInfo d;
  d.id = "gpu1";
  d.kind = "gpu";
  d.index = 1;
  d.lost_at_start = true;
  EnergyTrack t(d);
  Reading lost;
  lost.status = Reading::Status::kLost;
  t.Add(0, lost);
  m.devices.push_back(t.Result(0));
  const std::string text = PrometheusText(m, SiteFactors{});
  EXPECT_EQ(text.find(R"(uuid="")"), std::string::npos) << text;
  EXPECT_EQ(text.find(R"(name="")"), std::string::npos) << text;
  EXPECT_EQ(text.find(R"(gpufleet_gpu_energy_joules_total{gpu="1")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(gpufleet_gpu_lost{gpu="1"} 1)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(gpufleet_gpu_energy_joules_total{gpu="3",uuid="GPU-x",name="G"} 360)"),
            std::string::npos)
      << text;
}

TEST(Prometheus, DerivedCountersCarryTheSitesBounds) {
  SiteFactors site;
  site.id = "test";
  site.pue = Interval(1.5, 1.0, 2.0);
  site.grid = Interval(1.0) * units::kg_per_kwh;
  const std::string text = PrometheusText(OneGpu("G"), site);
  // 360 J (counter +-5%) * PUE 1.5 (1..2) = 540 J facility; CO2e = 540 / 3.6e6 kg.
  EXPECT_NE(text.find(R"(gpufleet_facility_energy_joules_total{site="test",bound="value"} 540)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(gpufleet_facility_energy_joules_total{site="test",bound="high"} 756)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(gpufleet_co2e_kg_total{site="test",bound="value"} 0.00015)"),
            std::string::npos);
}

// A factor no site or flag gave (--site none) leaves its series out: they were exported as 0
// (found by an adversarial tester).
TEST(Prometheus, NoSeriesForAnUnknownSiteFactor) {
  SiteFactors none;
  none.unknown = SiteFactorNames();
  none.grid = Interval(0.5) * units::kg_per_kwh;
  none.unknown.erase(none.unknown.begin());  // grid_kg_per_kwh given
  const std::string text = PrometheusText(OneGpu("G"), none);
  EXPECT_NE(text.find("gpufleet_facility_energy_joules_total"), std::string::npos);
  EXPECT_NE(text.find("gpufleet_co2e_kg_total"), std::string::npos);
  EXPECT_EQ(text.find("gpufleet_electricity_cost_usd_total"), std::string::npos);
  EXPECT_EQ(text.find("gpufleet_water_litres_total"), std::string::npos);
}

}  // namespace
}  // namespace gpufleet
