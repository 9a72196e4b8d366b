// A small SVG chart writer for self-contained HTML reports: each function returns one <svg>
// element (inline, no scripts, no external references) that prints and reads offline. Figures
// with ranges are drawn as a bar for the central value and a whisker from low to high.
#pragma once

#include <string>
#include <vector>

#include "gpufleet/interval.h"

namespace gpufleet::svg {

struct Bar {
  std::string label;
  Interval value;
  // Why the figure is unknown, "" when known: the row then reads "n/a" and its why, no bar (a
  // chart that left the row out read as if the known bars were the whole; found by an
  // adversarial tester).
  std::string why;
};

// Horizontal bars on a linear axis starting at zero; `unit` labels the axis.
std::string BarChart(const std::string& title, const std::string& unit,
                     const std::vector<Bar>& bars);

// Horizontal bars on a log10 axis (e.g. fleet / reference ratios spanning decades). Values <= 0
// or non-finite bounds are clipped to the axis ends.
std::string LogBarChart(const std::string& title, const std::string& unit,
                        const std::vector<Bar>& bars);

// A histogram: counts[i] replicas fell in [edges[i], edges[i+1]). Needs edges.size() ==
// counts.size() + 1; otherwise returns an empty chart with the title.
std::string Histogram(const std::string& title, const std::string& unit,
                      const std::vector<double>& edges, const std::vector<double>& counts);

struct Point {
  double x = 0, y = 0;
};
struct Series {
  std::string label;
  std::vector<Point> points;
};

// Lines through each series' points (sorted by x by the caller), on linear axes.
std::string LineChart(const std::string& title, const std::string& x_label,
                      const std::string& y_label, const std::vector<Series>& series);

struct Event {
  double t = 0;          // on the time axis, in `unit`
  std::string category;  // one row per category
};

// Events as marks on a time axis from 0 to `duration`, one row per category.
std::string Timeline(const std::string& title, const std::string& unit,
                     const std::vector<Event>& events, double duration);

// Text escaped for SVG/HTML character data and attribute values.
std::string Escape(const std::string& text);

// "Nice" tick positions covering [lo, hi] (steps of 1, 2 or 5 x 10^k), about `target` of them.
std::vector<double> NiceTicks(double lo, double hi, int target = 5);

// A short label for a tick or a value: 3 significant digits, k/M/G/T suffixes.
std::string Short(double x);

}  // namespace gpufleet::svg
