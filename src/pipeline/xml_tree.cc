// Walking a libxml2 tree. libxml2 limits nesting to 256 levels (no XML_PARSE_HUGE), which
// bounds the recursion below.
#include "pipeline/xml_tree.h"

namespace entente::detail {
namespace {

void append_flat(const xmlNode* node, std::string& out, bool& space) {
  for (const xmlNode* n = node->children; n != nullptr; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content == nullptr) continue;
      for (const char* p = reinterpret_cast<const char*>(n->content); *p != '\0'; ++p) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
          space = true;
          continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += *p;
      }
    } else if (n->type == XML_ELEMENT_NODE || n->type == XML_ENTITY_REF_NODE) {
      append_flat(n, out, space);
    }
  }
}

void collect(const xmlNode* node, std::string_view name, std::vector<const xmlNode*>& out) {
  for (const xmlNode* n = node->children; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (local_name(n) == name) {
      out.push_back(n);
    } else {
      collect(n, name, out);
    }
  }
}

}  // namespace

std::string_view local_name(const xmlNode* node) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE || node->name == nullptr) return {};
  return reinterpret_cast<const char*>(node->name);
}

const xmlNode* child(const xmlNode* node, std::string_view name) {
  if (node == nullptr) return nullptr;
  for (const xmlNode* n = node->children; n != nullptr; n = n->next) {
    if (local_name(n) == name) return n;
  }
  return nullptr;
}

const xmlNode* descendant(const xmlNode* node, std::string_view name) {
  if (node == nullptr) return nullptr;
  for (const xmlNode* n = node->children; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (local_name(n) == name) return n;
    if (const xmlNode* d = descendant(n, name)) return d;
  }
  return nullptr;
}

std::vector<const xmlNode*> descendants(const xmlNode* node, std::string_view name) {
  std::vector<const xmlNode*> out;
  if (node != nullptr) collect(node, name, out);
  return out;
}

std::string attribute(const xmlNode* node, const char* name) {
  if (node == nullptr) return {};
  xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

std::string flat_text(const xmlNode* node) {
  std::string out;
  bool space = false;
  if (node != nullptr) append_flat(node, out, space);
  return out;
}

size_t line_of(const xmlNode* node) {
  const long line = node == nullptr ? 0 : xmlGetLineNo(node);
  return line > 0 ? static_cast<size_t>(line) : 0;
}

}  // namespace entente::detail
