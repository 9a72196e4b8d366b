// Internal to the SVG writer: an SVG document being written, and the axes' scales.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace gpufleet::svg {

inline constexpr const char* kPalette[] = {"#1f6feb", "#d97706", "#059669",
                                           "#b91c1c", "#7c3aed", "#0891b2"};
inline constexpr int kPaletteSize = 6;

// Maps data values in [lo, hi] to pixels in [px0, px1], linearly or on a log10 scale.
struct Scale {
  double lo, hi, px0, px1;
  bool log = false;
  double operator()(double v) const;
};

class Canvas {
 public:
  // Starts an <svg> of `width` x `height` pixels with `title` as its heading and <title>.
  Canvas(double width, double height, const std::string& title);

  void Rect(double x, double y, double w, double h, const std::string& fill,
            const std::string& tooltip = "");
  void Line(double x1, double y1, double x2, double y2, const std::string& stroke, double width = 1,
            bool dashed = false);
  void Text(double x, double y, const std::string& text, const std::string& anchor = "start",
            int size = 11, const std::string& fill = "#333");
  void Polyline(const std::vector<std::pair<double, double>>& points, const std::string& stroke);
  void Mark(double x, double y, const std::string& fill, const std::string& tooltip = "");
  // Vertical grid lines with tick labels under the plot, at `ticks` (data values), each written
  // by `tick` (default: Short).
  void XAxis(const Scale& x, const std::vector<double>& ticks, double top, double bottom,
             const std::string& label, const std::function<std::string(double)>& tick = nullptr);
  // Horizontal grid lines with tick labels left of the plot.
  void YAxis(const Scale& y, const std::vector<double>& ticks, double left, double right,
             const std::string& label);

  std::string Finish();

 private:
  std::string out_;
};

}  // namespace gpufleet::svg
