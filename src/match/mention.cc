// The JSON forms of ActorType and MentionHow (annotate output).
#include "entente/match.h"

namespace entente {

std::string_view actor_type_name(ActorType type) {
  switch (type) {
    case ActorType::Unspecified:
      return "";
    case ActorType::Country:
      return "country";
    case ActorType::Institution:
      return "institution";
    case ActorType::Igo:
      return "igo";
    case ActorType::Ngo:
      return "ngo";
    case ActorType::Group:
      return "group";
    case ActorType::Person:
      return "person";
    case ActorType::Place:
      return "place";
    case ActorType::Sector:
      return "sector";
    case ActorType::Ethnic:
      return "ethnic";
    case ActorType::Religion:
      return "religion";
    case ActorType::Region:
      return "region";
  }
  return "";
}

std::string_view mention_how_name(MentionHow how) {
  switch (how) {
    case MentionHow::Unspecified:
      return "";
    case MentionHow::Lexicon:
      return "lexicon";
    case MentionHow::Adjective:
      return "adjective";
    case MentionHow::Metonym:
      return "metonym";
    case MentionHow::Place:
      return "place";
    case MentionHow::Role:
      return "role";
    case MentionHow::Person:
      return "person";
    case MentionHow::Title:
      return "title";
    case MentionHow::RolePlace:
      return "role:place";
    case MentionHow::Agent:
      return "agent";
    case MentionHow::CorefName:
      return "coref:name";
    case MentionHow::CorefPronoun:
      return "coref:pronoun";
    case MentionHow::CorefGroup:
      return "coref:group";
    case MentionHow::CorefRole:
      return "coref:role";
  }
  return "";
}

}  // namespace entente
