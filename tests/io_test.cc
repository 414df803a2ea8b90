// The event and story JSON of `extract` read back (what `ingest --events` reads): a record
// round-trips byte for byte, and every malformed record is refused with a message that names
// the offending key.
#include "entente/io.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace entente {
namespace {

Event full_event() {
  Event e;
  e.id = "story-1:2:0";
  e.date = "2023-06";
  e.date_begin = CivilDate{2023, 6, 1};
  e.date_end = CivilDate{2023, 6, 30};
  e.source = ActorRef{"USAGOV", "USA", "GOV", "United States government", "Washington"};
  e.target = ActorRef{"CHN", "CHN", "", "China", "Beijing \"quoted\"\n"};
  e.code = "036";
  e.root = "03";
  e.label = "Express intent to meet or negotiate";
  e.goldstein = 4.0;
  e.quad_class = 1;
  e.plover_event = "CONSULT";
  e.plover_mode = "intend";
  e.modality = Modality::Intent;
  e.negated = true;
  e.doc_id = "story-1";
  e.doc_title = "Talks";
  e.doc_published = "2023-06-02";
  e.doc_source = "Wire";
  e.sentence = 2;
  e.span = Span{10, 24};
  e.text = "Washington said it would meet Beijing.";
  e.pattern = "036.MEET.1";
  return e;
}

// An event record with `json_members` as its members after the id.
std::string with_id(const std::string& json_members) {
  return "{\"id\":\"s:0:0\"" + (json_members.empty() ? "" : "," + json_members) + "}";
}

// A malformed record and a part of the message that refuses it.
struct Bad {
  std::string json;
  std::string message;
};

// Every row fails `parse` with InvalidInput and its message.
template <class Parse>
void check_refused(const std::vector<Bad>& rows, Parse parse) {
  for (const auto& row : rows) {
    CAPTURE(row.json);
    auto r = parse(row.json);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::InvalidInput);
    CHECK_MESSAGE(r.error().message.find(row.message) != std::string::npos, r.error().message);
  }
}

}  // namespace

TEST_SUITE("io") {
  TEST_CASE("Event JSON: a full event reads back to the same bytes") {
    std::string a;
    append_event_json(full_event(), a);
    auto back = parse_event_json(a);
    REQUIRE_MESSAGE(back.ok(), back.error().to_string());
    std::string b;
    append_event_json(back.value(), b);
    CHECK(a == b);
    CHECK(back->target.text == "Beijing \"quoted\"\n");
    CHECK(back->date_end == CivilDate{2023, 6, 30});
    CHECK(back->span == Span{10, 24});
    CHECK(back->negated);
  }

  TEST_CASE("Event JSON: missing and null keys read as empty, only the id is required") {
    auto e =
        parse_event_json(with_id("\"date\":null,\"source\":null,\"plover\":null,\"span\":null"));
    REQUIRE_MESSAGE(e.ok(), e.error().to_string());
    CHECK(e->id == "s:0:0");
    CHECK(e->date.empty());
    CHECK_FALSE(e->date_begin.has_value());
    CHECK(e->source.code.empty());
    CHECK(e->code.empty());
    CHECK_FALSE(e->negated);
    CHECK(e->span == Span{});
  }

  TEST_CASE("Event JSON: a malformed record is InvalidInput naming the key") {
    const std::vector<Bad> rows = {
        {"", "an event must be one JSON object"},
        {"not json", "an event must be one JSON object"},
        {"[1, 2]", "an event must be one JSON object"},
        {"{\"id\":\"s:0:0\"", "an event must be one JSON object"},  // cut short
        {"{}", "event without \"id\""},
        {"{\"id\":\"\"}", "event without \"id\""},
        {"{\"id\":7}", "\"/id\" must be a string or null"},
        {with_id("\"date\":2023"), "\"/date\" must be a string or null"},
        {with_id("\"date_begin\":\"2023-02-30\""),
         "\"/date_begin\" must be a date (YYYY-MM-DD) or null, not \"2023-02-30\""},
        {with_id("\"date_end\":\"June\""), "\"/date_end\" must be a date"},
        {with_id("\"source\":\"USA\""), "\"/source\" must be an object"},
        {with_id("\"target\":{\"code\":1}"), "\"/target/code\" must be a string or null"},
        {with_id("\"code\":36"), "\"/code\" must be a string or null"},
        {with_id("\"goldstein\":\"high\""), "\"/goldstein\" must be a number"},
        {with_id("\"quad_class\":2.5"), "\"/quad_class\" must be an integer"},
        {with_id("\"plover\":[]"), "\"/plover\" must be an object"},
        {with_id("\"plover\":{\"event\":false}"), "\"/plover/event\" must be a string or null"},
        {with_id("\"negated\":\"no\""), "\"/negated\" must be true or false"},
        {with_id("\"modality\":{}"), "\"/modality\" must be a string or null"},
        {with_id("\"modality\":\"wish\""),
         "\"/modality\" is wrong: modality \"wish\" is not intent, modal"},
        {with_id("\"doc\":{\"id\":[]}"), "\"/doc/id\" must be a string or null"},
        {with_id("\"sentence\":-1"), "\"/sentence\" must be an integer >= 0"},
        {with_id("\"span\":\"10-24\""), "\"/span\" must be [begin, end]"},
        {with_id("\"span\":[10]"), "\"/span\" must be [begin, end] with 0 <= begin <= end"},
        {with_id("\"span\":[24,10]"), "\"/span\" must be [begin, end] with 0 <= begin <= end"},
        {with_id("\"span\":[1,\"2\"]"), "\"/span\" must be [begin, end] with 0 <= begin <= end"},
        {with_id("\"text\":null,\"pattern\":3"), "\"/pattern\" must be a string or null"},
        // The first bad key in the record's order is the one named.
        {with_id("\"goldstein\":\"a\",\"negated\":\"b\""), "\"/goldstein\""},
    };
    check_refused(rows, [](const std::string& j) { return parse_event_json(j); });
  }

  TEST_CASE("Story JSON: a story line round-trips, a malformed one names what is missing") {
    const StoryHeader h{"story-1", "Talks \"in\" Beijing", "2023-06-02",
                        "Wire",    "0123456789abcdef",     3};
    std::string line;
    append_story_json(h, line);
    CHECK(is_story_json(line));
    auto back = parse_story_json(line);
    REQUIRE_MESSAGE(back.ok(), back.error().to_string());
    CHECK(back->title == h.title);
    CHECK(back->events == 3);
    std::string again;
    append_story_json(back.value(), again);
    CHECK(again == line);

    std::string event;
    append_event_json(full_event(), event);
    CHECK_FALSE(is_story_json(event));

    const std::vector<Bad> rows = {
        {"{\"story\":1}", "a story line must be one JSON object"},
        {"{\"story\":{\"id\":\"a\"", "a story line must be one JSON object"},
        {"{\"story\":{\"title\":\"t\",\"published\":\"\",\"source\":\"\",\"hash\":\"h\","
         "\"events\":0}}",
         "story line without a string \"id\""},
        {"{\"story\":{\"id\":\"\",\"title\":\"t\",\"published\":\"\",\"source\":\"\","
         "\"hash\":\"h\",\"events\":0}}",
         "story line with an empty \"id\""},
        {"{\"story\":{\"id\":\"a\",\"title\":\"t\",\"published\":\"\",\"source\":\"\","
         "\"hash\":\"h\",\"events\":-1}}",
         "story line without a count \"events\""},
    };
    check_refused(rows, [](const std::string& j) { return parse_story_json(j); });
  }
}

}  // namespace entente
