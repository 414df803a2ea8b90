#include "match/actor_tables.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <climits>
#include <map>
#include <string>
#include <type_traits>
#include <utility>

#include "lexicon/data.h"

namespace entente::match {

void fold_word(std::string_view word, std::string& out) {
  out.clear();
  for (size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (c == '.') continue;
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
      continue;
    }
    // U+2019 and U+2018 (curly apostrophes) read as ASCII apostrophes.
    if (c == 0xE2 && i + 2 < word.size() && static_cast<unsigned char>(word[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(word[i + 2]) == 0x99 ||
         static_cast<unsigned char>(word[i + 2]) == 0x98)) {
      out.push_back('\'');
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
}

CaseRule case_rule_of(std::string_view word) {
  int upper = 0;
  int lower = 0;
  bool first_upper = false;
  bool seen_letter = false;
  for (char ch : word) {
    const auto c = static_cast<unsigned char>(ch);
    const bool up = c >= 'A' && c <= 'Z';
    const bool lo = c >= 'a' && c <= 'z';
    if (!seen_letter && (up || lo || c >= 0x80)) {
      seen_letter = true;
      first_upper = up || c >= 0xC3;  // a non-ASCII first letter counts as capital (Élysée)
    }
    upper += up ? 1 : 0;
    lower += lo ? 1 : 0;
  }
  if (upper >= 2 && lower == 0) return CaseRule::Exact;
  if (first_upper) return CaseRule::Cap;
  return CaseRule::Any;
}

std::vector<std::string_view> split_alias(std::string_view alias) {
  std::vector<std::string_view> out;
  auto is_edge_punct = [](char c) {
    return c == ',' || c == '(' || c == ')' || c == '"' || c == ';' || c == ':' || c == '!' ||
           c == '?';
  };
  size_t i = 0;
  while (i < alias.size()) {
    while (i < alias.size() && alias[i] == ' ') ++i;
    size_t j = i;
    while (j < alias.size() && alias[j] != ' ') ++j;
    std::string_view piece = alias.substr(i, j - i);
    while (!piece.empty() && is_edge_punct(piece.front())) {
      out.push_back(piece.substr(0, 1));
      piece.remove_prefix(1);
    }
    std::vector<std::string_view> tail;
    while (!piece.empty() && is_edge_punct(piece.back())) {
      tail.push_back(piece.substr(piece.size() - 1));
      piece.remove_suffix(1);
    }
    if (!piece.empty()) out.push_back(piece);
    for (auto it = tail.rbegin(); it != tail.rend(); ++it) out.push_back(*it);
    i = j;
  }
  return out;
}

ActorType actor_type_of(EntityType t) {
  switch (t) {
    case EntityType::Country:
      return ActorType::Country;
    case EntityType::Institution:
      return ActorType::Institution;
    case EntityType::Igo:
      return ActorType::Igo;
    case EntityType::Ngo:
      return ActorType::Ngo;
    case EntityType::Group:
      return ActorType::Group;
    case EntityType::Person:
      return ActorType::Person;
    case EntityType::Place:
      return ActorType::Place;
    case EntityType::Ethnic:
      return ActorType::Ethnic;
    case EntityType::Religion:
      return ActorType::Religion;
    case EntityType::Region:
      return ActorType::Region;
  }
  return ActorType::Country;
}

uint32_t Tables::word_id(std::string_view folded) const {
  return word_id(folded, hash_bytes(folded));
}

uint32_t Tables::word_id(std::string_view folded, uint64_t hash) const {
  const uint32_t id = vocab.get(hash);
  // 64-bit hashes of distinct words practically never collide; the length check catches the
  // rest cheaply.
  if (id == FlatMap::kMissing || words[id].size() != folded.size()) return kNone;
  return id;
}

bool Tables::is_country(std::string_view code) const {
  return std::binary_search(
      country_index.begin(), country_index.end(), code, [](const auto& a, const auto& b) {
        auto key = [](const auto& x) -> std::string_view {
          if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::string_view>) {
            return x;
          } else {
            return x.first;
          }
        };
        return key(a) < key(b);
      });
}

bool Tables::is_stateless(std::string_view code) const {
  return std::binary_search(stateless_codes.begin(), stateless_codes.end(), code,
                            std::less<>());
}

const Entity* Tables::country_entity(std::string_view code) const {
  auto it = std::lower_bound(country_index.begin(), country_index.end(), code,
                             [](const auto& p, std::string_view c) { return p.first < c; });
  if (it == country_index.end() || it->first != code) return nullptr;
  return &entities[it->second];
}

namespace {

using rapidjson::Value;

struct Source {
  const DataFile* file;
  const Value* entry;
  size_t index;  // position in its file's "entries"
};

std::string ptr(std::string_view base, size_t i) {
  std::string s(base);
  s += '/';
  s += std::to_string(i);
  return s;
}

class Builder {
 public:
  explicit Builder(Tables& t) : t_(t) { node_payloads_.emplace_back(); }

  uint32_t intern(std::string_view word) {
    fold_word(word, scratch_);
    const uint64_t h = hash_bytes(scratch_);
    const uint32_t id = t_.vocab.get(h);
    if (id != FlatMap::kMissing) return id;
    const auto nid = static_cast<uint32_t>(t_.words.size());
    t_.words.push_back(scratch_);
    t_.word_class.push_back(0);
    t_.vocab.put(h, nid);
    return nid;
  }

  void mark(std::string_view phrase, uint16_t cls) {
    auto parts = split_alias(phrase);
    if (parts.size() != 1) return;  // word classes hold single words
    const uint32_t id = intern(parts[0]);
    t_.word_class[id] = static_cast<uint16_t>(t_.word_class[id] | cls);
  }

  // Adds `alias` to the trie with `p`; words of the alias keep their case rules unless
  // `any_case` (role words, pronouns).
  void add(std::string_view alias, Payload p, bool any_case) {
    auto parts = split_alias(alias);
    if (parts.empty()) return;
    uint32_t node = 0;
    p.shape_begin = static_cast<uint32_t>(t_.shapes.size());
    p.shape_count = static_cast<uint32_t>(parts.size());
    for (auto w : parts) {
      const uint32_t id = intern(w);
      t_.shapes.push_back(any_case ? CaseRule::Any : case_rule_of(w));
      const uint64_t key = pair_key(node, id);
      uint32_t next = t_.edges.get(key);
      if (next == FlatMap::kMissing) {
        next = static_cast<uint32_t>(node_payloads_.size());
        node_payloads_.emplace_back();
        t_.edges.put(key, next);
      }
      node = next;
    }
    node_payloads_[node].push_back(p);
  }

  void finish() {
    t_.nodes.resize(node_payloads_.size());
    for (size_t n = 0; n < node_payloads_.size(); ++n) {
      auto& v = node_payloads_[n];
      // Stable order by kind so that blocks and names come before adjectives and roles.
      std::stable_sort(v.begin(), v.end(), [](const Payload& a, const Payload& b) {
        return static_cast<int>(a.kind) < static_cast<int>(b.kind);
      });
      t_.nodes[n].payload_begin = static_cast<uint32_t>(t_.payloads.size());
      t_.nodes[n].payload_count = static_cast<uint32_t>(v.size());
      t_.payloads.insert(t_.payloads.end(), v.begin(), v.end());
    }
  }

 private:
  Tables& t_;
  std::string scratch_;
  std::vector<std::vector<Payload>> node_payloads_;
};

std::vector<std::string> strings_of(const Value& obj, const char* key) {
  std::vector<std::string> out;
  if (!obj.IsObject()) return out;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& v : it->value.GetArray()) {
    if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

bool bool_of(const Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

EntityType type_of(std::string_view s) {
  if (s == "institution") return EntityType::Institution;
  if (s == "igo") return EntityType::Igo;
  if (s == "ngo") return EntityType::Ngo;
  if (s == "group") return EntityType::Group;
  if (s == "person") return EntityType::Person;
  if (s == "place") return EntityType::Place;
  if (s == "ethnic") return EntityType::Ethnic;
  if (s == "religion") return EntityType::Religion;
  if (s == "region") return EntityType::Region;
  return EntityType::Country;
}

bool stateless_type(EntityType t) {
  return t == EntityType::Ethnic || t == EntityType::Religion || t == EntityType::Region;
}

// Splits a code into country and sector. Non-state prefixes (IGO, NGO, IMG) have no country;
// nor have ethnic and religious groups and regions, whose code keeps its sector ("KURREB").
bool split_code(const Tables& t, std::string_view code, std::string& country, std::string& sector) {
  if (code.size() < 3) return false;
  const std::string_view head = code.substr(0, 3);
  if (head == "IGO" || head == "NGO" || head == "IMG") {
    country.clear();
    sector.clear();
    return true;
  }
  if (t.is_stateless(head)) {
    country.clear();
    sector = std::string(code.substr(3));
    return true;
  }
  if (!t.is_country(head)) return false;
  country = std::string(head);
  sector = std::string(code.substr(3));
  return true;
}

Result<int32_t> parse_day(std::string_view text, const std::string& where) {
  auto d = CivilDate::parse_iso(text);
  if (!d) {
    return make_error(Errc::InvalidData,
                      "role date " + quote_for_message(text) + " is not a calendar date", where);
  }
  return d->serial();
}

// Reads the dated codes of an entry's "roles" ("file#/entries/N" is `base`).
Result<std::vector<DatedCode>> dated_codes(const Tables& t, const Value& e, const DataFile& file,
                                           const std::string& base) {
  std::vector<DatedCode> out;
  auto rit = e.FindMember("roles");
  if (rit == e.MemberEnd() || !rit->value.IsArray()) return out;
  size_t k = 0;
  for (const auto& r : rit->value.GetArray()) {
    const std::string rbase = base + "/roles/" + std::to_string(k);
    DatedCode role;
    role.code = std::string(detail::get_string(r, "code"));
    if (!split_code(t, role.code, role.country, role.sector)) {
      return make_error(Errc::InvalidData,
                        "role code " + quote_for_message(role.code) +
                            " does not start with a known country or IGO/NGO/IMG",
                        detail::where(file, rbase + "/code"));
    }
    auto from = parse_day(detail::get_string(r, "from"), detail::where(file, rbase + "/from"));
    if (!from) return from.error();
    role.from = from.value();
    role.to = INT32_MAX;
    const auto to_text = detail::get_string(r, "to");
    if (!to_text.empty()) {
      auto to = parse_day(to_text, detail::where(file, rbase + "/to"));
      if (!to) return to.error();
      role.to = to.value();
      if (role.to < role.from) {
        return make_error(Errc::InvalidData, "role ends before it starts",
                          detail::where(file, rbase + "/to"));
      }
    }
    out.push_back(std::move(role));
    ++k;
  }
  return out;
}

}  // namespace

Result<Tables> build_actor_tables(const Lexicon& lexicon) {
  Tables t;
  Builder b(t);

  // 1. Gather entries; a later file replaces an earlier entry with the same id.
  std::vector<Source> sources;
  std::map<std::string, size_t, std::less<>> by_id;
  for (const auto& kd : detail::docs_of_kind(lexicon, "actors")) {
    auto it = kd.root->FindMember("entries");
    if (it == kd.root->MemberEnd() || !it->value.IsArray()) continue;
    std::map<std::string, size_t, std::less<>> in_file;
    size_t i = 0;
    for (const auto& e : it->value.GetArray()) {
      std::string id(detail::get_string(e, "id"));
      const std::string where = detail::where(*kd.file, ptr("/entries", i) + "/id");
      if (auto f = in_file.find(id); f != in_file.end()) {
        return make_error(Errc::InvalidData,
                          "duplicate actor id " + quote_for_message(id) + " (first at entry " +
                              std::to_string(f->second) + ")",
                          where);
      }
      in_file.emplace(id, i);
      if (auto g = by_id.find(id); g != by_id.end()) {
        sources[g->second] = Source{kd.file, &e, i};
      } else {
        by_id.emplace(id, sources.size());
        sources.push_back(Source{kd.file, &e, i});
      }
      ++i;
    }
  }

  // 2. Countries first, so that codes can be checked against them; then the codes of groups
  // of no country (ethnic and religious groups, regions), which must not be country codes.
  for (const auto& s : sources) {
    if (detail::get_string(*s.entry, "type") != "country") continue;
    const std::string code(detail::get_string(*s.entry, "code"));
    if (code.size() != 3) {
      return make_error(
          Errc::InvalidData,
          "a country's code must be its ISO alpha-3 code, got " + quote_for_message(code),
          detail::where(*s.file, ptr("/entries", s.index) + "/code"));
    }
    t.country_index.emplace_back(code, 0);
  }
  std::sort(t.country_index.begin(), t.country_index.end());
  t.country_index.erase(std::unique(t.country_index.begin(), t.country_index.end()),
                        t.country_index.end());
  for (const auto& s : sources) {
    if (!stateless_type(type_of(detail::get_string(*s.entry, "type")))) continue;
    const std::string code(detail::get_string(*s.entry, "code"));
    if (code.size() != 3 || t.is_country(code) || code == "IGO" || code == "NGO" ||
        code == "IMG") {
      return make_error(Errc::InvalidData,
                        "the code of an ethnic or religious group or region must be three "
                        "letters that are no country code, got " +
                            quote_for_message(code),
                        detail::where(*s.file, ptr("/entries", s.index) + "/code"));
    }
    t.stateless_codes.push_back(code);
  }
  std::sort(t.stateless_codes.begin(), t.stateless_codes.end());
  t.stateless_codes.erase(std::unique(t.stateless_codes.begin(), t.stateless_codes.end()),
                          t.stateless_codes.end());

  // 3. Entities and persons.
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> alias_owner;
  for (const auto& s : sources) {
    const Value& e = *s.entry;
    const std::string base = ptr("/entries", s.index);
    Entity ent;
    ent.id = std::string(detail::get_string(e, "id"));
    ent.type = type_of(detail::get_string(e, "type"));
    ent.name = std::string(detail::get_string(e, "name"));
    ent.code = std::string(detail::get_string(e, "code"));
    ent.metonym = bool_of(e, "metonym");
    ent.given_name = bool_of(e, "given_name");
    ent.context_not = strings_of(e, "context_not");
    ent.context_for = strings_of(e, "context_for");
    // A place with a code lies inside that state ("Mosul", IRQ): it is matched as the state's
    // location. A place without one only blocks shorter matches ("Niger Delta").
    const bool located = ent.type == EntityType::Place && !ent.code.empty();
    if ((ent.type != EntityType::Person && ent.type != EntityType::Place) || located) {
      if (ent.code.empty()) {
        return make_error(Errc::InvalidData, "a required key is missing: \"code\"",
                          detail::where(*s.file, base));
      }
      if (!split_code(t, ent.code, ent.country, ent.sector)) {
        return make_error(Errc::InvalidData,
                          "actor code " + quote_for_message(ent.code) +
                              " does not start with a known country or IGO/NGO/IMG",
                          detail::where(*s.file, base + "/code"));
      }
      if (located && (ent.country.empty() || !ent.sector.empty())) {
        return make_error(Errc::InvalidData,
                          "place code " + quote_for_message(ent.code) +
                              " is no country code alone (a place lies inside one state: IRQ)",
                          detail::where(*s.file, base + "/code"));
      }
      if (located) ent.metonym = true;
    }
    const auto eidx = static_cast<uint32_t>(t.entities.size());
    if (ent.type == EntityType::Country) {
      auto it = std::lower_bound(t.country_index.begin(), t.country_index.end(), ent.code,
                                 [](const auto& p, const std::string& c) { return p.first < c; });
      it->second = eidx;
    }
    const auto aliases = strings_of(e, "aliases");
    if (ent.type == EntityType::Person) {
      Person p;
      p.entity = eidx;
      const auto g = detail::get_string(e, "gender");
      p.gender = g.empty() ? '\0' : g[0];
      auto roles = dated_codes(t, e, *s.file, base);
      if (!roles) return roles.error();
      if (roles.value().empty()) {
        return make_error(Errc::InvalidData, "a person needs at least one role",
                          detail::where(*s.file, base + "/roles"));
      }
      p.roles = std::move(roles.value());
      ent.person = static_cast<uint32_t>(t.persons.size());
      // A person's home country: their first state role (for display and lookup).
      for (const auto& r : p.roles) {
        if (!r.country.empty()) {
          ent.country = r.country;
          break;
        }
      }
      t.persons.push_back(std::move(p));
      for (const auto& a : aliases) {
        b.add(a, Payload{PayloadKind::PersonName, false, ent.person, 0, 0}, false);
      }
      for (const auto& a : strings_of(e, "short_names")) {
        b.add(a, Payload{PayloadKind::PersonShort, false, ent.person, 0, 0}, false);
      }
    } else {
      auto dated = dated_codes(t, e, *s.file, base);
      if (!dated) return dated.error();
      ent.dated = std::move(dated.value());
      const PayloadKind kind =
          ent.type == EntityType::Place && !located ? PayloadKind::Block : PayloadKind::EntityName;
      size_t j = 0;
      for (const auto& a : aliases) {
        if (kind == PayloadKind::EntityName) {
          std::string key;
          std::string w;
          for (auto part : split_alias(a)) {
            fold_word(part, w);
            key += w;
            key += ' ';
          }
          auto [it, fresh] = alias_owner.emplace(key, std::make_pair(ent.code, ent.id));
          if (!fresh && it->second.first != ent.code) {
            return make_error(Errc::InvalidData,
                              "alias " + quote_for_message(a) + " is claimed by " +
                                  it->second.second + " (" + it->second.first + ") and " + ent.id +
                                  " (" + ent.code + ")",
                              detail::where(*s.file, base + "/aliases/" + std::to_string(j)));
          }
        }
        b.add(a, Payload{kind, false, eidx, 0, 0}, false);
        ++j;
      }
      for (const auto& a : strings_of(e, "adjectives")) {
        b.add(a, Payload{PayloadKind::Adjective, false, eidx, 0, 0}, false);
      }
    }
    t.entities.push_back(std::move(ent));
  }

  // 4. Words.
  std::map<std::string, std::pair<std::string, bool>, std::less<>> role_word_owner;
  for (const auto& kd : detail::docs_of_kind(lexicon, "actor_words")) {
    const Value& root = *kd.root;
    auto rit = root.FindMember("roles");
    if (rit != root.MemberEnd() && rit->value.IsArray()) {
      size_t i = 0;
      for (const auto& r : rit->value.GetArray()) {
        RoleWord rw;
        rw.id = std::string(detail::get_string(r, "id"));
        rw.sector = std::string(detail::get_string(r, "sector"));
        rw.country = std::string(detail::get_string(r, "country"));
        rw.person = bool_of(r, "person");
        rw.name_title = bool_of(r, "name_title");
        rw.standalone = bool_of(r, "standalone");
        rw.agent = bool_of(r, "agent");
        rw.local = bool_of(r, "local");
        if (!rw.country.empty() && !t.is_country(rw.country)) {
          return make_error(Errc::InvalidData,
                            "unknown country code " + quote_for_message(rw.country),
                            detail::where(kd.file[0], ptr("/roles", i) + "/country"));
        }
        const auto ridx = static_cast<uint32_t>(t.roles.size());
        for (const char* key : {"singular", "plural"}) {
          const bool plural = key[0] == 'p';
          size_t j = 0;
          for (const auto& w : strings_of(r, key)) {
            std::string folded;
            std::string part;
            for (auto piece : split_alias(w)) {
              fold_word(piece, part);
              folded += part;
              folded += ' ';
            }
            auto [it, fresh] =
                role_word_owner.emplace(folded, std::make_pair(rw.sector, rw.person));
            if (!fresh && (it->second.first != rw.sector)) {
              return make_error(
                  Errc::InvalidData,
                  "role word " + quote_for_message(w) + " is given two different sectors",
                  detail::where(kd.file[0],
                                ptr("/roles", i) + "/" + key + "/" + std::to_string(j)));
            }
            b.add(w, Payload{PayloadKind::Role, plural, ridx, 0, 0}, true);
            ++j;
          }
        }
        t.roles.push_back(std::move(rw));
        ++i;
      }
    }
    auto pit = root.FindMember("pronouns");
    if (pit != root.MemberEnd() && pit->value.IsArray()) {
      for (const auto& p : pit->value.GetArray()) {
        Pronoun pr;
        const auto g = detail::get_string(p, "gender");
        pr.gender = g.empty() ? '\0' : g[0];
        pr.plural = detail::get_string(p, "number") == "plural";
        const auto pidx = static_cast<uint32_t>(t.pronouns.size());
        t.pronouns.push_back(pr);
        for (const auto& w : strings_of(p, "words")) {
          b.add(w, Payload{PayloadKind::Pronoun, pr.plural, pidx, 0, 0}, true);
          b.mark(w, kPronounWord);
        }
      }
    }
    for (const auto& w : strings_of(root, "group_phrases")) {
      b.add(w, Payload{PayloadKind::GroupPhrase, true, 0, 0, 0}, true);
    }
    for (const auto& w : strings_of(root, "coordinators")) {
      b.add(w, Payload{PayloadKind::Coordinator, false, 0, 0, 0}, true);
      b.mark(w, kCoordinator);
    }
    const std::pair<const char*, uint16_t> classes[] = {
        {"modifiers", kModifier},
        {"gap_stops", kGapStop},
        {"place_prepositions", kPlacePrep},
        {"name_particles", kNameParticle},
        {"determiners", kDeterminer},
        {"role_links_to", kLinkTo},
        {"role_links_of", kLinkOf},
        {"hyphen_prefixes", kHyphenPrefix},
        {"definite_determiners", kDefinite},
        {"quantifiers", kQuantifier},
        {"local_prepositions", kLocalPrep},
    };
    for (const auto& [key, cls] : classes) {
      for (const auto& w : strings_of(root, key)) b.mark(w, cls);
    }
    for (const auto& w : strings_of(root, "name_stops")) t.name_stops.push_back(w);
    for (const auto& w : strings_of(root, "month_words")) t.month_words.push_back(w);
    for (const auto& w : strings_of(root, "surname_first_countries")) {
      t.surname_first_countries.push_back(w);
    }
  }
  for (auto* v : {&t.name_stops, &t.month_words, &t.surname_first_countries}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  b.finish();
  t.starts.assign(t.words.size(), 0);
  for (uint32_t w = 0; w < t.words.size(); ++w) {
    t.starts[w] = t.edges.get(pair_key(0, w)) != FlatMap::kMissing ? 1 : 0;
  }
  return t;
}

}  // namespace entente::match
