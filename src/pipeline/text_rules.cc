#include "pipeline/text_rules.h"

#include <span>
#include <string>

#include "entente/pipeline.h"
#include "lexicon/data.h"

namespace entente {

Result<void> read_string_lists(const Lexicon& lexicon, std::string_view kind,
                               std::span<const StringList> sections) {
  for (const auto& kd : detail::docs_of_kind(lexicon, kind)) {
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
  return {};
}

Result<SegmenterRules> load_segmenter_rules(const Lexicon& lexicon) {
  SegmenterRules rules;
  const StringList sections[] = {
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
  if (auto ok = read_string_lists(lexicon, "abbreviations", sections); !ok) return ok.error();
  return rules;
}

Result<PageRules> load_page_rules(const Lexicon& lexicon) {
  PageRules rules;
  const StringList sections[] = {
      {"skip_elements", &rules.skip_elements}, {"skip_class_words", &rules.skip_class_words},
      {"date_meta", &rules.date_meta},         {"title_meta", &rules.title_meta},
      {"source_meta", &rules.source_meta},
  };
  if (auto ok = read_string_lists(lexicon, "html", sections); !ok) return ok.error();
  return rules;
}

}  // namespace entente
