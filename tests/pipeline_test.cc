#include "entente/pipeline.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reader_fixtures.h"

namespace entente {

TEST_SUITE("pipeline") {
  TEST_CASE("Readers: a text file is one story whose id is the file name") {
    TempDir dir;
    const auto path = dir.write("talks.txt", "Headline\n\nBEIJING (AP) -- Leaders met.\n");
    auto c = read({path});
    REQUIRE(c.problems.empty());
    REQUIRE(c.docs.size() == 1);
    CHECK(c.docs[0].id == "talks.txt");
    CHECK(c.docs[0].text == "Headline\n\nBEIJING (AP) -- Leaders met.\n");
    CHECK_FALSE(c.docs[0].dct.has_value());
  }

  TEST_CASE("Readers: folders are read recursively in sorted order with relative ids") {
    TempDir dir;
    dir.write("b.txt", "Second story.");
    dir.write("a.txt", "First story.");
    dir.write("sub/c.txt", "Third story.");
    dir.write("notes.md", "not a story");
    auto c = read({dir.path.string()});
    REQUIRE(c.problems.empty());
    REQUIRE(c.docs.size() == 3);
    CHECK(c.docs[0].id == "a.txt");
    CHECK(c.docs[1].id == "b.txt");
    CHECK(c.docs[2].id == "sub/c.txt");
  }

  TEST_CASE("Readers: JSON Lines fields are read and unknown fields ignored") {
    TempDir dir;
    const auto path = dir.write(
        "c.jsonl",
        "{\"id\": \"s1\", \"title\": \"T\", \"date\": \"2023-08-29\", \"text\": \"Body.\", "
        "\"source\": \"AP\", \"url\": \"https://example.org/1\", \"lang\": \"en\"}\n"
        "\n"
        "{\"id\": 42, \"date\": \"2023-08-30T09:00:00Z\", \"text\": \"Other.\"}\n"
        "{\"text\": \"No id.\", \"date\": null}\n");
    auto c = read({path});
    REQUIRE(c.problems.empty());
    REQUIRE(c.docs.size() == 3);
    CHECK(c.docs[0].id == "s1");
    CHECK(c.docs[0].title == "T");
    CHECK(c.docs[0].source == "AP");
    CHECK(c.docs[0].url == "https://example.org/1");
    CHECK(c.docs[0].dct == CivilDate{2023, 8, 29});
    CHECK(c.docs[0].dct_origin == "metadata");
    CHECK(c.docs[1].id == "42");
    CHECK(c.docs[1].dct == CivilDate{2023, 8, 30});
    CHECK(c.docs[2].id == "c.jsonl:4");
    CHECK_FALSE(c.docs[2].dct.has_value());
  }

  TEST_CASE("Readers: one broken JSON line is reported by line and the others go through") {
    TempDir dir;
    const auto path = dir.write("c.jsonl",
                                "{\"id\": \"a\", \"text\": \"One.\"}\n"
                                "{\"id\": \"b\", \"text\": \"Two.\"\n"
                                "{\"id\": \"c\", \"text\": \"Three.\"}\n");
    auto c = read({path});
    REQUIRE(c.docs.size() == 2);
    CHECK(c.docs[0].id == "a");
    CHECK(c.docs[1].id == "c");
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].code == Errc::InvalidInput);
    CHECK(c.problems[0].where == path + ":2");
    CHECK(contains(c.problems[0].message, "broken JSON"));
  }

  TEST_CASE("Readers: bad lines give one clear error each") {
    struct Row {
      const char* line;
      Errc code;
      const char* fragment;
    };
    const Row rows[] = {
        {"[1, 2]", Errc::InvalidInput, "must be a JSON object"},
        {"{\"id\": \"x\"}", Errc::InvalidInput, "no \"text\""},
        {"{\"id\": \"x\", \"text\": 5}", Errc::InvalidInput, "no \"text\""},
        {"{\"id\": \"x\", \"text\": \"t\", \"date\": \"2023-02-30\"}", Errc::InvalidInput,
         "\"2023-02-30\" is not a calendar date"},
        {"{\"id\": \"x\", \"text\": \"t\", \"date\": \"yesterday\"}", Errc::InvalidInput,
         "YYYY-MM-DD"},
        {"{\"id\": \"x\", \"text\": \"caf\xC3\"}", Errc::InvalidInput, "invalid UTF-8"},
    };
    for (const auto& row : rows) {
      CAPTURE(row.line);
      TempDir dir;
      const auto path = dir.write("c.jsonl", std::string(row.line) + "\n");
      auto c = read({path});
      CHECK(c.docs.empty());
      REQUIRE(c.problems.size() == 1);
      CHECK(c.problems[0].code == row.code);
      CHECK(contains(c.problems[0].message, row.fragment));
      CHECK(contains(c.problems[0].where, path + ":1"));
    }
  }

  TEST_CASE("Readers: a 10,000-level nested line is an error, not a crash") {
    TempDir dir;
    std::string deep(10000, '[');
    deep += std::string(10000, ']');
    const auto path = dir.write("deep.jsonl", deep + "\n{\"text\": \"fine\"}\n");
    auto c = read({path});
    CHECK(c.docs.size() == 1);
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].where == path + ":1");
  }

  TEST_CASE("Readers: invalid UTF-8 in a text file names line and column") {
    TempDir dir;
    const auto path = dir.write("bad.txt", "First line.\nSecond \xFF line.\n");
    auto c = read({path});
    CHECK(c.docs.empty());
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].code == Errc::InvalidInput);
    CHECK(c.problems[0].where == path + ":2:8");
    CHECK(contains(c.problems[0].message, "invalid UTF-8 (byte 0xFF"));
    ReadOptions lenient;
    lenient.lenient_utf8 = true;
    auto l = read({path}, lenient);
    REQUIRE(l.docs.size() == 1);
    CHECK(contains(l.docs[0].text, "Second \xEF\xBF\xBD line."));
  }

  TEST_CASE("Readers: binary files, missing files and oversized stories are reported") {
    TempDir dir;
    const auto bin = dir.write("blob.txt", std::string("ELF\0\0\x01", 6));
    const auto big = dir.write("big.txt", std::string(2000, 'a'));
    const auto good = dir.write("good.txt", "A story.");
    ReadOptions small;
    small.limits.max_document_bytes = 1000;
    auto c = read({bin, (dir.path / "missing.txt").string(), big, good}, small);
    REQUIRE(c.docs.size() == 1);
    CHECK(c.docs[0].id == "good.txt");
    REQUIRE(c.problems.size() == 3);
    CHECK(c.problems[0].code == Errc::InvalidInput);
    CHECK(contains(c.problems[0].message, "binary file"));
    CHECK(c.problems[1].code == Errc::NotFound);
    CHECK(contains(c.problems[1].where, "missing.txt"));
    CHECK(c.problems[2].code == Errc::LimitExceeded);
    CHECK(contains(c.problems[2].message, "over the limit of 1000"));
  }

  TEST_CASE("Readers: a symlink loop in a folder does not trap the walk") {
    TempDir dir;
    dir.write("a/story.txt", "A story.");
    std::error_code ec;
    fs::create_directory_symlink(dir.path / "a", dir.path / "a" / "loop", ec);
    auto c = read({dir.path.string()});
    CHECK(c.problems.empty());
    CHECK(c.docs.size() == 1);
  }

  TEST_CASE("Readers: standard input is JSON Lines when it starts with an object") {
    std::istringstream jsonl(
        "{\"id\": \"x\", \"text\": \"One.\"}\n{\"id\": \"y\", \"text\": \"Two.\"}\n");
    ReadOptions o;
    o.stdin_stream = &jsonl;
    auto c = read({"-"}, o);
    REQUIRE(c.docs.size() == 2);
    CHECK(c.docs[1].id == "y");
    std::istringstream text("WASHINGTON (AP) - Officials met on Monday.");
    o.stdin_stream = &text;
    auto t = read({"-"}, o);
    REQUIRE(t.docs.size() == 1);
    CHECK(t.docs[0].id == "stdin");
  }
}

}  // namespace entente

