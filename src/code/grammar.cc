#include "code/grammar.h"

#include <algorithm>
#include <array>
#include <utility>

#include "lexicon/data.h"

namespace entente::code {

std::string fold(std::string_view text) {
  std::string out(text.size(), '\0');
  out.resize(fold_to(text, out.data()));
  return out;
}

size_t fold_to(std::string_view text, char* out) {
  char* dst = out;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    // U+2019 RIGHT SINGLE QUOTATION MARK is E2 80 99 in UTF-8.
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x99) {
      *dst++ = '\'';
      i += 2;
      continue;
    }
    *dst++ = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
  }
  return static_cast<size_t>(dst - out);
}

namespace {

struct ClassKey {
  const char* key;
  uint64_t bit;
  bool lemma;  // applies to lemmas (verbs) rather than forms
};

constexpr std::array<ClassKey, 39> kClassKeys = {{
    {"determiners", kDet, false},
    {"possessives", kPoss, false},
    {"prepositions", kPrep, false},
    {"pronouns_speaker", kPronSpeaker, false},
    {"pronouns_addressee", kPronAddressee, false},
    {"pronouns_third", kPronThird, false},
    {"be", kBe, false},
    {"have", kHave, false},
    {"do", kDo, false},
    {"future_modals", kFuture, false},
    {"modals", kModal, false},
    {"negations", kNeg, false},
    {"coordinators", kCoord, false},
    {"subordinators", kSubord, false},
    {"relatives", kRelative, false},
    {"complementizers", kComp, false},
    {"speech_verbs", kSpeech, true},
    {"negating_speech_verbs", kNegSpeech, true},
    {"intent_governors", kIntentGov, true},
    {"threat_governors", kThreatGov, true},
    {"reject_governors", kRejectGov, true},
    {"neutral_governors", kNeutralGov, true},
    {"adverbs", kAdverb, false},
    {"speech_addressee_verbs", kAddresseeSpeech, true},
    {"according", kAccording, false},
    {"adjectival_participles", kAdjParticiple, false},
    {"event_prepositions", kEventPrep, false},
    {"possessive_markers", kPossMarker, false},
    {"quotation_marks", kQuote, false},
    {"place_prepositions", kPlacePrep, false},
    {"target_prepositions", kTargetPrep, false},
    {"agent_prepositions", kAgentPrep, false},
    {"deadline_prepositions", kDeadlinePrep, false},
    {"genitive_prepositions", kGenitivePrep, false},
    {"among_prepositions", kAmongPrep, false},
    {"light_verbs", kLightVerb, true},
    {"conditionals", kConditional, false},
    {"clause_breaks", kClauseBreak, false},
    {"compound_preposition_heads", kPrepHead, false},
}};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

Result<void> read_map(const rapidjson::Value& root, const char* key, const DataFile& file,
                      std::unordered_map<std::string, std::string>& out) {
  auto it = root.FindMember(key);
  if (it == root.MemberEnd()) return {};
  for (auto m = it->value.MemberBegin(); m != it->value.MemberEnd(); ++m) {
    std::string from(m->name.GetString(), m->name.GetStringLength());
    std::string to(m->value.GetString(), m->value.GetStringLength());
    if (from.empty() || to.size() < 2) {
      return make_error(Errc::InvalidData, "code map entry is not a CAMEO code",
                        detail::where(file, std::string("/") + key + "/" + from));
    }
    out[from] = to;
  }
  return {};
}

}  // namespace

Result<Grammar> Grammar::create(const Lexicon& lexicon) {
  Grammar g;
  auto docs = detail::docs_of_kind(lexicon, "grammar");
  if (docs.empty()) {
    return make_error(Errc::InvalidData,
                      "no \"grammar\" data (data/grammar/*.json) for the event coder");
  }
  for (const auto& d : docs) {
    const rapidjson::Value& root = *d.root;
    for (const auto& verb : root["irregular_verbs"].GetArray()) {
      const auto arr = verb.GetArray();
      std::string lemma = fold(arr[0].GetString());
      g.known_.insert(lemma);
      for (rapidjson::SizeType i = 1; i < arr.Size(); ++i) {
        std::string form = fold(arr[i].GetString());
        g.irregular_.emplace(form, lemma);  // first lemma wins ("'s" is "be")
        if (!ends_with(form, "ing") && !ends_with(form, "s")) g.irregular_past_.insert(form);
      }
    }
    const rapidjson::Value& classes = root["word_classes"];
    for (const auto& ck : kClassKeys) {
      auto it = classes.FindMember(ck.key);
      if (it == classes.MemberEnd()) continue;
      for (const auto& w : it->value.GetArray()) {
        std::string word = fold(w.GetString());
        if (ck.lemma) {
          g.lemmas_[word] |= ck.bit;
          g.known_.insert(word);
        } else {
          g.forms_[word] |= ck.bit;
        }
      }
    }
    for (auto [key, map] : {std::pair{"intent_codes", &g.intent_},
                            std::pair{"threat_codes", &g.threat_},
                            std::pair{"reject_codes", &g.reject_},
                            std::pair{"obligation_codes", &g.obligation_},
                            std::pair{"statement_codes", &g.statement_}}) {
      if (auto r = read_map(root, key, *d.file, *map); !r) return r.error();
    }
    if (auto it = root.FindMember("audience_sectors"); it != root.MemberEnd()) {
      for (const auto& v : it->value.GetArray()) g.audience_.insert(v.GetString());
    }
    if (auto it = root.FindMember("where_only_roots"); it != root.MemberEnd()) {
      for (const auto& v : it->value.GetArray()) g.where_only_.insert(v.GetString());
    }
  }
  return g;
}

