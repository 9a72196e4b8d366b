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

}  // namespace
}  // namespace gpufleet
