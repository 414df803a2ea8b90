// Saved web pages (.html, .htm): the article's paragraphs, its title, publication date and
// publisher from the page's own metadata. Parsed with libxml2's HTML parser, which reads tag
// soup as browsers do. Which page parts are never the article and which <meta> names carry the
// metadata is data (data/text/html.json).
#include <libxml/HTMLparser.h>
#include <rapidjson/document.h>

#include <climits>
#include <map>
#include <memory>

#include "pipeline/read_common.h"
#include "pipeline/xml_tree.h"

namespace entente::detail {
namespace {

struct FreeDoc {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct FreeContext {
  void operator()(htmlParserCtxt* c) const { htmlFreeParserCtxt(c); }
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool listed(const std::vector<std::string>& list, std::string_view name) {
  for (const auto& w : list) {
    if (w == name) return true;
  }
  return false;
}

// Whether a class or id word starts with one of the rules' class words.
bool marked(const std::string& values, const PageRules& rules) {
  size_t i = 0;
  while (i < values.size()) {
    const size_t end = values.find_first_of(" \t\n-_", i);
    const std::string_view word =
        std::string_view(values).substr(i, end == std::string::npos ? std::string::npos : end - i);
    for (const auto& w : rules.skip_class_words) {
      if (!word.empty() && word.starts_with(w)) return true;
    }
    if (end == std::string::npos) break;
    i = end + 1;
  }
  return false;
}

bool skipped(const xmlNode* n, const PageRules& rules, bool by_class) {
  if (listed(rules.skip_elements, lower(local_name(n)))) return true;
  return by_class && marked(lower(attribute(n, "class") + " " + attribute(n, "id")), rules);
}

// The <p> elements below `node`, in document order, outside skipped parts.
void paragraphs(const xmlNode* node, const PageRules& rules, bool by_class,
                std::vector<const xmlNode*>& out) {
  for (const xmlNode* n = node->children; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || skipped(n, rules, by_class)) continue;
    if (local_name(n) == "p") {
      out.push_back(n);
    } else {
      paragraphs(n, rules, by_class, out);
    }
  }
}

size_t text_size(const std::vector<const xmlNode*>& ps) {
  size_t n = 0;
  for (const xmlNode* p : ps) n += flat_text(p).size();
  return n;
}

const xmlNode* with_attribute(const xmlNode* node, const char* name, std::string_view value) {
  for (const xmlNode* n = node->children; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (lower(attribute(n, name)) == value) return n;
    if (const xmlNode* d = with_attribute(n, name, value)) return d;
  }
  return nullptr;
}

// The article's paragraphs: those of its articleBody, of its largest <article>, of <main>, or
// else the paragraphs of the element holding the most paragraph text.
std::vector<const xmlNode*> article_paragraphs(const xmlNode* root, const PageRules& rules) {
  std::vector<const xmlNode*> best;
  const auto consider = [&](const xmlNode* container) {
    std::vector<const xmlNode*> ps;
    if (container != nullptr) paragraphs(container, rules, true, ps);
    if (text_size(ps) > text_size(best)) best = std::move(ps);
  };
  consider(with_attribute(root, "itemprop", "articlebody"));
  if (!best.empty()) return best;
  for (const xmlNode* article : descendants(root, "article")) consider(article);
  if (!best.empty()) return best;
  consider(descendant(root, "main"));
  if (!best.empty()) return best;
  std::vector<const xmlNode*> all;
  paragraphs(root, rules, true, all);
  std::map<const xmlNode*, size_t> by_parent;
  for (const xmlNode* p : all) by_parent[p->parent] += flat_text(p).size();
  const xmlNode* parent = nullptr;
  size_t most = 0;
  for (const xmlNode* p : all) {  // document order: the first of equal parents wins
    if (by_parent[p->parent] > most) {
      most = by_parent[p->parent];
      parent = p->parent;
    }
  }
  for (const xmlNode* p : all) {
    if (p->parent == parent) best.push_back(p);
  }
  return best;
}

// "datePublished" anywhere in a JSON-LD value (objects, arrays, "@graph").
std::string json_ld_date(const rapidjson::Value& v, int depth) {
  if (depth > 32) return {};
  if (v.IsObject()) {
    auto it = v.FindMember("datePublished");
    if (it != v.MemberEnd() && it->value.IsString()) return it->value.GetString();
    for (const auto& m : v.GetObject()) {
      if (auto d = json_ld_date(m.value, depth + 1); !d.empty()) return d;
    }
  } else if (v.IsArray()) {
    for (const auto& e : v.GetArray()) {
      if (auto d = json_ld_date(e, depth + 1); !d.empty()) return d;
    }
  }
  return {};
}

struct Meta {
  std::map<std::string, std::string> values;  // lower-case property/name/itemprop -> content

