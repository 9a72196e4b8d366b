#include "cli/report_output.h"

#include "gpufleet/report_html.h"

namespace gpufleet::cli {

std::string RenderReport(const report::Report& r, Format f) {
  switch (f) {
    case Format::kJson:
      return report::RenderJson(r);
    case Format::kMarkdown:
      return report::RenderMarkdown(r);
    case Format::kHtml:
      return report::RenderHtml(r);
    case Format::kText:
      break;
  }
  return report::RenderText(r);
}

}  // namespace gpufleet::cli
