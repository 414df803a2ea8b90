#include <charconv>
#include <cmath>
#include <cstdio>

#include <rapidjson/document.h>

#include "entente/io.h"

namespace entente {

void append_json_string(std::string_view text, std::string& out) {
  out += '"';
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void append_json_number(double value, std::string& out) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  if (value == 0) value = 0;  // no "-0"
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, res.ptr);
}

namespace {

void key(std::string_view name, std::string& out) {
  out += '"';
  out += name;
  out += "\":";
}

void string_or_null(std::string_view s, std::string& out) {
  if (s.empty()) {
    out += "null";
  } else {
    append_json_string(s, out);
  }
}

void actor(const ActorRef& a, std::string& out) {
  out += '{';
  key("code", out);
  append_json_string(a.code, out);
  out += ',';
  key("country", out);
  string_or_null(a.country, out);
  out += ',';
  key("sector", out);
  string_or_null(a.sector, out);
  out += ',';
  key("name", out);
  string_or_null(a.name, out);
  out += ',';
  key("text", out);
  append_json_string(a.text, out);
  out += '}';
}

void date_or_null(const std::optional<CivilDate>& d, std::string& out) {
  if (d) {
    append_json_string(d->iso(), out);
  } else {
    out += "null";
  }
}

}  // namespace

void append_event_json(const Event& e, std::string& out) {
  out += '{';
  key("id", out);
  append_json_string(e.id, out);
  out += ',';
  key("date", out);
  string_or_null(e.date, out);
  out += ',';
  key("date_begin", out);
  date_or_null(e.date_begin, out);
  out += ',';
  key("date_end", out);
  date_or_null(e.date_end, out);
  out += ',';
  key("source", out);
  actor(e.source, out);
  out += ',';
  key("target", out);
  actor(e.target, out);
  out += ',';
  key("code", out);
  append_json_string(e.code, out);
  out += ',';
  key("root", out);
  append_json_string(e.root, out);
  out += ',';
  key("label", out);
  append_json_string(e.label, out);
  out += ',';
  key("goldstein", out);
  append_json_number(e.goldstein, out);
  out += ',';
  key("quad_class", out);
  out += std::to_string(e.quad_class);
  out += ',';
  key("plover", out);
  out += '{';
  key("event", out);
  string_or_null(e.plover_event, out);
  out += ',';
  key("mode", out);
  string_or_null(e.plover_mode, out);
  out += "},";
  key("negated", out);
  out += e.negated ? "true" : "false";
  out += ',';
  key("modality", out);
  string_or_null(modality_name(e.modality), out);
  out += ',';
  key("doc", out);
  out += '{';
  key("id", out);
  append_json_string(e.doc_id, out);
  out += ',';
  key("title", out);
  string_or_null(e.doc_title, out);
  out += ',';
  key("published", out);
  string_or_null(e.doc_published, out);
  out += ',';
  key("source", out);
  string_or_null(e.doc_source, out);
  out += "},";
  key("sentence", out);
  out += std::to_string(e.sentence);
  out += ',';
  key("span", out);
  out += '[';
  out += std::to_string(e.span.begin);
  out += ',';
  out += std::to_string(e.span.end);
  out += "],";
  key("text", out);
  append_json_string(e.text, out);
  out += ',';
  key("pattern", out);
  string_or_null(e.pattern, out);
  out += '}';
}

namespace {

using Value = rapidjson::Value;

std::string str(const Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

std::optional<CivilDate> date_of(const Value& obj, const char* name) {
  auto s = str(obj, name);
  if (s.empty()) return std::nullopt;
  auto d = CivilDate::parse_iso(s);
  if (!d) return std::nullopt;
  return d.value();
}

ActorRef actor_of(const Value& v) {
  ActorRef a;
  if (!v.IsObject()) return a;
  a.code = str(v, "code");
  a.country = str(v, "country");
  a.sector = str(v, "sector");
  a.name = str(v, "name");
  a.text = str(v, "text");
  return a;
}

}  // namespace

Result<Event> parse_event_json(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return make_error(Errc::InvalidInput, "an event must be one JSON object");
  }
  Event e;
  e.id = str(doc, "id");
  if (e.id.empty()) return make_error(Errc::InvalidInput, "event without \"id\"");
  e.date = str(doc, "date");
  e.date_begin = date_of(doc, "date_begin");
  e.date_end = date_of(doc, "date_end");
  if (doc.HasMember("source")) e.source = actor_of(doc["source"]);
  if (doc.HasMember("target")) e.target = actor_of(doc["target"]);
  e.code = str(doc, "code");
  e.root = str(doc, "root");
  e.label = str(doc, "label");
  if (doc.HasMember("goldstein") && doc["goldstein"].IsNumber()) {
    e.goldstein = doc["goldstein"].GetDouble();
  }
  if (doc.HasMember("quad_class") && doc["quad_class"].IsInt()) {
    e.quad_class = doc["quad_class"].GetInt();
  }
  if (doc.HasMember("plover") && doc["plover"].IsObject()) {
    e.plover_event = str(doc["plover"], "event");
    e.plover_mode = str(doc["plover"], "mode");
  }
  e.negated = doc.HasMember("negated") && doc["negated"].IsBool() && doc["negated"].GetBool();
  auto modality = parse_modality(str(doc, "modality"));
  if (!modality) {
    return make_error(Errc::InvalidInput, "\"modality\": " + modality.error().message);
  }
  e.modality = modality.value();
  if (doc.HasMember("doc") && doc["doc"].IsObject()) {
    const Value& d = doc["doc"];
    e.doc_id = str(d, "id");
    e.doc_title = str(d, "title");
    e.doc_published = str(d, "published");
    e.doc_source = str(d, "source");
  }
  if (doc.HasMember("sentence") && doc["sentence"].IsUint()) e.sentence = doc["sentence"].GetUint();
  if (doc.HasMember("span") && doc["span"].IsArray() && doc["span"].Size() == 2 &&
      doc["span"][0].IsUint() && doc["span"][1].IsUint()) {
    e.span = Span{doc["span"][0].GetUint(), doc["span"][1].GetUint()};
  }
  e.text = str(doc, "text");
  e.pattern = str(doc, "pattern");
  return e;
}

}  // namespace entente
