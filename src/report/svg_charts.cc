// The chart kinds of the SVG writer (svg.h), drawn on a Canvas.
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "gpufleet/figure.h"
#include "gpufleet/si_format.h"
#include "report/svg.h"
#include "report/svg_canvas.h"

namespace gpufleet::svg {
namespace {

constexpr double kWidth = 720, kLeft = 190, kRight = 150, kTop = 34, kRow = 26, kAxis = 44;

// A bar's figure as people read it everywhere else: "1.69 TWh (1.23-2.15)".
// Ratios (no unit) keep three significant digits: "0.052", "25.3".
std::string RangeLabel(const Interval& v, const std::string& unit) {
  return unit.empty() ? FormatSi(v, "") : FormatQuantity(v, unit);
}

double Finite(double v, double fallback) { return std::isfinite(v) ? v : fallback; }

// Draws one row per bar on the x scale: the bar from `base` to the value, the range whisker, the
// label on the left and the figures on the right.
void DrawBars(Canvas& c, const Scale& x, double base, const std::vector<Bar>& bars,
              const std::string& unit) {
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double y = kTop + i * kRow, mid = y + kRow / 2;
    if (!b.why.empty()) {
      c.Text(kLeft - 8, mid + 4, b.label, "end", 11);
      c.Text(x(base) + 4, mid + 4, "n/a: " + b.why, "start", 11, "#6b7280");
      c.Text(kWidth - kRight + 8, mid + 4, "n/a", "start", 11);
      continue;
    }
    const double v = x(Finite(b.value.value, x.hi)), lo = x(Finite(b.value.low, x.lo));
    const double hi = x(Finite(b.value.high, x.hi));
    c.Text(kLeft - 8, mid + 4, b.label, "end", 11);
    c.Rect(std::min(x(base), v), y + 5, std::abs(v - x(base)), kRow - 10,
           kPalette[i % kPaletteSize], b.label + ": " + RangeLabel(b.value, unit));
    if (!b.value.is_point()) {
      c.Line(lo, mid, hi, mid, "#111", 1.5);
      c.Line(lo, mid - 6, lo, mid + 6, "#111", 1.5);
      c.Line(hi, mid - 6, hi, mid + 6, "#111", 1.5);
    }
    c.Text(kWidth - kRight + 8, mid + 4, RangeLabel(b.value, unit), "start", 11);
  }
}

double Height(size_t rows) { return kTop + std::max<size_t>(rows, 1) * kRow + kAxis; }

}  // namespace

std::string BarChart(const std::string& title, const std::string& unit,
                     const std::vector<Bar>& bars) {
  double lo = 0, hi = 0;
  bool any = false;  // a known bar: with none (water with no site), no axis either
  for (const Bar& b : bars) {
    if (!b.why.empty()) continue;
    any = true;
    lo = std::min(lo, Finite(b.value.low, 0));
    hi = std::max(hi, Finite(b.value.high, Finite(b.value.value, 0)));
  }
  if (hi <= lo) hi = lo + 1;
  const std::vector<double> ticks = NiceTicks(lo, hi);
  const Scale x{std::min(lo, ticks.front()), std::max(hi, ticks.back()), kLeft, kWidth - kRight};
  Canvas c(kWidth, Height(bars.size()), title);
  const double bottom = kTop + std::max<size_t>(bars.size(), 1) * kRow;
  // Each tick in the figures' own unit ("500 GWh", "1 TWh"), so the axis needs no unit title.
  // An all-n/a chart drew 0 L..1 L in mL ticks under no bar (found by an adversarial tester).
  if (any) {
    c.XAxis(x, ticks, kTop, bottom, "", [&unit](double t) { return FormatQuantity(t, unit); });
  }
  DrawBars(c, x, 0, bars, unit);
  return c.Finish();
}

