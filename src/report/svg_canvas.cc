#include "report/svg_canvas.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/svg.h"

namespace gpufleet::svg {

double Scale::operator()(double v) const {
  if (log) {
    v = std::max(v, lo);
    const double t = (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
    return px0 + std::clamp(t, 0.0, 1.0) * (px1 - px0);
  }
  const double t = hi > lo ? (v - lo) / (hi - lo) : 0;
  return px0 + std::clamp(t, 0.0, 1.0) * (px1 - px0);
}

Canvas::Canvas(double width, double height, const std::string& title) {
  out_ = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\" "
      "font-family=\"system-ui, sans-serif\"><title>{2}</title>"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"#fff\"/>",
      width, height, Escape(title));
  Text(8, 18, title, "start", 14, "#111");
}

void Canvas::Rect(double x, double y, double w, double h, const std::string& fill,
                  const std::string& tooltip) {
  out_ +=
      fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">",
                  x, y, std::max(w, 0.0), std::max(h, 0.0), fill);
  if (!tooltip.empty()) out_ += "<title>" + Escape(tooltip) + "</title>";
  out_ += "</rect>";
}

void Canvas::Line(double x1, double y1, double x2, double y2, const std::string& stroke,
                  double width, bool dashed) {
  out_ += fmt::format(
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
      "stroke-width=\"{}\"{}/>",
      x1, y1, x2, y2, stroke, width, dashed ? " stroke-dasharray=\"4 3\"" : "");
}

void Canvas::Text(double x, double y, const std::string& text, const std::string& anchor, int size,
                  const std::string& fill) {
  out_ += fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" text-anchor=\"{}\" fill=\"{}\">{}</text>",
      x, y, size, anchor, fill, Escape(text));
}

void Canvas::Polyline(const std::vector<std::pair<double, double>>& points,
                      const std::string& stroke) {
  std::string pts;
  for (const auto& [x, y] : points) pts += fmt::format("{:.1f},{:.1f} ", x, y);
  out_ += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
                      pts, stroke);
}

void Canvas::Mark(double x, double y, const std::string& fill, const std::string& tooltip) {
  out_ += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"{}\">", x, y, fill);
  if (!tooltip.empty()) out_ += "<title>" + Escape(tooltip) + "</title>";
  out_ += "</circle>";
}

void Canvas::XAxis(const Scale& x, const std::vector<double>& ticks, double top, double bottom,
                   const std::string& label, const std::function<std::string(double)>& tick) {
  for (double t : ticks) {
    Line(x(t), top, x(t), bottom, "#e5e7eb");
    Text(x(t), bottom + 14, tick ? tick(t) : Short(t), "middle", 10, "#555");
  }
  Line(x.px0, bottom, x.px1, bottom, "#999");
  if (!label.empty()) Text((x.px0 + x.px1) / 2, bottom + 30, label, "middle", 11, "#333");
}

void Canvas::YAxis(const Scale& y, const std::vector<double>& ticks, double left, double right,
                   const std::string& label) {
  for (double t : ticks) {
    Line(left, y(t), right, y(t), "#e5e7eb");
    Text(left - 6, y(t) + 4, Short(t), "end", 10, "#555");
  }
  Line(left, y.px0, left, y.px1, "#999");
  Text(8, 34, label, "start", 11, "#333");
}

std::string Canvas::Finish() { return out_ + "</svg>"; }

}  // namespace gpufleet::svg
