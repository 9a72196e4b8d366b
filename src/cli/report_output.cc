#include "cli/report_output.h"

#include "gpufleet/report_html.h"

namespace gpufleet::cli {

std::string RenderReport(const report::Report& r, Format f) { return report::Render(r, f); }

}  // namespace gpufleet::cli
