// Private to the pipeline: builds the segmenter's word lists from the lexicon's
// "abbreviations" data (text may not depend on lexicon, so the conversion lives here).
#pragma once

#include "entente/lexicon.h"
#include "entente/text.h"

namespace entente {

// Merges every "abbreviations" data file (built-in first, then --lexicon files) into
// SegmenterRules. Fails with InvalidData "file#/pointer" when a list holds a non-string
// (the schema normally catches this first). No abbreviations file gives empty rules.
[[nodiscard]] Result<SegmenterRules> load_segmenter_rules(const Lexicon& lexicon);

}  // namespace entente
