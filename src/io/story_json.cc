// The story line of `extract --stories`: what `ingest --events` needs to store a story as
// `ingest` would (its content hash, and stories that gave no events).
#include <rapidjson/document.h>

#include "entente/io.h"

namespace entente {

void append_story_json(const StoryHeader& story, std::string& out) {
  out += "{\"story\":{\"id\":";
  append_json_string(story.id, out);
  out += ",\"title\":";
  append_json_string(story.title, out);
  out += ",\"published\":";
  append_json_string(story.published, out);
  out += ",\"source\":";
  append_json_string(story.source, out);
  out += ",\"hash\":";
  append_json_string(story.hash, out);
  out += ",\"events\":";
  out += std::to_string(story.events);
  out += "}}";
}

bool is_story_json(std::string_view line) {
  const size_t p = line.find_first_not_of(" \t");
  return p != std::string_view::npos && line.substr(p).rfind("{\"story\"", 0) == 0;
}

Result<StoryHeader> parse_story_json(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("story") || !doc["story"].IsObject())
    return make_error(Errc::InvalidInput,
                      "a story line must be one JSON object {\"story\": {...}}");
  const rapidjson::Value& s = doc["story"];
  StoryHeader h;
  for (auto [name, field] :
       {std::pair{"id", &h.id}, std::pair{"title", &h.title}, std::pair{"published", &h.published},
        std::pair{"source", &h.source}, std::pair{"hash", &h.hash}}) {
    if (!s.HasMember(name) || !s[name].IsString())
      return make_error(Errc::InvalidInput,
                        std::string("story line without a string \"") + name + "\"");
    field->assign(s[name].GetString(), s[name].GetStringLength());
  }
  if (h.id.empty()) return make_error(Errc::InvalidInput, "story line with an empty \"id\"");
  if (!s.HasMember("events") || !s["events"].IsUint64())
    return make_error(Errc::InvalidInput, "story line without a count \"events\"");
  h.events = s["events"].GetUint64();
  return h;
}

}  // namespace entente