uint64_t Grammar::form_classes(std::string_view lower) const {
  auto it = forms_.find(lower);
  return it == forms_.end() ? 0 : it->second;
}

uint64_t Grammar::lemma_classes(std::string_view lemma) const {
  auto it = lemmas_.find(lemma);
  return it == lemmas_.end() ? 0 : it->second;
}

bool Grammar::irregular_past(std::string_view lower) const {
  return irregular_past_.find(lower) != irregular_past_.end();
}

void Grammar::add_known(std::string_view lemma) { known_.insert(std::string(lemma)); }

std::string Grammar::lemma(std::string_view w) const {
  if (auto it = irregular_.find(w); it != irregular_.end()) return it->second;
  // Suffix rules first: a pattern may list an inflected word ("abused") that is still a form
  // of a known lemma ("abuse"). Candidates are tried in order; the first known one wins.
  std::string c;
  auto known = [&](std::string_view stem, std::string_view add) {
    c.assign(stem);
    c += add;
    return known_.find(c) != known_.end();
  };
  auto stem_variants = [&](std::string_view stem) {
    // "stopped" -> "stopp" -> "stop"; "making" -> "mak" -> "make".
    if (known(stem, "") || known(stem, "e")) return true;
    if (stem.size() >= 2 && stem[stem.size() - 1] == stem[stem.size() - 2] &&
        !is_vowel(stem.back())) {
      return known(stem.substr(0, stem.size() - 1), "");
    }
    return false;
  };
  const size_t n = w.size();
  if ((ends_with(w, "ies") || ends_with(w, "ied")) && n > 4 && known(w.substr(0, n - 3), "y")) return c;
  if (ends_with(w, "ing") && n > 4 && stem_variants(w.substr(0, n - 3))) return c;
  if (ends_with(w, "ed") && n > 3 && stem_variants(w.substr(0, n - 2))) return c;
  if (ends_with(w, "es") && n > 3 && known(w.substr(0, n - 2), "")) return c;
  if (ends_with(w, "s") && !ends_with(w, "ss") && n > 2 && known(w.substr(0, n - 1), "")) return c;
  return std::string(w);  // known or not, the form itself
}

std::vector<std::string> Grammar::vocabulary() const {
  std::vector<std::string> out;
  for (const auto& [w, cls] : forms_) out.push_back(w);
  for (const auto& [w, cls] : lemmas_) out.push_back(w);
  for (const auto& [w, l] : irregular_) out.push_back(w);
  for (const auto& w : irregular_past_) out.push_back(w);
  // lemma() only returns a known lemma L for a form built from L by one of its suffix rules,
  // so these inflections are every form whose lemma differs from itself (irregulars aside).
  for (const auto& l : known_) {
    out.push_back(l);
    for (std::string_view suffix : {"s", "es", "ed", "ing"}) {
      out.push_back(l + std::string(suffix));
      if (suffix == "ed" || suffix == "ing") {
        if (!l.empty() && l.back() == 'e') out.push_back(l.substr(0, l.size() - 1) + std::string(suffix));
        if (!l.empty()) out.push_back(l + l.back() + std::string(suffix));
      }
    }
    if (!l.empty() && l.back() == 'y') {
      out.push_back(l.substr(0, l.size() - 1) + "ies");
      out.push_back(l.substr(0, l.size() - 1) + "ied");
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string Grammar::lookup(const std::unordered_map<std::string, std::string>& map,
                            std::string_view code) {
  for (size_t len = code.size(); len >= 2; --len) {
    auto it = map.find(std::string(code.substr(0, len)));
    if (it != map.end()) return it->second;
    if (len == 2) break;
  }
  return {};
}

}  // namespace entente::code
