// Private: the actor lexicon compiled for matching. Built once from the "actors" and
// "actor_words" data files by build_actor_tables(); immutable afterwards.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "entente/core.h"
#include "entente/lexicon.h"
#include "entente/match.h"
#include "match/flat_hash.h"

namespace entente::match {

constexpr uint32_t kNone = 0xFFFFFFFFu;

// How an alias word must be written in the text.
enum class CaseRule : uint8_t {
  Any,    // written in lower case in the data: any case matches ("the", "of", role words)
  Cap,    // capitalised in the data ("Turkey"): the text word must start with a capital
  Exact,  // two or more capitals and no lower case ("US", "U.S.", "NATO"): all capitals
};

// Folds a word for lookup: ASCII lower case, dots dropped, curly apostrophes made straight.
void fold_word(std::string_view word, std::string& out);

// The case rule of one alias word as written in the data.
CaseRule case_rule_of(std::string_view word);

// Splits an alias into words the way the segmenter splits text: on spaces, with leading and
// trailing punctuation (",", "(", ")", quotes) as words of their own and dots kept.
std::vector<std::string_view> split_alias(std::string_view alias);

enum class EntityType : uint8_t {
  Country,
  Institution,
  Igo,
  Ngo,
  Group,
  Person,
  Place,
  Ethnic,    // an ethnic group: a code of no country (KUR)
  Religion,  // a religious group: a code of no country (SHI)
  Region,    // a world region: a code of no country (EUR)
};
// The type of the actor an entity of type `t` stands for.
ActorType actor_type_of(EntityType t);

// A code that holds between two dates (day serials, inclusive).
struct DatedCode {
  std::string code;
  std::string country;
  std::string sector;
  int32_t from = 0;
  int32_t to = 0;  // INT32_MAX while ongoing
};

struct Entity {
  std::string id;
  EntityType type = EntityType::Country;
  std::string code;     // empty for persons and for places that only block
  std::string country;  // ISO alpha-3 or empty (IGO, NGO, IMG)
  std::string sector;
  std::string name;
  bool metonym = false;
  bool given_name = false;
  std::vector<std::string> context_not;
  std::vector<std::string> context_for;
  uint32_t person = kNone;  // index into Tables::persons for type Person
  // Codes by date for actors whose role changed (a movement that came to power); `code`
  // applies on other dates and without a story date.
  std::vector<DatedCode> dated;
};

using PersonRole = DatedCode;

struct Person {
  uint32_t entity = 0;
  char gender = 0;  // 'm', 'f' or 0
  std::vector<PersonRole> roles;
};

struct RoleWord {
  std::string id;
  std::string sector;
  std::string country;  // default country of the title, may be empty
  bool person = false;
  bool name_title = false;
  bool standalone = false;  // an actor on its own, coded by its sector ("a rights group" -> NGO)
  bool agent = false;       // without a country still an actor, coded by its sector ("rebels")
  bool local = false;       // a place after it gives its country ("police in Gaza" -> PSECOP)
};

struct Pronoun {
  char gender = 0;  // 'm', 'f' or 0
  bool plural = false;
};

// What a trie terminal means.
enum class PayloadKind : uint8_t {
  EntityName,   // alias of an entity (target = entity)
  Adjective,    // adjective of an entity (target = entity)
  PersonName,   // global alias of a person (target = person)
  PersonShort,  // short name, only once the person is named in the story (target = person)
  Role,         // role word (target = role, plural flag)
  Pronoun,      // target = pronoun
  GroupPhrase,  // "the two countries"
  Coordinator,  // "and"
  Block,        // a place name that blocks shorter matches
};

struct Payload {
  PayloadKind kind = PayloadKind::EntityName;
  bool plural = false;
  uint32_t target = 0;
  uint32_t shape_begin = 0;  // case rules of the alias words in Tables::shapes
  uint32_t shape_count = 0;
};

struct TrieNode {
  uint32_t payload_begin = 0;
  uint32_t payload_count = 0;
};

// Word classes by vocabulary id (bit flags).
enum WordClass : uint16_t {
  kModifier = 1u << 0,
  kGapStop = 1u << 1,
  kPlacePrep = 1u << 2,
  kNameParticle = 1u << 3,
  kDeterminer = 1u << 4,
  kLinkTo = 1u << 5,
  kLinkOf = 1u << 6,
  kCoordinator = 1u << 7,
  kPronounWord = 1u << 8,
  kHyphenPrefix = 1u << 9,
  kDefinite = 1u << 10,
  kQuantifier = 1u << 11,
  kLocalPrep = 1u << 12,
};

struct Tables {
  // Vocabulary of folded alias words: hash -> id, with the strings to confirm a hit.
  FlatMap vocab;
  std::vector<std::string> words;
  std::vector<uint16_t> word_class;  // by vocabulary id
  std::vector<uint8_t> starts;       // by vocabulary id: 1 when some alias begins with it

  // Token trie: node 0 is the root; edges keyed by pair_key(node, word id).
  FlatMap edges;
  std::vector<TrieNode> nodes;
  std::vector<Payload> payloads;
  std::vector<CaseRule> shapes;

  std::vector<Entity> entities;
  std::vector<Person> persons;
  std::vector<RoleWord> roles;
  std::vector<Pronoun> pronouns;

  // Case-sensitive word sets (original spelling).
  std::vector<std::string> name_stops;               // sorted
  std::vector<std::string> month_words;              // sorted
  std::vector<std::string> surname_first_countries;  // sorted

  // Country code -> entity index of the country (sorted by code).
  std::vector<std::pair<std::string, uint32_t>> country_index;
  // Codes of ethnic and religious groups and of regions: prefixes of no country (sorted).
  std::vector<std::string> stateless_codes;

  uint32_t word_id(std::string_view folded) const;
  // Same, with the folded word's hash_bytes() already computed.
  uint32_t word_id(std::string_view folded, uint64_t hash) const;
  bool is_country(std::string_view code) const;
  bool is_stateless(std::string_view code) const;
  const Entity* country_entity(std::string_view code) const;
};

// Compiles the lexicon. Fails with InvalidData naming "file#/pointer" for duplicate ids within
// a file, codes of unknown countries, an alias claimed by two actors with different codes,
// impossible role dates, a group code that is also a country code, or a role word given two
// different sectors.
Result<Tables> build_actor_tables(const Lexicon& lexicon);

}  // namespace entente::match
