// Private to the pipeline: builds the segmenter's word lists from the lexicon's
// "abbreviations" data (text may not depend on lexicon, so the conversion lives here).
#pragma once

#include <span>
#include <string_view>

#include "entente/lexicon.h"
#include "entente/text.h"

namespace entente {

// One list of strings of a data file: the member `key`, appended to `out`.
struct StringList {
  const char* key;
  std::vector<std::string>* out;
};

// Appends the string arrays `sections` of every data file of `kind` (load order). Fails with
// InvalidData "file#/key/N" when a list or an item has the wrong type.
[[nodiscard]] Result<void> read_string_lists(const Lexicon& lexicon, std::string_view kind,
                                             std::span<const StringList> sections);

// Merges every "abbreviations" data file (built-in first, then --lexicon files) into
// SegmenterRules. Fails with InvalidData "file#/pointer" when a list holds a non-string
// (the schema normally catches this first). No abbreviations file gives empty rules.
[[nodiscard]] Result<SegmenterRules> load_segmenter_rules(const Lexicon& lexicon);

}  // namespace entente
