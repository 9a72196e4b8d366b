// Escaping, tick positions and number labels for the SVG writer.
#include <fmt/format.h>

#include <cmath>

#include "report/svg.h"

namespace gpufleet::svg {

std::string Escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<double> NiceTicks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || hi <= lo || target < 1) return {lo};
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

std::string Short(double x) {
  if (!std::isfinite(x)) return x > 0 ? "∞" : "-∞";
  const double a = std::abs(x);
  struct Suffix {
    double scale;
    const char* name;
  };
  for (const Suffix s : {Suffix{1e15, "P"}, {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}}) {
    if (a >= s.scale) return fmt::format("{:.3g}{}", x / s.scale, s.name);
  }
  return fmt::format("{:.3g}", x);
}

}  // namespace gpufleet::svg
