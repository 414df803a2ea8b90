// The JSON forms of Modality (schemas/event.schema.json "modality").
#include <string>

#include "entente/code.h"

namespace entente {

std::string_view modality_name(Modality m) {
  switch (m) {
    case Modality::None:
      return "";
    case Modality::Intent:
      return "intent";
    case Modality::Modal:
      return "modal";
    case Modality::Speech:
      return "speech";
    case Modality::Refusal:
      return "refusal";
    case Modality::Threat:
      return "threat";
  }
  return "";
}

Result<Modality> parse_modality(std::string_view text) {
  for (Modality m : {Modality::None, Modality::Intent, Modality::Modal, Modality::Speech,
                     Modality::Refusal, Modality::Threat}) {
    if (modality_name(m) == text) return m;
  }
  return make_error(Errc::InvalidInput,
                    "modality " + quote_for_message(text) +
                        " is not intent, modal, speech, refusal, threat or null");
}

}  // namespace entente
