// Private: parsed access to the lexicon's data files for modules inside the library.
// RapidJSON stays out of include/ (STYLE.md section 2).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "entente/lexicon.h"

namespace entente {

struct Lexicon::Impl {
  std::vector<DataFile> files;
  std::vector<std::unique_ptr<rapidjson::Document>> docs;  // parallel to files
};

namespace detail {

// One parsed data file of a kind: where it came from and its root value.
struct KindDoc {
  const DataFile* file;
  const rapidjson::Value* root;
};

// The parsed files of `kind` in load order (built-in first, then --lexicon files).
std::vector<KindDoc> docs_of_kind(const Lexicon& lexicon, std::string_view kind);

// "path#/entries/3" for messages.
std::string where(const DataFile& file, std::string_view pointer);

// Reads a string member, or `fallback` when absent or not a string.
std::string_view get_string(const rapidjson::Value& v, const char* key,
                            std::string_view fallback = {});

// Parses JSON text and validates it against the built-in schema of `kind`.
// Fails with InvalidData "path#/pointer: ..." (or "path: offset N: ..." for syntax).
Result<std::unique_ptr<rapidjson::Document>> parse_and_validate(const DataFile& file);

}  // namespace detail
}  // namespace entente
