// Shared by the sub-commands that print a report::Report (fleet, report): renders it in the
// chosen --format.
#pragma once

#include <string>

#include "cli/command.h"
#include "gpufleet/report.h"

namespace gpufleet::cli {

// Text, JSON or Markdown. Html falls back to Markdown until an HTML renderer exists.
std::string RenderReport(const report::Report& r, Format f);

}  // namespace gpufleet::cli
