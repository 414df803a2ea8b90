// Wire-service XML: NITF documents and IPTC NewsML-G2 news items (one story each, or a
// newsMessage of several), parsed with libxml2. The text keeps the story's structure for the
// sentence splitter: the headline, a blank line, the dateline opening the first paragraph, one
// paragraph a line.
#include <libxml/parser.h>

#include <climits>
#include <filesystem>
#include <memory>

#include "pipeline/read_common.h"
#include "pipeline/xml_tree.h"

namespace entente::detail {
namespace {

struct FreeDoc {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct FreeContext {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

struct FirstError {
  bool set = false;
  xmlError error{};
  std::string message;
};

void keep_first_error(void* user, xmlErrorPtr error) {
  auto* context = static_cast<xmlParserCtxt*>(user);
  auto* first = context == nullptr ? nullptr : static_cast<FirstError*>(context->_private);
  if (first == nullptr || first->set || error == nullptr || error->level < XML_ERR_ERROR) return;
  first->set = true;
  first->error = *error;
  first->message = error->message != nullptr ? error->message : "parse error";
  first->error.message = first->message.data();
  first->error.file = nullptr;
  first->error.str1 = first->error.str2 = first->error.str3 = nullptr;
}

// NITF's normalised dates are ISO 8601 basic ("20230829T120000Z"): the day in extended form.
std::string iso_day(std::string value) {
  const bool basic = value.size() >= 8 && value.find_first_not_of("0123456789") >= 8 &&
                     (value.size() == 8 || value[8] == 'T');
  if (basic) value = value.substr(0, 4) + "-" + value.substr(4, 2) + "-" + value.substr(6);
  return value;
}

std::vector<std::string> paragraphs_of(const xmlNode* node) {
  std::vector<std::string> out;
  for (const xmlNode* p : descendants(node, "p")) out.push_back(flat_text(p));
  if (out.empty() && node != nullptr) out.push_back(flat_text(node));
  return out;
}

struct Story {
  std::string id, title, dateline, date, source;
  std::vector<std::string> paragraphs;
  size_t line = 0;
};

Story nitf_story(const xmlNode* nitf) {
  Story s;
  s.line = line_of(nitf);
  const xmlNode* head = child(nitf, "head");
  const xmlNode* body = child(nitf, "body");
  const xmlNode* body_head = child(body, "body.head");
  const xmlNode* docdata = child(head, "docdata");
  s.id = attribute(child(docdata, "doc-id"), "id-string");
  s.title = flat_text(descendant(child(body_head, "hedline"), "hl1"));
  if (s.title.empty()) s.title = flat_text(child(head, "title"));
  const xmlNode* dateline = child(body_head, "dateline");
  s.dateline = flat_text(dateline);
  s.date = attribute(child(docdata, "date.issue"), "norm");
  if (s.date.empty()) s.date = attribute(descendant(dateline, "story.date"), "norm");
  if (s.date.empty()) s.date = attribute(child(head, "pubdata"), "date.publication");
  s.source = attribute(child(head, "pubdata"), "name");
  if (s.source.empty()) s.source = flat_text(child(body_head, "distributor"));
  if (const xmlNode* content = child(body, "body.content")) s.paragraphs = paragraphs_of(content);
  return s;
}

Story newsml_story(const xmlNode* item) {
  Story s;
  s.line = line_of(item);
  s.id = attribute(item, "guid");
  const xmlNode* meta = child(item, "itemMeta");
  const xmlNode* content_meta = child(item, "contentMeta");
  for (const auto& [node, name] : {std::pair{meta, "firstCreated"},
                                   {content_meta, "contentCreated"},
                                   {meta, "versionCreated"}}) {
    if (s.date.empty()) s.date = flat_text(child(node, name));
  }
  s.title = flat_text(child(content_meta, "headline"));
  s.dateline = flat_text(child(content_meta, "dateline"));
  const xmlNode* provider = child(meta, "provider");
  s.source = attribute(provider, "literal");
  if (s.source.empty()) s.source = flat_text(child(provider, "name"));
  const xmlNode* set = child(item, "contentSet");
  if (const xmlNode* inline_xml = descendant(set, "inlineXML")) {
    const xmlNode* nitf_body = descendant(inline_xml, "body.content");
    s.paragraphs = paragraphs_of(nitf_body != nullptr ? nitf_body : inline_xml);
  } else if (const xmlNode* inline_data = descendant(set, "inlineData")) {
    s.paragraphs = {flat_text(inline_data)};
  }
  return s;
}

Result<Document> to_document(Story&& s, std::string_view path, std::string_view what,
                             const ReadOptions& options) {
  const std::string where = with_line(path, s.line);
  Document doc;
  doc.id = !s.id.empty()
               ? std::move(s.id)
               : std::filesystem::path(path).filename().string() + ":" + std::to_string(s.line);
  std::string text = story_text(s.title, s.dateline, s.paragraphs);
  if (text.size() == (s.title.empty() ? 0 : s.title.size() + 2)) {
    return make_error(Errc::InvalidInput, std::string(what) + " has no body text", where);
  }
  doc.title = std::move(s.title);
  doc.source = std::move(s.source);
  if (!s.date.empty()) {
    if (auto ok = set_story_date(iso_day(std::move(s.date)), doc, where); !ok) return ok.error();
  }
  doc.text = std::move(text);
  doc.origin = where;
  if (auto ok = check_text(doc.text, path, s.line, options); !ok) return ok.error();
  return doc;
}

}  // namespace

void read_xml(std::string_view path, std::string_view bytes, const ReadOptions& options,
              const Deliver& deliver) {
  xmlInitParser();  // idempotent; makes the parser safe to use from several threads
  std::unique_ptr<xmlParserCtxt, FreeContext> context(xmlNewParserCtxt());
  if (!context || bytes.size() > INT_MAX) {
    deliver(make_error(Errc::LimitExceeded, "XML file too large to parse", std::string(path)));
    return;
  }
  // No network, no external entities or DTDs (never XML_PARSE_NOENT/DTDLOAD), no messages on
  // stderr: the error is read back from the context.
  const int flags = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                    XML_PARSE_COMPACT;
  // The first error says what went wrong (a later one often only "Premature end of data"):
  // a structured handler on this context keeps it (userData is the context itself).
  FirstError first;
  context->_private = &first;
  context->sax->serror = keep_first_error;
  const std::string url(path);
  std::unique_ptr<xmlDoc, FreeDoc> doc(xmlCtxtReadMemory(
      context.get(), bytes.data(), static_cast<int>(bytes.size()), url.c_str(), nullptr, flags));
  if (!doc || context->wellFormed == 0) {
    const xmlError* e = first.set ? &first.error : xmlCtxtGetLastError(context.get());
    std::string message = e != nullptr && e->message != nullptr ? e->message : "parse error";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    const std::string where = e != nullptr && e->line > 0
                                  ? with_line(path, static_cast<size_t>(e->line)) + ":" +
                                        std::to_string(e->int2 > 0 ? e->int2 : 1)
                                  : std::string(path);
    deliver(make_error(Errc::InvalidInput, "invalid XML: " + message, where));
    return;
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  const std::string_view kind = local_name(root);
  if (kind == "nitf") {
    deliver(to_document(nitf_story(root), path, "NITF document", options));
  } else if (kind == "newsItem") {
    deliver(to_document(newsml_story(root), path, "news item", options));
  } else if (kind == "newsMessage") {
    for (const xmlNode* item : descendants(root, "newsItem")) {
      if (!deliver(to_document(newsml_story(item), path, "news item", options))) return;
    }
  } else {
    deliver(make_error(Errc::InvalidInput,
                       "not a NITF or NewsML-G2 document (the root element is <" +
                           std::string(kind) + ">, not <nitf>, <newsItem> or <newsMessage>)",
                       with_line(path, line_of(root))));
  }
}

}  // namespace entente::detail
