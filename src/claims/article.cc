// `gpufleet check ARTICLE.txt`: the drafted claims checked, and the article report around them.
#include "gpufleet/article.h"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "gpufleet/error.h"
#include "util/ascii.h"
#include "util/markdown.h"

namespace gpufleet::claims {
namespace {

using Json = nlohmann::ordered_json;

// One line per number: its sentence, as written, and what became of it.
std::string NumberLine(const ArticleReport& r, const MappedNumber& m) {
  const ExtractedQuantity& q = r.draft.extraction.quantities[m.quantity];
  std::string line = fmt::format("  s{:<4} {:<24} ", q.sentence, q.text);
  if (m.mapped()) {
    std::string ids;
    for (const std::string& id : m.claims) ids += (ids.empty() ? "" : ", ") + id;
    line += fmt::format("-> {} [{}]: {}", ids, m.confidence, m.what);
    if (!m.assumed.empty()) line += "; assumed: " + m.assumed;
  } else {
    line += "?  unverifiable: " + m.reason;
  }
  return line + "\n";
}

// Takes the drafted claim that `e` names (its field "claim.<id>..." ) out of `toml` and off its
// number, which becomes unverifiable with the error as its reason. False when `e` names no
// drafted claim (the caller rethrows: a bug, not an article's number).
bool DropRefusedClaim(ArticleDraft& draft, std::string& toml, const InputError& e) {
  const std::string& field = e.where().field;
  for (MappedNumber& m : draft.numbers) {
    for (auto id = m.claims.begin(); id != m.claims.end(); ++id) {
      const std::string prefix = "claim." + *id;
      if (field != prefix && !field.starts_with(prefix + ".")) continue;
      const std::string head = "\n[[claim]]\nid = \"" + *id + "\"\n";  // drafted ids: no quotes
      const size_t begin = toml.find(head);
      if (begin == std::string::npos) return false;
      const size_t end = toml.find("\n[[claim]]\n", begin + head.size());
      toml.erase(begin, end == std::string::npos ? std::string::npos : end - begin);
      m.claims.erase(id);
      if (m.claims.empty()) {
        const std::string part =
            field.size() > prefix.size() ? field.substr(prefix.size() + 1) : "";
        m.reason = "outside what the model takes" + (part.empty() ? "" : " (" + part + ")") + ": " +
                   e.detail();
        m.what.clear();
        m.confidence.clear();
      }
      return true;
    }
  }
  return false;
}

}  // namespace

std::string ArticleReport::SummaryLine() const {
  return fmt::format(
      "numbers found {}, mapped {}, judged {} (holds {}, off {}, partly {}); unverifiable {}",
      found, mapped, judged, holds, off, partly, unverifiable);
}

std::unique_ptr<ArticleReport> CheckArticle(std::string_view text, const std::string& file,
                                            const Catalog& catalog, NumberStyle style) {
  auto r = std::make_unique<ArticleReport>();
  r->draft = DraftArticle(text, file, catalog, style);
  // A drafted claim that the claims reader or the checker refuses (a count of 1e15 GPUs, 1e300
  // TWh: outside a model's domain) is taken out and its number listed as unverifiable with the
  // reason; one such number stopped the whole article with exit 2, citing a line of a file the
  // reader never saw. One claim per round, so at most as many rounds as claims.
  std::string toml = r->draft.claims_toml;
  bool checked = false;
  while (!checked && toml.find("\n[[claim]]\n") != std::string::npos) {
    try {
      r->claims = ParseClaimsFile(toml, file + " (drafted claims)", catalog);
      r->report = Check(r->claims, catalog);
      checked = true;
    } catch (const WorkBudgetError&) {
      throw;
    } catch (const InputError& e) {
      if (!DropRefusedClaim(r->draft, toml, e)) throw;
    }
  }
  // A text with no numbers drafts no claims (a claims file must hold one): an empty report.
  if (!checked) {
    r->report.title = "Claims drafted from " + file;
    r->report.source_file = file;
  }
  r->found = r->draft.extraction.quantities.size();
  std::map<std::string, Verdict> verdict;
  for (const ClaimResult& c : r->report.results) verdict[c.claim->id] = c.verdict;
  for (const MappedNumber& m : r->draft.numbers) {
    if (!m.mapped()) {
      ++r->unverifiable;
      continue;
    }
    ++r->mapped;
    // A number's verdict: that of its first claim with one (a number may carry a comparison
    // beside its own claim).
    bool judged = false;
    for (const std::string& id : m.claims) {
      const Verdict v = verdict[id];
      if (v == Verdict::kUnverifiable || judged) continue;
      judged = true;
      r->holds += v == Verdict::kHolds;
      r->off += v == Verdict::kOff;
      r->partly += v == Verdict::kPartly;
    }
    r->judged += judged;
    if (!judged) ++r->unverifiable;
  }
  return r;
}

std::string RenderArticleText(const ArticleReport& r) {
  std::string out = fmt::format("Article: {}\n{}\n", r.draft.file, r.SummaryLine());
  if (r.draft.not_drafted > 0)
    out += fmt::format("({} numbers over the limit of {} drafted claims were not checked)\n",
                       r.draft.not_drafted, kMaxDraftedClaims);
  out +=
      "\nMapping (sentence, number as written -> claim [mapping confidence]: what it was "
      "read as):\n";
  size_t listed = 0;
  for (const MappedNumber& m : r.draft.numbers) {
    if (++listed > kMaxListedQuantities) {
      out += fmt::format("  ... and {} more numbers (use --format json for all)\n",
                         r.draft.numbers.size() - kMaxListedQuantities);
      break;
    }
    out += NumberLine(r, m);
  }
  out += "\n";
  return out + RenderText(r.report);
}

std::string RenderArticleMarkdown(const ArticleReport& r) {
  std::string out =
      fmt::format("# Article: {}\n\n{}\n\n", MdCode(r.draft.file, MdPlace::kText), r.SummaryLine());
  out += "| sentence | number | claim | confidence | read as / why unverifiable |\n";
  out += "|---|---|---|---|---|\n";
  size_t listed = 0;
  const auto esc = [](const std::string& s) { return MdText(s); };
  for (const MappedNumber& m : r.draft.numbers) {
    if (++listed > kMaxListedQuantities) {
      out += fmt::format("\n... and {} more numbers (use --format json for all)\n",
                         r.draft.numbers.size() - kMaxListedQuantities);
      break;
    }
    const ExtractedQuantity& q = r.draft.extraction.quantities[m.quantity];
    std::string ids;
    for (const std::string& id : m.claims) ids += (ids.empty() ? "" : ", ") + id;
    out += fmt::format(
        "| {} | {} | {} | {} | {} |\n", q.sentence, esc(q.text), ids.empty() ? "?" : esc(ids),
        m.confidence,
        esc(m.mapped() ? m.what + (m.assumed.empty() ? "" : "; assumed: " + m.assumed) : m.reason));
  }
  return out + "\n" + RenderMarkdown(r.report);
}

std::string RenderArticleJson(const ArticleReport& r) {
  Json j;
  j["article"] = r.draft.file;
  j["summary"] = {{"found", r.found},
                  {"mapped", r.mapped},
                  {"judged", r.judged},
                  {"holds", r.holds},
                  {"off", r.off},
                  {"partly", r.partly},
                  {"unverifiable", r.unverifiable},
                  {"not_drafted", r.draft.not_drafted},
                  {"text", r.SummaryLine()}};
  Json numbers = Json::array();
  for (const MappedNumber& m : r.draft.numbers) {
    const ExtractedQuantity& q = r.draft.extraction.quantities[m.quantity];
    Json n{{"sentence", q.sentence}, {"text", q.text},       {"value", q.value},
           {"unit", q.unit},         {"mapped", m.mapped()}, {"claims", m.claims}};
    if (m.mapped()) {
      n["read_as"] = m.what;
      n["rests_on"] = m.rests_on;
      n["assumed"] = m.assumed;
      n["confidence"] = m.confidence;
    } else {
      n["reason"] = m.reason;
    }
    numbers.push_back(std::move(n));
  }
  j["numbers"] = std::move(numbers);
  j["check"] = Json::parse(RenderJson(r.report));
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

namespace {

// Whether `name` is a TOML key: bare parts (letters, digits, '_', '-') or quoted ones, joined by
// dots, spaces allowed only around the dots ("Updated on 3 December" is none).
bool IsTomlKey(std::string_view name) {
  static const std::regex key(
      R"(^\s*([A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(\s*\.\s*([A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*\s*$)");
  return std::regex_match(name.begin(), name.end(), key);
}

// What a line of a file with no telling name is: TOML, prose, or a header of a table no claims
// file has ("[UPDATE]", "[Aggiornamento]"), decided by the line after it.
enum class LineKind { kToml, kProse, kOtherHeader };

LineKind KindOf(const std::string& line) {
  if (line[0] == '[') {
    // "[name]" or "[[name]]", a comment after it allowed. A header left open ("[[claim") is a
    // claims file's error, for its parser to report; "[[" starts no prose.
    if (line.starts_with("[[")) return LineKind::kToml;
    static const std::regex header(R"(^\[([^\[\]]*)\]\s*(#.*)?$)");
    std::smatch m;
    if (!std::regex_match(line, m, header) || !IsTomlKey(m[1].str())) return LineKind::kProse;
    std::string first = m[1].str();
    first = std::string(Trim(first.substr(0, first.find('.')), " \t\r"));
    if (first.size() >= 2 && (first.front() == '"' || first.front() == '\''))
      first = first.substr(1, first.size() - 2);
    for (std::string_view table : {"source", "scenario", "claim"})
      if (first == table) return LineKind::kToml;
    return LineKind::kOtherHeader;
  }
  // "key = value": one token before the "=" (prose has words there: "350,000 H100 = a lot"), and
  // a value as TOML starts one: not a word ("Energy = money, says Meta.") other than true, false,
  // inf and nan, nor a number followed by words ("H100 = 700 W at full load").
  const size_t eq = line.find('=');
  if (eq == std::string::npos || eq == 0) return LineKind::kProse;
  const std::string key = std::string(Trim(line.substr(0, eq), " \t\r"));
  if (key.empty() || key.find_first_of(" \t") != std::string::npos) return LineKind::kProse;
  const std::string value = std::string(Trim(line.substr(eq + 1), " \t\r"));
  const auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  if (!value.empty() && alpha(value[0])) {
    size_t n = 0;
    while (n < value.size() && alpha(value[n])) ++n;
    const std::string word = value.substr(0, n);
    return word == "true" || word == "false" || word == "inf" || word == "nan" ? LineKind::kToml
                                                                               : LineKind::kProse;
  }
  if (!value.empty() &&
      (std::isdigit(static_cast<unsigned char>(value[0])) || value[0] == '+' || value[0] == '-')) {
    const size_t comment = value.find('#');
    const std::string_view v = std::string_view(value).substr(0, comment);
    for (size_t sp = v.find(' '); sp != std::string_view::npos; sp = v.find(' ', sp + 1)) {
      if (sp + 1 < v.size() && alpha(v[sp + 1])) return LineKind::kProse;
    }
  }
  return LineKind::kToml;
}

}  // namespace

bool LooksLikeArticle(const std::string& path, std::string_view content) {
  for (std::string_view ext : {".txt", ".md", ".text", ".TXT", ".MD"}) {
    if (path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0)
      return true;
  }
  for (std::string_view ext : {".toml", ".TOML"}) {
    if (path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0)
      return false;
  }
  // Other names (the API's body has none): the first line that is not blank and not a '#' line
  // decides. A '#' line is a TOML comment or a Markdown heading ("# Acme buys GPUs" was refused
  // as malformed TOML through /api/check; found by an adversarial tester), so it decides nothing.
  // TOML goes on with a claims file's table header or a key = value; prose does not. A header of
  // a table no claims file has ("[UPDATE]", "[Aggiornamento]" on a line of their own) is decided
  // by the line after it ("[UPDATE]" then prose was refused as malformed TOML by the API, which
  // the CLI and Python checked as the article it is; found by an adversarial tester).
  size_t pos = content.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;  // a byte-order mark
  while (pos < content.size()) {
    const size_t nl = content.find('\n', pos);
    const std::string line = std::string(
        Trim(content.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos),
             " \t\r"));
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    if (line.empty() || line[0] == '#') continue;
    const LineKind kind = KindOf(line);
    if (kind == LineKind::kOtherHeader) continue;
    return kind == LineKind::kProse;
  }
  // Empty: an empty claims file (its error says so; name it .txt for an article); a header
  // alone: the claims file's parser tells what it lacks.
  return false;
}

}  // namespace gpufleet::claims
