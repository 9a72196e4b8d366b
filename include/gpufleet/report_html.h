// The HTML renderer of report::Report (report.h): one self-contained page (inline CSS and SVG
// charts, no script, no external reference) that opens offline and prints. Every fleet gets its
// figures with ranges, its charts (cost, energy, carbon and water broken down; comparisons with
// references on a log scale), assumptions and sources; several fleets also get side-by-side
// charts; extra sections (training, claims) their tables plus any charts passed in `figures`.
#pragma once

#include <string>
#include <vector>

#include "gpufleet/report.h"

namespace gpufleet::report {

// A chart another module drew (svg.h), shown at the end of the extra section `section_id`
// (or in a final "More charts" section when no extra section has that id).
struct HtmlFigure {
  std::string section_id;
  std::string svg;      // one <svg> element
  std::string caption;  // plain text
};

std::string RenderHtml(const Report& r, const std::vector<HtmlFigure>& figures = {});

// The charts of one fleet, each one <svg>: the four breakdowns, then the comparisons (when any).
std::vector<std::string> FleetCharts(const FleetReport& f);

}  // namespace gpufleet::report