std::string LogBarChart(const std::string& title, const std::string& unit,
                        const std::vector<Bar>& bars) {
  double lo = std::numeric_limits<double>::infinity(), hi = 0;
  for (const Bar& b : bars) {
    if (!b.why.empty()) continue;
    for (double v : {b.value.low, b.value.value, b.value.high}) {
      if (v > 0 && std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
  }
  if (!(hi > 0)) lo = 0.1, hi = 10;
  lo = std::pow(10, std::floor(std::log10(std::min(lo, 1.0)) - 1e-9));  // a visible smallest bar
  hi = std::pow(10, std::ceil(std::log10(std::max(hi, 1.0) * 1.0001)));
  std::vector<double> ticks;
  const int decades = static_cast<int>(std::round(std::log10(hi / lo)));
  const int every = std::max(1, decades / 8);
  for (int k = 0; k <= decades; k += every) ticks.push_back(lo * std::pow(10, k));
  const Scale x{lo, hi, kLeft, kWidth - kRight, true};
  Canvas c(kWidth, Height(bars.size()), title);
  const double bottom = kTop + std::max<size_t>(bars.size(), 1) * kRow;
  c.XAxis(x, ticks, kTop, bottom, unit);
  c.Line(x(1), kTop - 4, x(1), bottom, "#b91c1c", 1, true);
  c.Text(x(1), kTop - 6, "= 1", "middle", 10, "#b91c1c");
  DrawBars(c, x, lo, bars, "");
  return c.Finish();
}

std::string Histogram(const std::string& title, const std::string& unit,
                      const std::vector<double>& edges, const std::vector<double>& counts) {
  constexpr double kH = 260, kL = 60, kR = 20, kB = 44;
  Canvas c(kWidth, kH, title);
  if (counts.empty() || edges.size() != counts.size() + 1) return c.Finish();
  const double top = *std::max_element(counts.begin(), counts.end());
  const std::vector<double> xt = NiceTicks(edges.front(), edges.back());
  const std::vector<double> yt = NiceTicks(0, std::max(top, 1.0), 4);
  const Scale x{edges.front(), edges.back(), kL, kWidth - kR};
  const Scale y{0, std::max(top, yt.back()), kH - kB, kTop + 8};
  c.XAxis(x, xt, kTop + 8, kH - kB, unit);
  c.YAxis(y, yt, kL, kWidth - kR, "replicas");
  for (size_t i = 0; i < counts.size(); ++i) {
    c.Rect(x(edges[i]) + 0.5, y(counts[i]), x(edges[i + 1]) - x(edges[i]) - 1, y(0) - y(counts[i]),
           kPalette[0], Short(edges[i]) + "–" + Short(edges[i + 1]) + ": " + Short(counts[i]));
  }
  return c.Finish();
}

std::string LineChart(const std::string& title, const std::string& x_label,
                      const std::string& y_label, const std::vector<Series>& series) {
  constexpr double kH = 280, kL = 60, kR = 160, kB = 44;
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = 0, y1 = 0;
  for (const Series& s : series) {
    for (const Point& p : s.points) {
      x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
      y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
    }
  }
  if (!(x1 > x0)) x0 = 0, x1 = 1;
  if (!(y1 > y0)) y1 = y0 + 1;
  const std::vector<double> xt = NiceTicks(x0, x1), yt = NiceTicks(y0, y1, 4);
  const Scale x{x0, x1, kL, kWidth - kR}, y{y0, std::max(y1, yt.back()), kH - kB, kTop + 8};
  Canvas c(kWidth, kH, title);
  c.XAxis(x, xt, kTop + 8, kH - kB, x_label);
  c.YAxis(y, yt, kL, kWidth - kR, y_label);
  for (size_t i = 0; i < series.size(); ++i) {
    std::vector<std::pair<double, double>> pts;
    for (const Point& p : series[i].points) {
      pts.emplace_back(x(p.x), y(p.y));
      c.Mark(x(p.x), y(p.y), kPalette[i % kPaletteSize], Short(p.x) + ": " + Short(p.y));
    }
    c.Polyline(pts, kPalette[i % kPaletteSize]);
    c.Rect(kWidth - kR + 12, kTop + 10 + 18 * i, 10, 10, kPalette[i % kPaletteSize]);
    c.Text(kWidth - kR + 28, kTop + 19 + 18 * i, series[i].label, "start", 11);
  }
  return c.Finish();
}

std::string Timeline(const std::string& title, const std::string& unit,
                     const std::vector<Event>& events, double duration) {
  std::set<std::string> cats;
  for (const Event& e : events) cats.insert(e.category);
  const std::vector<std::string> rows(cats.begin(), cats.end());
  const double bottom = kTop + std::max<size_t>(rows.size(), 1) * kRow;
  const double end = duration > 0 && std::isfinite(duration) ? duration : 1;
  const Scale x{0, end, kLeft, kWidth - 30};
  Canvas c(kWidth, bottom + kAxis, title);
  c.XAxis(x, NiceTicks(0, end), kTop, bottom, unit);
  for (size_t i = 0; i < rows.size(); ++i) {
    c.Text(kLeft - 8, kTop + i * kRow + kRow / 2 + 4, rows[i], "end", 11);
  }
  for (const Event& e : events) {
    const size_t row = std::find(rows.begin(), rows.end(), e.category) - rows.begin();
    const double mid = kTop + row * kRow + kRow / 2;
    c.Mark(x(e.t), mid, kPalette[row % kPaletteSize],
           e.category + " at " + Short(e.t) + " " + unit);
  }
  return c.Finish();
}

}  // namespace gpufleet::svg