// RapidJSON's schema validator warns at -O2 once inlined (see src/lexicon/lexicon.cc).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <rapidjson/document.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#pragma GCC diagnostic pop

#include "entente/io.h"

namespace entente {
TEST_SUITE("pipeline") {
  TEST_CASE("Pipeline: every event of the bundled examples matches schemas/event.schema.json") {
    auto pipeline = Pipeline::create({});
    REQUIRE_MESSAGE(pipeline.ok(), (pipeline.ok() ? "" : pipeline.error().to_string()));
    rapidjson::Document sd;
    const auto schema_text = builtin_schema("event");
    REQUIRE_FALSE(schema_text.empty());
    sd.Parse(schema_text.data(), schema_text.size());
    REQUIRE_FALSE(sd.HasParseError());
    rapidjson::SchemaDocument schema(sd);
    ReadOptions ro;
    size_t stories = 0, events = 0;
    read_stories(
        {std::string(ENTENTE_SOURCE_DIR) + "/examples/stories"}, ro,
        [&](Document&& doc) {
          if (!doc.dct) doc.dct = CivilDate{2023, 6, 2};
          auto r = pipeline->process(std::move(doc));
          REQUIRE(r.ok());
          ++stories;
          for (const auto& e : r->coded.events) {
            std::string json;
            append_event_json(e, json);
            rapidjson::Document d;
            d.Parse(json.data(), json.size());
            REQUIRE_FALSE(d.HasParseError());
            rapidjson::SchemaValidator v(schema);
            rapidjson::StringBuffer ptr;
            const bool valid = d.Accept(v);
            std::string why;
            if (!valid) {
              v.GetInvalidDocumentPointer().StringifyUriFragment(ptr);
              why = std::string("invalid at ") + ptr.GetString() + " (" +
                    v.GetInvalidSchemaKeyword() + ")";
            }
            CAPTURE(json);
            CHECK_MESSAGE(valid, why);
            ++events;
            // The JSON form reads back to the same record.
            auto back = parse_event_json(json);
            REQUIRE(back.ok());
            std::string again;
            append_event_json(back.value(), again);
            CHECK(again == json);
          }
          return true;
        },
        [](const Error& e) { FAIL(e.to_string()); });
    CHECK(stories >= 15);
    CHECK(events >= 15);
  }

  TEST_CASE("Pipeline: the publication date comes from metadata, then the dateline, then --dct") {
    PipelineOptions o;
    o.default_dct = CivilDate{2020, 1, 1};
    auto pipeline = Pipeline::create(o);
    REQUIRE(pipeline.ok());
    Document meta;
    meta.id = "m";
    meta.text = "BEIJING, Aug. 29, 2023 (Reuters) - Officials met.";
    meta.dct = CivilDate{2023, 9, 1};
    auto r1 = pipeline->process(meta);
    REQUIRE(r1.ok());
    CHECK(r1->doc.dct == CivilDate{2023, 9, 1});
    Document dateline;
    dateline.id = "d";
    dateline.text = "BEIJING, Aug. 29, 2023 (Reuters) - Officials met.";
    auto r2 = pipeline->process(dateline);
    REQUIRE(r2.ok());
    CHECK(r2->doc.dct == CivilDate{2023, 8, 29});
    CHECK(r2->doc.dct_origin == "dateline");
    Document plain;
    plain.id = "p";
    plain.text = "Officials met on Monday.";
    auto r3 = pipeline->process(plain);
    REQUIRE(r3.ok());
    CHECK(r3->doc.dct == CivilDate{2020, 1, 1});
    CHECK(r3->doc.dct_origin == "option");
  }

  TEST_CASE("Pipeline: without any date, relative expressions stay unresolved") {
    auto pipeline = Pipeline::create({});
    REQUIRE(pipeline.ok());
    Document plain;
    plain.id = "p";
    plain.text = "The ministers met on Monday.";
    auto r = pipeline->process(plain);
    REQUIRE(r.ok());
    CHECK_FALSE(r->doc.dct.has_value());
    for (const auto& t : r->times) {
      CAPTURE(t.value);
      CHECK(t.value.find('X') != std::string::npos);
      CHECK_FALSE(t.date_begin.has_value());
    }
  }

  TEST_CASE("Pipeline: output does not depend on the number of threads") {
    auto pipeline = Pipeline::create({});
    REQUIRE(pipeline.ok());
    auto run = [&](size_t threads) {
      std::vector<Document> docs;
      ReadOptions ro;
      read_stories(
          {std::string(ENTENTE_SOURCE_DIR) + "/examples/stories"}, ro,
          [&](Document&& d) {
            if (!d.dct) d.dct = CivilDate{2023, 6, 2};
            docs.push_back(std::move(d));
            return true;
          },
          [](const Error&) {});
      std::string out;
      pipeline->process_all(std::move(docs), threads, [&](Result<StoryResult>&& r) {
        REQUIRE(r.ok());
        for (const auto& e : r->coded.events) {
          append_event_json(e, out);
          out += '\n';
        }
      });
      return out;
    };
    const std::string one = run(1);
    CHECK_FALSE(one.empty());
    CHECK(run(2) == one);
    CHECK(run(4) == one);
  }

  TEST_CASE("EventJson: bad records are InvalidInput naming what is wrong") {
    struct Row {
      const char* json;
      const char* fragment;
    };
    const Row rows[] = {
        {"", "one JSON object"},
        {"[1, 2]", "one JSON object"},
        {"{\"id\": ", "one JSON object"},
        {"{\"code\": \"036\"}", "without \"id\""},
        {"{\"id\": \"\"}", "without \"id\""},
        {"{\"id\": \"d:0:0\", \"modality\": \"wish\"}",
         "\"/modality\" is wrong: modality \"wish\""},
    };
    for (const auto& row : rows) {
      CAPTURE(row.json);
      auto e = parse_event_json(row.json);
      REQUIRE_FALSE(e);
      CHECK(e.error().code == Errc::InvalidInput);
      CHECK(e.error().message.find(row.fragment) != std::string::npos);
    }
  }

  TEST_CASE("EventJson: every modality reads back as written") {
    for (Modality m : {Modality::None, Modality::Intent, Modality::Modal, Modality::Speech,
                       Modality::Refusal, Modality::Threat}) {
      Event e;
      e.id = "d:0:0";
      e.modality = m;
      std::string json;
      append_event_json(e, json);
      auto back = parse_event_json(json);
      REQUIRE(back);
      CHECK(back->modality == m);
    }
  }
}
}  // namespace entente
