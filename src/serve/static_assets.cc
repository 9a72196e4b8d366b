// The dashboard's files, served from the embedded set only.
#include "gpufleet/assets.h"
#include "gpufleet/serve.h"

namespace gpufleet::serve {

std::string_view ContentType(std::string_view path) {
  struct Kind {
    std::string_view ext, type;
  };
  static constexpr Kind kKinds[] = {{".html", "text/html; charset=utf-8"},
                                    {".js", "text/javascript; charset=utf-8"},
                                    {".mjs", "text/javascript; charset=utf-8"},
                                    {".css", "text/css; charset=utf-8"},
                                    {".json", "application/json"},
                                    {".svg", "image/svg+xml"},
                                    {".png", "image/png"},
                                    {".ico", "image/x-icon"},
                                    {".txt", "text/plain; charset=utf-8"},
                                    {".toml", "text/plain; charset=utf-8"}};
  for (const Kind& k : kKinds) {
    if (path.ends_with(k.ext)) return k.type;
  }
  return "application/octet-stream";
}

Response StaticAsset(std::string_view url_path) {
  if (url_path.empty() || url_path.front() != '/') return Response{404, "text/plain", ""};
  // The page is web/src/; the pinned chart library is web/vendor/, served as /vendor/.
  std::string name = url_path.starts_with("/vendor/") ? "web" : "web/src";
  name += url_path;
  if (url_path == "/") name += "index.html";
  // Exact match among the embedded files: no file system access, no path normalisation.
  const auto data = assets::Find(name);
  if (!data) return Response{404, "text/plain", ""};
  return Response{200, std::string(ContentType(name)), std::string(*data)};
}

}  // namespace gpufleet::serve
