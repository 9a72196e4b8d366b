// Shared by the sub-commands that print a report::Report (fleet, report): renders it in the
// chosen --format.
#pragma once

#include <string>

#include "cli/command.h"
#include "gpufleet/report.h"

namespace gpufleet::cli {

// Text, JSON, Markdown or HTML (one self-contained page with SVG charts, report_html.h).
std::string RenderReport(const report::Report& r, Format f);

}  // namespace gpufleet::cli
