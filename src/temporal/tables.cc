#include "temporal/tables.h"

#include <algorithm>
#include <map>

#include "lexicon/data.h"

namespace entente::temporal {

size_t normalize_into(std::string_view word, char* out) {
  size_t o = 0;
  const size_t n = word.size();
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (c < 0x80) {
      // ASCII: set the lower-case bit of capitals without a branch.
      out[o++] = static_cast<char>(c | (static_cast<unsigned>(c - 'A') < 26u ? 0x20u : 0u));
    } else if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(word[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(word[i + 2]) == 0x99 ||
                static_cast<unsigned char>(word[i + 2]) == 0x98)) {
      out[o++] = '\'';  // curly apostrophe
      i += 2;
    } else {
      out[o++] = static_cast<char>(c);
    }
  }
  if (o > 1 && out[o - 1] == '.') --o;
  return o;
}

void normalize_word(std::string_view word, std::string& out) {
  out.resize(word.size());
  out.resize(normalize_into(word, out.data()));
}

namespace {

struct Loader {
  Tables& t;
  const DataFile* file = nullptr;

  Error bad(const std::string& pointer, const std::string& message) const {
    return make_error(Errc::InvalidData, message, detail::where(*file, pointer));
  }

  Result<void> add_names(const rapidjson::Value& v, const std::string& pointer, Cat cat,
                         int32_t value, int32_t extra) {
    if (!v.IsArray()) return bad(pointer, "expected an array of phrases");
    rapidjson::SizeType i = 0;
    for (const auto& item : v.GetArray()) {
      const std::string p = pointer + "/" + std::to_string(i++);
      if (!item.IsString() || item.GetStringLength() == 0) return bad(p, "expected a phrase");
      Phrase ph{cat, value, extra, {}};
      std::string_view s(item.GetString(), item.GetStringLength());
      std::string w;
      size_t start = 0;
      while (start <= s.size()) {
        size_t sp = s.find(' ', start);
        if (sp == std::string_view::npos) sp = s.size();
        if (sp > start) {
          normalize_word(s.substr(start, sp - start), w);
          ph.words.push_back(w);
        }
        start = sp + 1;
      }
      if (ph.words.empty()) return bad(p, "expected a phrase");
      t.phrases.push_back(std::move(ph));
    }
    return {};
  }

  static int get_int(const rapidjson::Value& v, const char* key, int fallback) {
    auto it = v.FindMember(key);
    if (it == v.MemberEnd() || !it->value.IsInt()) return fallback;
    return it->value.GetInt();
  }

  // An array of objects with "names" and one integer key.
  Result<void> numbered(const rapidjson::Value& root, const char* section, const char* key, Cat cat,
                        int lo, int hi) {
    auto it = root.FindMember(section);
    if (it == root.MemberEnd()) return {};
    const std::string base = std::string("/") + section;
    if (!it->value.IsArray()) return bad(base, "expected an array");
    rapidjson::SizeType i = 0;
    for (const auto& e : it->value.GetArray()) {
      const std::string p = base + "/" + std::to_string(i++);
      if (!e.IsObject() || !e.HasMember("names")) return bad(p, "expected an object with names");
      const int v = get_int(e, key, lo - 1);
      if (v < lo || v > hi) return bad(p + "/" + key, "value out of range");
      int extra = 0;
      if (cat == Cat::Number) {
        auto a = e.FindMember("approx");
        extra = a != e.MemberEnd() && a->value.IsBool() && a->value.GetBool() ? 1 : 0;
      }
      if (auto r = add_names(e["names"], p + "/names", cat, v, extra); !r) return r;
    }
    return {};
  }

  Result<void> word_list(const rapidjson::Value& root, const char* section, Cat cat,
                         int32_t value) {
    auto it = root.FindMember(section);
    if (it == root.MemberEnd()) return {};
    return add_names(it->value, std::string("/") + section, cat, value, 0);
  }

  Result<void> word_set(const rapidjson::Value& root, const char* section, WordSet& out) {
    auto it = root.FindMember(section);
    if (it == root.MemberEnd()) return {};
    if (!it->value.IsArray()) return bad(std::string("/") + section, "expected an array");
    std::string w;
    for (const auto& item : it->value.GetArray()) {
      if (!item.IsString()) return bad(std::string("/") + section, "expected strings");
      normalize_word({item.GetString(), item.GetStringLength()}, w);
      out.insert(w);
    }
    return {};
  }