  std::string first(const std::vector<std::string>& names) const {
    for (const auto& n : names) {
      if (auto it = values.find(n); it != values.end() && !it->second.empty()) return it->second;
    }
    return {};
  }
};

Meta page_meta(const xmlNode* root) {
  Meta meta;
  for (const xmlNode* m : descendants(root, "meta")) {
    for (const char* key : {"property", "name", "itemprop"}) {
      const std::string k = lower(attribute(m, key));
      if (!k.empty()) meta.values.emplace(k, attribute(m, "content"));
    }
  }
  return meta;
}

// The first candidate that reads as a day (YYYY-MM-DD, perhaps with a time).
std::string first_date(const std::vector<std::string>& candidates) {
  for (const auto& c : candidates) {
    if (c.size() >= 10 && CivilDate::parse_iso(std::string_view(c).substr(0, 10))) return c;
  }
  return {};
}

std::string page_date(const xmlNode* root, const Meta& meta, const PageRules& rules) {
  std::vector<std::string> candidates;
  for (const auto& n : rules.date_meta) {
    if (auto it = meta.values.find(n); it != meta.values.end()) candidates.push_back(it->second);
  }
  for (const xmlNode* script : descendants(root, "script")) {
    if (lower(attribute(script, "type")).find("ld+json") == std::string::npos) continue;
    rapidjson::Document json;
    const std::string text = flat_text(script);
    json.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
    if (!json.HasParseError()) candidates.push_back(json_ld_date(json, 0));
  }
  for (const xmlNode* time : descendants(root, "time"))
    candidates.push_back(attribute(time, "datetime"));
  return first_date(candidates);
}

}  // namespace

void read_html(std::string_view path, std::string_view id, std::string_view bytes,
               const ReadOptions& options, const Deliver& deliver) {
  xmlInitParser();
  std::unique_ptr<htmlParserCtxt, FreeContext> context(htmlNewParserCtxt());
  if (!context || bytes.size() > INT_MAX) {
    deliver(make_error(Errc::LimitExceeded, "page too large to parse", std::string(path)));
    return;
  }
  // A page in valid UTF-8 is read as UTF-8; else libxml2 follows its <meta charset>.
  const char* encoding = find_invalid_utf8(bytes) ? nullptr : "UTF-8";
  const int flags =
      HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT;
  const std::string url(path);
  std::unique_ptr<xmlDoc, FreeDoc> doc(htmlCtxtReadMemory(
      context.get(), bytes.data(), static_cast<int>(bytes.size()), url.c_str(), encoding, flags));
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) {
    deliver(make_error(Errc::InvalidInput, "not an HTML page (nothing could be parsed)", url));
    return;
  }
  const auto& rules = options.page;
  std::vector<std::string> texts;
  for (const xmlNode* p : article_paragraphs(root, rules)) {
    if (std::string t = flat_text(p); !t.empty()) texts.push_back(std::move(t));
  }
  if (texts.empty()) {
    deliver(make_error(Errc::InvalidInput,
                       "no article found in the page: no paragraphs (<p>) outside navigation, "
                       "scripts, headers and footers",
                       url));
    return;
  }
  const Meta meta = page_meta(root);
  Document story;
  story.id = id;
  story.title = meta.first(rules.title_meta);
  if (story.title.empty()) story.title = flat_text(descendant(root, "h1"));
  if (story.title.empty()) story.title = flat_text(descendant(root, "title"));
  story.source = meta.first(rules.source_meta);
  if (const xmlNode* link = with_attribute(root, "rel", "canonical")) {
    story.url = attribute(link, "href");
  }
  if (story.url.empty()) story.url = meta.values.count("og:url") ? meta.values.at("og:url") : "";
  if (const std::string date = page_date(root, meta, rules); !date.empty()) {
    if (auto ok = set_story_date(date, story, url); !ok) {
      deliver(ok.error());
      return;
    }
  }
  story.text = story_text(story.title, "", texts);
  story.origin = url;
  if (auto ok = check_text(story.text, path, std::nullopt, options); !ok) {
    deliver(ok.error());
    return;
  }
  deliver(std::move(story));
}

}  // namespace entente::detail
