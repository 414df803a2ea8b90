// JSON forms of the stage outputs: time expressions, actor mentions and actions, as the
// time and annotate commands print them (field lists in include/entente/io.h).
#include <string>

#include "entente/io.h"

namespace entente {
namespace {

void span_fields(const Document& doc, Span span, std::string& out) {
  out += "\"text\":";
  append_json_string(span_text(doc, span), out);
  out += ",\"begin\":";
  out += std::to_string(span.begin);
  out += ",\"end\":";
  out += std::to_string(span.end);
}

void str_field(const char* key, std::string_view value, std::string& out, bool null_if_empty) {
  out += ",\"";
  out += key;
  out += "\":";
  if (value.empty() && null_if_empty) {
    out += "null";
  } else {
    append_json_string(value, out);
  }
}

}  // namespace

void append_time_json(const Document& doc, const TimeExpr& t, std::string& out) {
  out += '{';
  span_fields(doc, t.span, out);
  str_field("value", t.value, out, false);
  str_field("type", timex_type_name(t.type), out, false);
  str_field("granularity", granularity_name(t.granularity), out, false);
  str_field("mod", t.mod, out, true);
  str_field("date_begin", t.date_begin ? t.date_begin->iso() : std::string(), out, true);
  str_field("date_end", t.date_end ? t.date_end->iso() : std::string(), out, true);
  if (t.modifies_noun) out += ",\"modifies_noun\":true";
  out += '}';
}

void append_mention_json(const Document& doc, const ActorMention& m, std::string& out) {
  out += '{';
  span_fields(doc, m.span, out);
  str_field("code", m.actor.code, out, false);
  str_field("country", m.actor.country, out, true);
  str_field("sector", m.actor.sector, out, true);
  str_field("name", m.actor.name, out, true);
  str_field("type", actor_type_name(m.actor.type), out, true);
  str_field("how", mention_how_name(m.how), out, false);
  str_field("entry", m.entry_id, out, true);
  if (m.group >= 0) {
    out += ",\"group\":";
    out += std::to_string(m.group);
  }
  out += '}';
}

void append_action_json(const Document& doc, const ActionMention& a, std::string& out) {
  out += '{';
  span_fields(doc, a.span, out);
  str_field("code", a.code, out, false);
  str_field("pattern", a.pattern, out, true);
  out += ",\"negated\":";
  out += a.negated ? "true" : "false";
  str_field("modality", modality_name(a.modality), out, true);
  for (auto [key, spans] : {std::pair{"source", &a.sources}, std::pair{"target", &a.targets}}) {
    out += ",\"";
    out += key;
    out += "\":[";
    for (size_t i = 0; i < spans->size(); ++i) {
      if (i) out += ',';
      append_json_string(span_text(doc, (*spans)[i]), out);
    }
    out += ']';
  }
  str_field("date", a.date ? span_text(doc, *a.date) : std::string_view(), out, true);
  str_field("why", a.why, out, true);
  out += '}';
}

void append_tree_json(const Document& doc, const SentenceTree& t, std::string& out) {
  out += '[';
  for (size_t i = 0; i < t.words.size(); ++i) {
    const TreeWord& w = t.words[i];
    if (i) out += ',';
    out += "{\"text\":";
    append_json_string(span_text(doc, w.span), out);
    str_field("lemma", w.lemma, out, false);
    str_field("upos", upos_name(w.upos), out, false);
    out += ",\"head\":";
    out += std::to_string(w.head);
    str_field("deprel", w.deprel, out, false);
    out += '}';
  }
  out += ']';
}


}  // namespace entente