  Result<void> load(const rapidjson::Value& root) {
    if (!root.IsObject()) return bad("/", "expected an object");
    if (auto r = numbered(root, "months", "number", Cat::Month, 1, 12); !r) return r;
    if (auto r = numbered(root, "weekdays", "number", Cat::Weekday, 1, 7); !r) return r;
    if (auto r = numbered(root, "numbers", "value", Cat::Number, 1, 1000); !r) return r;
    if (auto r = numbered(root, "ordinals", "value", Cat::Ordinal, 1, 31); !r) return r;
    if (auto r = numbered(root, "deictic", "offset", Cat::Deictic, -7, 7); !r) return r;
    if (auto r = word_list(root, "parts_of_day", Cat::PartOfDay, 0); !r) return r;
    if (auto r = word_list(root, "future_markers", Cat::Future, 0); !r) return r;
    if (auto r = word_list(root, "past_markers", Cat::Past, 0); !r) return r;
    if (auto r = word_list(root, "clause_breaks", Cat::ClauseBreak, 0); !r) return r;
    if (auto r = word_set(root, "needs_context", t.needs_context); !r) return r;
    if (auto r = word_set(root, "not_past", t.not_past); !r) return r;

    if (auto it = root.FindMember("seasons"); it != root.MemberEnd()) {
      if (!it->value.IsArray()) return bad("/seasons", "expected an array");
      rapidjson::SizeType i = 0;
      for (const auto& e : it->value.GetArray()) {
        const std::string p = "/seasons/" + std::to_string(i++);
        if (!e.IsObject() || !e.HasMember("names")) return bad(p, "expected an object with names");
        SeasonDef s{std::string(detail::get_string(e, "code")), get_int(e, "first_month", 0)};
        if (s.code.size() != 2 || s.first_month < 1 || s.first_month > 12) {
          return bad(p, "a season needs a code and a first_month");
        }
        t.seasons.push_back(s);
        const auto idx = static_cast<int32_t>(t.seasons.size() - 1);
        if (auto r = add_names(e["names"], p + "/names", Cat::Season, idx, 0); !r) return r;
      }
    }
    if (auto it = root.FindMember("holidays"); it != root.MemberEnd()) {
      if (!it->value.IsArray()) return bad("/holidays", "expected an array");
      rapidjson::SizeType i = 0;
      for (const auto& e : it->value.GetArray()) {
        const std::string p = "/holidays/" + std::to_string(i++);
        if (!e.IsObject() || !e.HasMember("names")) return bad(p, "expected an object with names");
        Holiday h;
        h.id = std::string(detail::get_string(e, "id"));
        h.month = get_int(e, "month", 0);
        h.day = get_int(e, "day", 0);
        h.weekday = get_int(e, "weekday", 0);
        h.nth = get_int(e, "nth", 0);
        h.offset_days = get_int(e, "offset_days", 0);
        if (e.HasMember("easter_offset")) {
          h.easter = true;
          h.easter_offset = get_int(e, "easter_offset", 0);
        } else if (h.month < 1 || h.month > 12 ||
                   !((h.day >= 1 && h.day <= 31 && h.weekday == 0) ||
                     (h.day == 0 && h.weekday >= 1 && h.weekday <= 7 && h.nth != 0))) {
          return bad(p, "a holiday needs month+day, month+weekday+nth, or easter_offset");
        } else if (h.day > 0 && h.day > (h.month == 2 ? 29 : 31)) {
          return bad(p + "/day", "no such day in that month");
        }
        t.holidays.push_back(h);
        const auto idx = static_cast<int32_t>(t.holidays.size() - 1);
        if (auto r = add_names(e["names"], p + "/names", Cat::Holiday, idx, 0); !r) return r;
      }
    }
    if (auto it = root.FindMember("units"); it != root.MemberEnd()) {
      if (!it->value.IsArray()) return bad("/units", "expected an array");
      static constexpr std::string_view kUnits[] = {"day",     "week", "weekend", "month",
                                                    "quarter", "year", "decade",  "century"};
      rapidjson::SizeType i = 0;
      for (const auto& e : it->value.GetArray()) {
        const std::string p = "/units/" + std::to_string(i++);
        if (!e.IsObject() || !e.HasMember("names")) return bad(p, "expected an object with names");
        const std::string_view u = detail::get_string(e, "unit");
        int32_t unit = -1;
        for (int32_t k = 0; k < 8; ++k) {
          if (kUnits[k] == u) unit = k;
        }
        if (unit < 0) return bad(p + "/unit", "unknown unit " + quote_for_message(u));
        // extra: the count of units a name stands for, or minus its divisor ("hours").
        const int divisor = get_int(e, "divisor", 1);
        const int32_t extra = divisor > 1 ? -divisor : get_int(e, "count", 1);
        if (auto r = add_names(e["names"], p + "/names", Cat::Unit, unit, extra); !r) return r;
      }
    }
    if (auto it = root.FindMember("modifiers"); it != root.MemberEnd()) {
      if (!it->value.IsArray()) return bad("/modifiers", "expected an array");
      rapidjson::SizeType i = 0;
      for (const auto& e : it->value.GetArray()) {
        const std::string p = "/modifiers/" + std::to_string(i++);
        if (!e.IsObject() || !e.HasMember("names")) return bad(p, "expected an object with names");
        const std::string_view m = detail::get_string(e, "mod");
        Mod mod = m == "START"    ? Mod::Start
                  : m == "MID"    ? Mod::Mid
                  : m == "END"    ? Mod::End
                  : m == "APPROX" ? Mod::Approx
                                  : Mod::None;
        if (mod == Mod::None) return bad(p + "/mod", "unknown modifier " + quote_for_message(m));
        auto of = e.FindMember("of");
        const int32_t with_of = of != e.MemberEnd() && of->value.IsBool() && of->value.GetBool();
        if (auto r =
                add_names(e["names"], p + "/names", Cat::Mod, static_cast<int32_t>(mod), with_of);
            !r)
          return r;
      }
    }
    if (auto it = root.FindMember("roles"); it != root.MemberEnd()) {
      if (!it->value.IsObject()) return bad("/roles", "expected an object");
      static constexpr std::string_view kRoles[kRoleCount] = {"the",
                                                              "of",
                                                              "in",
                                                              "at",
                                                              "ago",
                                                              "from_now",
                                                              "later",
                                                              "earlier",
                                                              "last",
                                                              "next",
                                                              "this",
                                                              "previous",
                                                              "following",
                                                              "same",
                                                              "that",
                                                              "after",
                                                              "before",
                                                              "context",
                                                              "quarter",
                                                              "clock",
                                                              "passive",
                                                              "infinitive",
                                                              "numeric_context",
                                                              "since",
                                                              "numeric_context_weak",
                                                              "ordinal_suffix",
                                                              "not_before_year",
                                                              "progressive",
                                                              "duration_prep",
                                                              "span_past",
                                                              "duration_quant",
                                                              "duration_cue",
                                                              "count_noun",
                                                              "possessive"};
      for (const auto& m : it->value.GetObject()) {
        const std::string_view name(m.name.GetString(), m.name.GetStringLength());
        int32_t role = -1;
        for (int32_t k = 0; k < kRoleCount; ++k) {
          if (kRoles[k] == name) role = k;
        }
        if (role < 0) return bad("/roles/" + std::string(name), "unknown role");
        if (auto r = add_names(m.value, "/roles/" + std::string(name), Cat::Role, role, 0); !r)
          return r;
      }
    }
    return {};
  }
};

}  // namespace

