// Private to the pipeline: walking a libxml2 tree (wire-service XML, saved web pages).
#pragma once

#include <libxml/tree.h>

#include <string>
#include <string_view>
#include <vector>

namespace entente::detail {

// The local name of an element (without its namespace prefix); empty for other nodes.
std::string_view local_name(const xmlNode* node);

// The first child element of `node` named `name` (local name), or null.
const xmlNode* child(const xmlNode* node, std::string_view name);

// The first element named `name` below `node` (depth first, document order), or null.
const xmlNode* descendant(const xmlNode* node, std::string_view name);

// Every element named `name` below `node`, in document order, not looking inside a match.
std::vector<const xmlNode*> descendants(const xmlNode* node, std::string_view name);

// An attribute's value, or empty.
std::string attribute(const xmlNode* node, const char* name);

// The text below `node` with every run of white space as one space, trimmed.
std::string flat_text(const xmlNode* node);

// The line `node` starts on (1-based; 0 if unknown).
size_t line_of(const xmlNode* node);

}  // namespace entente::detail
