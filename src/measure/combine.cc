// Several power sources seen as one.
#include "gpufleet/measure.h"

namespace gpufleet {
namespace {

class Combined : public PowerSource {
 public:
  explicit Combined(std::vector<std::unique_ptr<PowerSource>> s) : sources_(std::move(s)) {
    for (size_t k = 0; k < sources_.size(); ++k) {
      const auto& devs = sources_[k]->Devices();
      for (size_t i = 0; i < devs.size(); ++i) {
        devices_.push_back(devs[i]);
        map_.emplace_back(k, i);
      }
    }
  }
  const std::vector<DeviceInfo>& Devices() const override { return devices_; }
  Reading Read(size_t i) override { return sources_[map_.at(i).first]->Read(map_[i].second); }
  std::vector<std::string> Notes() const override {
    std::vector<std::string> out;
    for (const auto& s : sources_) {
      for (auto& n : s->Notes()) out.push_back(std::move(n));
    }
    return out;
  }

 private:
  std::vector<std::unique_ptr<PowerSource>> sources_;
  std::vector<DeviceInfo> devices_;
  std::vector<std::pair<size_t, size_t>> map_;
};

}  // namespace

std::unique_ptr<PowerSource> Combine(std::vector<std::unique_ptr<PowerSource>> sources) {
  return std::make_unique<Combined>(std::move(sources));
}

}  // namespace gpufleet
