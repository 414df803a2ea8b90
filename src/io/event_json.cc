#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

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

// Reads the keys of one event object. A key may be missing (an older or partial record); a key
// that is there must have the type that append_event_json writes, else the first such key is
// the error, named by its JSON pointer ("/source/code").
class EventReader {
 public:
  // The string at `name` of `obj` (null or missing: empty).
  std::string str(const Value& obj, const char* parent, const char* name) {
    auto it = obj.FindMember(name);
    if (it == obj.MemberEnd() || it->value.IsNull()) return {};
    if (!it->value.IsString()) {
      fail(parent, name, "must be a string or null");
      return {};
    }
    return {it->value.GetString(), it->value.GetStringLength()};
  }

  // The object at `name` (missing or null: nullptr).
  const Value* object(const Value& obj, const char* name) {
    auto it = obj.FindMember(name);
    if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
    if (!it->value.IsObject()) {
      fail("", name, "must be an object");
      return nullptr;
    }
    return &it->value;
  }

  // The value at `name` if it is there and not null, after checking it with `is`.
  const Value* typed(const Value& obj, const char* name, bool (Value::*is)() const,
                     const char* want) {
    auto it = obj.FindMember(name);
    if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
    if (!(it->value.*is)()) {
      fail("", name, want);
      return nullptr;
    }
    return &it->value;
  }

  std::optional<CivilDate> date(const Value& obj, const char* name) {
    const std::string s = str(obj, "", name);
    if (s.empty()) return std::nullopt;
    auto d = CivilDate::parse_iso(s);
    if (!d) {
      fail("", name, "must be a date (YYYY-MM-DD) or null, not " + quote_for_message(s));
      return std::nullopt;
    }
    return d.value();
  }

  ActorRef actor(const Value& obj, const char* name) {
    ActorRef a;
    const Value* v = object(obj, name);
    if (!v) return a;
    a.code = str(*v, name, "code");
    a.country = str(*v, name, "country");
    a.sector = str(*v, name, "sector");
    a.name = str(*v, name, "name");
    a.text = str(*v, name, "text");
    return a;
  }

  // Records that the value at `name` is wrong (`what`), unless an earlier key already was.
  void reject(const char* name, const std::string& what) { fail("", name, what); }

  bool failed() const { return error_.has_value(); }
  Error error() const { return *error_; }

 private:
  void fail(std::string_view parent, std::string_view name, const std::string& what) {
    if (error_) return;  // the first problem
    std::string pointer = "/";
    if (!parent.empty()) {
      pointer += parent;
      pointer += '/';
    }
    pointer += name;
    error_ = make_error(Errc::InvalidInput, "\"" + pointer + "\" " + what);
  }

  std::optional<Error> error_;
};

}  // namespace

Result<Event> parse_event_json(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return make_error(Errc::InvalidInput, "an event must be one JSON object");
  }
  EventReader r;
  Event e;
  e.id = r.str(doc, "", "id");
  if (r.failed()) return r.error();
  if (e.id.empty()) return make_error(Errc::InvalidInput, "event without \"id\"");
  e.date = r.str(doc, "", "date");
  e.date_begin = r.date(doc, "date_begin");
  e.date_end = r.date(doc, "date_end");
  e.source = r.actor(doc, "source");
  e.target = r.actor(doc, "target");
  e.code = r.str(doc, "", "code");
  e.root = r.str(doc, "", "root");
  e.label = r.str(doc, "", "label");
  if (const Value* g = r.typed(doc, "goldstein", &Value::IsNumber, "must be a number")) {
    e.goldstein = g->GetDouble();
  }
  if (const Value* q = r.typed(doc, "quad_class", &Value::IsInt, "must be an integer")) {
    e.quad_class = q->GetInt();
  }
  if (const Value* p = r.object(doc, "plover")) {
    e.plover_event = r.str(*p, "plover", "event");
    e.plover_mode = r.str(*p, "plover", "mode");
  }
  if (const Value* n = r.typed(doc, "negated", &Value::IsBool, "must be true or false")) {
    e.negated = n->GetBool();
  }
  const std::string modality = r.str(doc, "", "modality");
  if (auto m = parse_modality(modality)) {
    e.modality = m.value();
  } else {
    r.reject("modality", "is wrong: " + m.error().message);
  }
  if (const Value* d = r.object(doc, "doc")) {
    e.doc_id = r.str(*d, "doc", "id");
    e.doc_title = r.str(*d, "doc", "title");
    e.doc_published = r.str(*d, "doc", "published");
    e.doc_source = r.str(*d, "doc", "source");
  }
  if (const Value* s = r.typed(doc, "sentence", &Value::IsUint, "must be an integer >= 0")) {
    e.sentence = s->GetUint();
  }
  if (const Value* sp = r.typed(doc, "span", &Value::IsArray, "must be [begin, end]")) {
    const auto& a = *sp;
    if (a.Size() == 2 && a[0].IsUint() && a[1].IsUint() && a[0].GetUint() <= a[1].GetUint()) {
      e.span = Span{a[0].GetUint(), a[1].GetUint()};
    } else {
      r.reject("span", "must be [begin, end] with 0 <= begin <= end");
    }
  }
  e.text = r.str(doc, "", "text");
  e.pattern = r.str(doc, "", "pattern");
  if (r.failed()) return r.error();
  return e;
}

}  // namespace entente
