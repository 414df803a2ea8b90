#include "pipeline/text_rules.h"

#include <string>

#include "lexicon/data.h"

namespace entente {

Result<SegmenterRules> load_segmenter_rules(const Lexicon& lexicon) {
  SegmenterRules rules;
  struct Section {
    const char* key;
    std::vector<std::string>* out;
  };
  const Section sections[] = {
      {"abbreviations", &rules.abbreviations},
      {"sentence_final", &rules.sentence_final_abbrev},
      {"number_prefixes", &rules.number_prefixes},
      {"capitalized_abbreviations", &rules.capitalized_abbreviations},
      {"sentence_starters", &rules.sentence_starters},
      {"opening_prepositions", &rules.opening_prepositions},
      {"letter_words", &rules.letter_words},
      {"list_bullets", &rules.list_bullets},
      {"line_bullets", &rules.line_bullets},
  };
  for (const auto& kd : detail::docs_of_kind(lexicon, "abbreviations")) {
    if (!kd.root->IsObject()) {
      return make_error(Errc::InvalidData, "expected an object", detail::where(*kd.file, "/"));
    }
    for (const auto& sec : sections) {
      auto it = kd.root->FindMember(sec.key);
      if (it == kd.root->MemberEnd()) continue;
      const std::string pointer = std::string("/") + sec.key;
      if (!it->value.IsArray()) {
        return make_error(Errc::InvalidData, "expected an array of words",
                          detail::where(*kd.file, pointer));
      }
      rapidjson::SizeType i = 0;
      for (const auto& w : it->value.GetArray()) {
        if (!w.IsString()) {
          return make_error(Errc::InvalidData, "expected a string",
                            detail::where(*kd.file, pointer + "/" + std::to_string(i)));
        }
        sec.out->emplace_back(w.GetString(), w.GetStringLength());
        ++i;
      }
    }
  }
  return rules;
}

}  // namespace entente
