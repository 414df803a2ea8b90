// Private: compiled action patterns of the event coder, indexed by head lemma.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace entente::code {

enum class Pos : uint8_t { Verb, Noun, Any };

// One element after the head: a gap ("*", up to kMaxGap tokens) or alternatives of a word.
struct Elem {
  bool gap = false;
  std::vector<std::string> alts;
};

struct Pattern {
  std::string id;
  std::string code;
  std::string head;
  Pos pos = Pos::Verb;
  std::vector<Elem> elems;
  int literals = 0;  // words besides the head: more is more specific
  bool symmetric = false;
  bool intransitive = false;
  std::string negated_code;
  // Constraints that pick the sense ("strike" by an armed group is an attack, by workers a
  // labour strike): sectors the source must have, or must not have; object lemmas that
  // rule the pattern out ("win" a match). Empty: no constraint.
  std::vector<std::string> source_sectors;
  std::vector<std::string> source_not_sectors;
  std::vector<std::string> object_not;
};

constexpr int kMaxGap = 7;

}  // namespace entente::code