Result<Tables> load_tables(const Lexicon& lexicon) {
  Tables t;
  Loader loader{t};
  for (const auto& kd : detail::docs_of_kind(lexicon, "temporal")) {
    loader.file = kd.file;
    if (auto r = loader.load(*kd.root); !r) return r.error();
  }
  auto build = [&](WordIndex& index, bool tense_words) {
    std::map<std::string, FirstWord> by_first;  // sorted: the index does not depend on hashing
    for (uint32_t i = 0; i < t.phrases.size(); ++i) {
      const Cat cat = t.phrases[i].cat;
      const bool is_tense = cat == Cat::Future || cat == Cat::Past || cat == Cat::ClauseBreak;
      if (is_tense != tense_words) continue;
      const std::string& first = t.phrases[i].words.front();
      FirstWord& fw = by_first[first];
      fw.ids.push_back(i);
      fw.cat_mask |= 1u << static_cast<unsigned>(cat);
      if (cat == Cat::Role) {
        fw.role_mask |= uint64_t{1} << static_cast<unsigned>(t.phrases[i].value);
      }
      index.max_word_bytes = std::max(index.max_word_bytes, first.size());
      if (first.size() < 32) {
        index.first_filter[static_cast<unsigned char>(first[0])] |= 1u << first.size();
      }
    }
    size_t size = 16;
    while (size < by_first.size() * 2) size *= 2;
    index.slots.resize(size);
    for (auto& [word, fw] : by_first) {
      uint64_t single = 0;
      uint64_t multi = 0;
      for (uint32_t id : fw.ids) {
        const Phrase& ph = t.phrases[id];
        if (ph.cat != Cat::Role) continue;
        (ph.words.size() == 1 ? single : multi) |= uint64_t{1} << static_cast<unsigned>(ph.value);
      }
      fw.single_role_mask = single & ~multi;
      std::stable_sort(fw.ids.begin(), fw.ids.end(), [&](uint32_t a, uint32_t b) {
        return t.phrases[a].words.size() > t.phrases[b].words.size();
      });
      const auto at = static_cast<uint32_t>(index.first_words.size());
      fw.word = word;
      index.first_words.push_back(std::move(fw));
      const uint64_t h = WordIndex::hash(word);
      for (size_t i = h & (size - 1);; i = (i + 1) & (size - 1)) {
        if (!index.slots[i].used) {
          index.slots[i] = {h, at, 1};
          break;
        }
      }
    }
  };
  build(t.words, false);
  build(t.tense, true);
  // Tense markers are looked up only around a date (Grammar::tense), on the forms as written.
  for (const auto& ph : t.phrases) {
    if (ph.cat == Cat::Future || ph.cat == Cat::Past || ph.cat == Cat::ClauseBreak) continue;
    for (const auto& w : ph.words) {
      if (!w.empty() && w.size() < 32) {
        t.any_filter[static_cast<unsigned char>(w[0])] |= 1u << w.size();
      }
    }
  }
  return t;
}

}  // namespace entente::temporal
