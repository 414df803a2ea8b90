// entente match: finds actor mentions in a segmented story (lexicon longest match, titles,
// dated roles of named people) and resolves coreference inside the story.
// Pipeline position: after text (and beside temporal); code turns mentions into events.
// Thread safety: ActorMatcher is immutable after create(); match() may run concurrently.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "entente/core.h"
#include "entente/lexicon.h"
#include "entente/text.h"

namespace entente {

// What kind of actor a mention stands for; actor_type_name gives its JSON form.
enum class ActorType : uint8_t {
  Unspecified,  // not set (a mention built by hand); JSON null
  Country,      // "country"
  Institution,  // "institution": a named body or seat of power
  Igo,          // "igo"
  Ngo,          // "ngo"
  Group,        // "group": armed or political
  Person,       // "person"
  Place,        // "place"
  Sector,       // "sector": a role word with a country or group ("Russian troops"), or
                // alone ("rebels" -> REB)
  Ethnic,       // "ethnic": an ethnic group, a code of no country (KUR)
  Religion,     // "religion": a religious group, a code of no country (SHI)
  Region,       // "region": a world region, a code of no country (EUR)
};

// How a mention was resolved; mention_how_name gives its JSON form.
enum class MentionHow : uint8_t {
  Unspecified,   // not set (a mention built by hand); JSON ""
  Lexicon,       // "lexicon": a name of the actor ("China", "NATO")
  Adjective,     // "adjective": an adjective alone ("Chinese treatment")
  Metonym,       // "metonym": a capital or seat of power ("Beijing said")
  Place,         // "place": the same after in/at/to... ("talks in Beijing"): likely a
                 // location, not a participant
  Role,          // "role": country or organisation + role word ("Russian troops", "a top
                 // Chinese official")
  Person,        // "person": a named person of the lexicon (dated role)
  Title,         // "title": a title with a new name ("Premier Li Qiang"), or a known person
                 // out of office on the story date
  RolePlace,     // "role:place": role word + the place it belongs to ("police in the Gaza
                 // Strip" -> PSECOP)
  Agent,         // "agent": a role word with no country, coded by its sector alone ("rebels"
                 // -> REB, "more than 500 civilians" -> CVL)
  CorefName,     // "coref:name": a person named before, by surname
  CorefPronoun,  // "coref:pronoun"
  CorefGroup,    // "coref:group": "the two countries"
  CorefRole,     // "coref:role": "the government"
};

// The JSON forms: "country" ... ("" for Unspecified); "lexicon", "coref:name" ... ("").
std::string_view actor_type_name(ActorType type);
std::string_view mention_how_name(MentionHow how);
// Whether the mention was resolved by coreference (the coref:* kinds).
constexpr bool is_coreference(MentionHow how) { return how >= MentionHow::CorefName; }

// A canonical actor: what a vertex of the graph stands for.
struct Actor {
  std::string code;     // CAMEO-style code: "USAGOV", "CHN", "IGOUNO"
  std::string country;  // ISO alpha-3, empty for IGOs and NGOs
  std::string sector;   // "GOV", "MIL", ... or empty
  std::string name;     // "Gina Raimondo", "United States government"
  ActorType type = ActorType::Unspecified;
};

// One mention of an actor in a sentence.
struct ActorMention {
  uint32_t sentence = 0;     // index into Segmentation::sentences
  uint32_t first_token = 0;  // token range [first_token, end_token) in Segmentation::tokens
  uint32_t end_token = 0;
  Span span;                                 // bytes in Document::text
  Actor actor;                               // resolved actor (code may be a country alone: "CHN")
  MentionHow how = MentionHow::Unspecified;  // how it was resolved
  std::string entry_id;                      // lexicon entry id that matched, when any
  int group = -1;  // mentions joined by "and" ("the U.S. and China") share a group
  // For how == MentionHow::Agent only: the country the context suggests (the first country named in
  // the sentence, else the one the story names most), or empty. The actor itself has no
  // country; a coder that wants one for the event may take this.
  std::string context_country;
};

// What the compiled actor lexicon covers (for `entente actors`): entries per kind, named
// bodies per sector, and the dated roles of people and groups per decade.
struct ActorCoverage {
  struct Kind {
    std::string kind;  // the data's type: "country", "institution", "group", "person", ...
    size_t entries = 0;
    std::vector<std::pair<std::string, size_t>> sectors;  // ("BUS", 225), by sector; "" none
  };
  struct Decade {
    int decade = 0;     // its first year: 1980
    size_t people = 0;  // people holding a dated role at some time in the decade
    size_t roles = 0;   // dated roles of people and groups in force at some time in it
    size_t began = 0;   // dated roles that began in it
  };
  std::vector<Kind> kinds;      // in the order of ActorType; kinds without entries left out
  size_t person_roles = 0;      // dated roles of people
  size_t group_roles = 0;       // dated codes of other actors (a movement that came to power)
  size_t role_words = 0;        // role words of the actor_words data ("troops", "minister")
  std::vector<Decade> decades;  // ascending, first to last decade with a role; a role still
                                // held counts up to the latest date the data names
};

struct MatchOptions {
  bool coreference = true;  // resolve pronouns, surnames and "the two countries"
};

class ActorMatcher {
 public:
  // Compiles the lexicon's "actors" data into a token trie.
  // Fails with InvalidData naming "file#/pointer" for duplicate ids, bad codes, aliases
  // claimed by two actors with different codes, or role dates that do not parse.
  [[nodiscard]] static Result<ActorMatcher> create(const Lexicon& lexicon, MatchOptions options);
  ~ActorMatcher();
  ActorMatcher(ActorMatcher&&) noexcept;
  ActorMatcher& operator=(ActorMatcher&&) noexcept;

  // Returns the actor mentions of `doc` in text order (dated roles use doc.dct; without a
  // date a person's latest role applies). Spans point into doc.text. Fails with InvalidInput
  // (where = doc.origin or doc.id) when a token or sentence of `seg` lies outside `doc`.
  // REQUIRES: `seg` was built from `doc`.
  [[nodiscard]] Result<std::vector<ActorMention>> match(const Document& doc,
                                                        const Segmentation& seg) const;

  // Actors whose code, name or alias equals `query` (case-insensitive), best first;
  // used by the CLI to read actor arguments ("USA", "CHNGOV", "Li Qiang").
  std::vector<Actor> lookup(std::string_view query) const;

  // Up to `n` known names or codes close to `query`, for "did you mean" messages.
  std::vector<std::string> suggest(std::string_view query, size_t n) const;

  // Counts of what the compiled lexicon (built-in data plus --lexicon files) covers.
  ActorCoverage coverage() const;

 private:
  struct Impl;
  explicit ActorMatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace entente
