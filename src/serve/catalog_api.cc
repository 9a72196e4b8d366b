// GET /api/catalog.
#include "serve/handlers.h"

namespace gpufleet::serve {
namespace {

Json FactJson(const Fact& f) {
  Json j = ToJson(f.value);
  j["source"] = f.source;
  if (!f.url.empty()) j["url"] = f.url;
  j["year"] = f.year;
  j["confidence"] = std::string(ToString(f.confidence));
  if (!f.note.empty()) j["note"] = f.note;
  return j;
}

Json EntryJson(const Entry& e) {
  Json facts = Json::object();
  for (const auto& [key, fact] : e.facts) facts[key] = FactJson(fact);
  return Json{{"id", e.id},     {"name", e.name}, {"aliases", e.aliases},
              {"facts", facts}, {"text", e.text}, {"origin", e.origin}};
}

}  // namespace

Json CatalogJson(const Catalog& catalog) {
  Json out = Json::object();
  for (const char* kind : {"gpu", "system", "site", "reference"}) {
    Json list = Json::array();
    for (const Entry* e : catalog.All(kind)) list.push_back(EntryJson(*e));
    out[kind] = std::move(list);
  }
  return out;
}

}  // namespace gpufleet::serve
