// Reader tests of the collection formats: CSV and TSV.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "entente/lexicon.h"
#include "entente/pipeline.h"
#include "reader_fixtures.h"

namespace entente {
namespace {

// Fixture column names (the production lists live in data/text/columns.json).
ReadOptions csv_options() {
  ReadOptions o;
  o.columns.names[static_cast<size_t>(StoryField::Text)] = {"text", "body"};
  o.columns.names[static_cast<size_t>(StoryField::Date)] = {"date", "published"};
  o.columns.names[static_cast<size_t>(StoryField::Title)] = {"title", "headline"};
  return o;
}

}  // namespace

TEST_SUITE("pipeline") {
  TEST_CASE("CsvReader: columns are found by their names, folded, in order of preference") {
    TempDir dir;
    const auto path = dir.write("news.csv",
                                "ID,Headline, Published ,Body,Extra\n"
                                "a1,Talks,2023-08-29T10:00:00Z,Leaders met.,x\n"
                                ",Second,,Ministers met.,y\n");
    auto c = read({path}, csv_options());
    REQUIRE(c.problems.empty());
    REQUIRE(c.docs.size() == 2);
    CHECK(c.docs[0].id == "a1");
    CHECK(c.docs[0].title == "Talks");
    CHECK(c.docs[0].text == "Leaders met.");
    REQUIRE(c.docs[0].dct);
    CHECK(c.docs[0].dct->iso() == "2023-08-29");
    CHECK(c.docs[0].origin == path + ":2");
    CHECK(c.docs[1].id == "news.csv:3");
    CHECK_FALSE(c.docs[1].dct);
  }

  TEST_CASE("CsvReader: --columns picks a column the names do not know") {
    TempDir dir;
    const auto path = dir.write("wire.csv", "slug,copy,text\ns1,The copy.,Not this.\n");
    ReadOptions o = csv_options();
    REQUIRE(parse_column_spec("id=slug,text=Copy", o.columns));
    auto c = read({path}, o);
    REQUIRE(c.problems.empty());
    REQUIRE(c.docs.size() == 1);
    CHECK(c.docs[0].id == "s1");
    CHECK(c.docs[0].text == "The copy.");
    REQUIRE(parse_column_spec("text=body", o.columns));
    auto missing = read({path}, o);
    REQUIRE(missing.problems.size() == 1);
    CHECK(missing.problems[0].where == path + ":1");
    CHECK(contains(missing.problems[0].message, "column \"body\" (--columns text=body)"));
  }

  TEST_CASE("CsvReader: quoted fields keep delimiters, doubled quotes and line breaks") {
    TempDir dir;
    const auto path = dir.write("q.csv",
                                "\xEF\xBB\xBFtext,title\r\n"
                                "\"One, \"\"two\"\"\nthree.\",T1\r\n"
                                "\r\n"
                                "Plain.,T2\n"
                                "\"Last.\",\"\"");
    auto c = read({path}, csv_options());
    REQUIRE(c.problems.empty());
    REQUIRE(c.docs.size() == 3);
    CHECK(c.docs[0].text == "One, \"two\"\nthree.");
    CHECK(c.docs[1].text == "Plain.");
    CHECK(c.docs[1].title == "T2");
    CHECK(c.docs[1].origin == path + ":5");
    CHECK(c.docs[2].text == "Last.");
    CHECK(c.docs[2].title.empty());
  }

  TEST_CASE("CsvReader: TSV is tab-separated and quoted as CSV") {
    TempDir dir;
    const auto path = dir.write("t.tsv", "title\ttext\nA, b\t\"Tab\there.\"\n");
    auto c = read({path}, csv_options());
    REQUIRE(c.problems.empty());
    REQUIRE(c.docs.size() == 1);
    CHECK(c.docs[0].title == "A, b");
    CHECK(c.docs[0].text == "Tab\there.");
  }

  TEST_CASE("CsvReader: a broken row is one rejected story naming file and line") {
    struct Row {
      const char* row;
      Errc code;
      const char* message;
    };
    const Row rows[] = {
        {"\"Closed\"x,T", Errc::InvalidInput, "field 1 has \"x\" after its closing quote"},
        {"Only one field", Errc::InvalidInput, "row has 1 fields, the header has 2"},
        {"a,b,c", Errc::InvalidInput, "row has 3 fields, the header has 2"},
        {" ,T", Errc::InvalidInput, "row has no text (column \"text\" is empty)"},
        {"Text.,T,", Errc::InvalidInput, "row has 3 fields"},
        {"\"Bad \xFF byte.\",T", Errc::InvalidInput, "invalid UTF-8"},
        {"\"A \"\"long\"\" story, longer.\",T", Errc::LimitExceeded, "over the limit of 16"},
    };
    for (const auto& row : rows) {
      const std::string text = row.row;
      CAPTURE(text);
      TempDir dir;
      const auto path =
          dir.write("b.csv", std::string("text,title\nGood.,G\n") + row.row + "\nAlso good.,G2\n");
      ReadOptions o = csv_options();
      o.limits.max_document_bytes = 16;
      auto c = read({path}, o);
      REQUIRE(c.docs.size() == 2);
      CHECK(c.docs[1].text == "Also good.");
      CHECK(c.docs[1].origin == path + ":4");
      REQUIRE(c.problems.size() == 1);
      CHECK(c.problems[0].code == row.code);
      CHECK(c.problems[0].where == path + ":3");
      CHECK(contains(c.problems[0].message, row.message));
    }
  }

  TEST_CASE("CsvReader: an unclosed quote rejects the rest of the file as one story") {
    TempDir dir;
    const auto path = dir.write("u.csv", "text\nGood.\n\"Never closed.\nMore.\n");
    auto c = read({path}, csv_options());
    REQUIRE(c.docs.size() == 1);
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].where == path + ":3");
    CHECK(contains(c.problems[0].message, "opens field 1 on line 3 is never closed"));
  }

  TEST_CASE("CsvReader: a header without a text column rejects the file at its line") {
    TempDir dir;
    const auto path = dir.write("h.csv", "\n\nslug,copy\ns1,Words.\n");
    auto c = read({path}, csv_options());
    CHECK(c.docs.empty());
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].code == Errc::InvalidInput);
    CHECK(c.problems[0].where == path + ":3");
    CHECK(c.problems[0].message ==
          "no text column in the header \"slug, copy\"; name it with --columns text=COLUMN");
    CHECK(read({dir.write("empty.csv", "")}, csv_options()).problems.empty());
  }

  TEST_CASE("CsvReader: folders take CSV and TSV files in sorted order") {
    TempDir dir;
    dir.write("b.tsv", "text\nFrom TSV.\n");
    dir.write("a.csv", "text\nFrom CSV.\n");
    auto c = read({dir.path.string()}, csv_options());
    REQUIRE(c.docs.size() == 2);
    CHECK(c.docs[0].id == "a.csv:2");
    CHECK(c.docs[1].id == "b.tsv:2");
  }

  TEST_CASE("ColumnSpec: --columns items must be FIELD=COLUMN with a known field") {
    ColumnNames cols;
    auto bad = parse_column_spec("text", cols);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == Errc::InvalidInput);
    CHECK(contains(bad.error().message, "expected FIELD=COLUMN, got \"text\""));
    auto unknown = parse_column_spec("text=body,body=text", cols);
    REQUIRE_FALSE(unknown);
    CHECK(contains(unknown.error().message, "unknown field \"body\" (fields: id, title, date"));
    REQUIRE(parse_column_spec("date=Pub Date", cols));
    CHECK(cols.forced[static_cast<size_t>(StoryField::Date)] == "pub_date");
  }

  TEST_CASE("ColumnNames: the built-in data gives names for every field") {
    auto lex = Lexicon::load({});
    REQUIRE(lex);
    auto names = load_column_names(*lex.value());
    REQUIRE(names);
    for (size_t f = 0; f < kStoryFields; ++f) {
      CAPTURE(story_field_name(static_cast<StoryField>(f)));
      REQUIRE_FALSE(names->names[f].empty());
      CHECK(names->names[f].front() == story_field_name(static_cast<StoryField>(f)));
    }
  }
}

}  // namespace entente

namespace entente {
namespace {

const std::string kFormats = std::string(ENTENTE_SOURCE_DIR) + "/examples/formats/";

std::string slurp(const std::string& path) {
  std::ifstream src(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(src), std::istreambuf_iterator<char>()};
}

std::vector<std::string> texts(const Collected& c) {
  std::vector<std::string> out;
  for (const auto& d : c.docs) out.push_back(d.text);
  return out;
}

}  // namespace

TEST_SUITE("pipeline") {
  TEST_CASE("Readers: gzip and bzip2 files read as their plain twins, by name or magic bytes") {
    const auto plain = read({kFormats + "stories.csv"}, csv_options());
    REQUIRE(plain.docs.size() == 5);
    const auto gz = read({kFormats + "stories.csv.gz"}, csv_options());
    CHECK(gz.problems.empty());
    CHECK(texts(gz) == texts(plain));
    CHECK(gz.docs[0].origin == kFormats + "stories.csv.gz:2");
    TempDir dir;
    const std::string bytes = slurp(kFormats + "stories.csv.gz");
    // No .gz in the name: the magic bytes say gzip, the name the format.
    CHECK(texts(read({dir.write("renamed.csv", bytes)}, csv_options())) == texts(plain));
    const auto bz = read({kFormats + "collection.jsonl.bz2"});
    CHECK(bz.problems.empty());
    CHECK(texts(bz) ==
          texts(read({std::string(ENTENTE_SOURCE_DIR) + "/examples/stories/collection.jsonl"})));
  }

  TEST_CASE("Readers: damaged compressed files name the file and the fault") {
    struct Row {
      const char* file;
      const char* message;
    };
    const Row rows[] = {
        {"truncated.csv.gz", "gzip data is truncated (the file ends inside the compressed stream)"},
        {"corrupt.jsonl.bz2", "bzip2 data is corrupt (a block fails its integrity check)"},
        {"not-gzip.txt.gz",
         "the name says gzip but the file starts with 54 68 69 73, not with the bytes of gzip "
         "data"},
    };
    for (const auto& row : rows) {
      const std::string file = row.file;
      CAPTURE(file);
      const auto c = read({kFormats + file}, csv_options());
      REQUIRE_FALSE(c.problems.empty());
      CHECK(c.problems.back().code == Errc::InvalidInput);
      CHECK(c.problems.back().where == kFormats + file);
      CHECK(c.problems.back().message == row.message);
    }
  }

  TEST_CASE("Readers: the story limit applies after decompression") {
    ReadOptions small;
    small.limits.max_document_bytes = 1000;
    TempDir dir;
    const std::string bytes = slurp(kFormats + "stories.csv.gz");
    // stories.csv.gz as a story of unknown format: one text story of 6,580 bytes.
    const auto c = read({dir.write("story.gz", bytes)}, small);
    CHECK(c.docs.empty());
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].code == Errc::LimitExceeded);
    CHECK(c.problems[0].message ==
          "story is over the limit of 1000 bytes once decompressed (raise it with "
          "--max-story-bytes)");
  }

  TEST_CASE("Readers: a JSON Lines line over the limit is skipped without being kept") {
    TempDir dir;
    const auto path = dir.write(
        "long.jsonl", "{\"text\": \"" + std::string(5000, 'a') + "\"}\n{\"text\": \"Ok.\"}\n");
    ReadOptions o;
    o.limits.max_line_bytes = 100;
    const auto c = read({path}, o);
    REQUIRE(c.docs.size() == 1);
    CHECK(c.docs[0].text == "Ok.");
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].where == path + ":1");
    CHECK(c.problems[0].message == "line is 5012 bytes, over the limit of 100");
  }

  TEST_CASE("Readers: compressed standard input is recognised by its magic bytes") {
    std::istringstream in(slurp(kFormats + "collection.jsonl.bz2"));
    ReadOptions o;
    o.stdin_stream = &in;
    const auto c = read({"-"}, o);
    CHECK(c.problems.empty());
    CHECK(c.docs.size() == 8);
  }
}

}  // namespace entente

namespace entente {
TEST_SUITE("pipeline") {
  TEST_CASE("XmlReader: a NITF document gives headline, dateline, date, id and paragraphs") {
    TempDir dir;
    const auto path = dir.write(
        "story.xml",
        "<?xml version=\"1.0\"?>\n<nitf><head><docdata><doc-id id-string=\"n1\"/>"
        "<date.issue norm=\"20230829T120000Z\"/></docdata><pubdata name=\"Wire\"/></head>\n"
        "<body><body.head><hedline><hl1>Leaders  meet</hl1></hedline>"
        "<dateline>BEIJING, Aug. 29</dateline></body.head>\n"
        "<body.content><p>Leaders\n   met &amp; talked.</p><p>They agreed.</p></body.content>"
        "</body></nitf>\n");
    const auto c = read({path});
    REQUIRE(c.problems.empty());
    REQUIRE(c.docs.size() == 1);
    const auto& d = c.docs[0];
    CHECK(d.id == "n1");
    CHECK(d.title == "Leaders meet");
    CHECK(d.source == "Wire");
    REQUIRE(d.dct);
    CHECK(d.dct->iso() == "2023-08-29");
    CHECK(d.text == "Leaders meet\n\nBEIJING, Aug. 29 - Leaders met & talked.\nThey agreed.\n");
    CHECK(d.origin == path + ":2");
  }

  TEST_CASE("XmlReader: a NewsML-G2 message gives one story per item, a bad item is rejected") {
    const auto good = read({kFormats + "newsml-g2.xml"});
    CHECK(good.problems.empty());
    REQUIRE(good.docs.size() == 2);
    CHECK(good.docs[0].id == "urn:newsml:example.org:20230127:indus-waters");
    CHECK(good.docs[0].source == "Example Wire");
    CHECK(good.docs[1].dct->iso() == "2023-06-19");
    const auto bad = read({kFormats + "newsml-g2-no-body.xml"});
    REQUIRE(bad.docs.size() == 1);
    CHECK(bad.docs[0].text == "India praises Pakistan\n\nIndia praised Pakistan on Monday.\n");
    REQUIRE(bad.problems.size() == 2);
    CHECK(bad.problems[0].where == kFormats + "newsml-g2-no-body.xml:10");
    CHECK(bad.problems[0].message == "news item has no body text");
    CHECK(bad.problems[1].where == kFormats + "newsml-g2-no-body.xml:14");
    CHECK(contains(bad.problems[1].message, "is not a calendar date"));
  }

  TEST_CASE("XmlReader: broken XML, other XML and entity tricks are errors with a location") {
    struct Row {
      const char* xml;
      const char* where;  // after the file name
      const char* message;
    };
    const Row rows[] = {
        {"<nitf><body><body.content><p>Open</body.content></body></nitf>", ":1:49",
         "invalid XML: Opening and ending tag mismatch: p line 1 and body.content"},
        {"<?xml version=\"1.0\"?>\n<rss><channel/></rss>", ":2",
         "not a NITF or NewsML-G2 document (the root element is <rss>, not <nitf>, <newsItem> "
         "or <newsMessage>)"},
        {"<nitf><body><body.content></body.content></body></nitf>", ":1",
         "NITF document has no body text"},
        {"<!DOCTYPE n [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
         "<nitf><body><body.content><p>A &e; B</p></body.content></body></nitf>",
         "", ""},
    };
    for (const auto& row : rows) {
      const std::string xml = row.xml;
      CAPTURE(xml);
      TempDir dir;
      const auto path = dir.write("x.xml", xml);
      const auto c = read({path});
      if (std::string(row.message).empty()) {  // external entities are never fetched
        REQUIRE(c.docs.size() == 1);
        CHECK(c.docs[0].text == "A B\n");
        continue;
      }
      CHECK(c.docs.empty());
      REQUIRE(c.problems.size() == 1);
      CHECK(c.problems[0].code == Errc::InvalidInput);
      CHECK(c.problems[0].where == path + row.where);
      CHECK(c.problems[0].message == row.message);
    }
  }
}
}  // namespace entente

namespace entente {
namespace {

// Fixture page rules (the production lists live in data/text/html.json).
ReadOptions page_options() {
  ReadOptions o;
  o.page.skip_elements = {"script", "nav", "footer", "aside"};
  o.page.skip_class_words = {"comment", "share"};
  o.page.date_meta = {"article:published_time", "date"};
  o.page.title_meta = {"og:title"};
  o.page.source_meta = {"og:site_name"};
  return o;
}

}  // namespace

TEST_SUITE("pipeline") {
  TEST_CASE("HtmlReader: the article's paragraphs, title, date and publisher of a page") {
    TempDir dir;
    const auto path = dir.write(
        "page.html",
        "<html><head><title>Talks | Site</title><meta property='og:title' content='Talks'>"
        "<meta property='og:site_name' content='Site'><meta name='date' content='July 2023'>"
        "<meta property='article:published_time' content='2023-07-12T10:00:00+03:00'>"
        "<link rel='canonical' href='https://example.org/talks'></head><body>"
        "<nav><p>Home</p></nav><article><h1>Talks held</h1>"
        "<div class='share-bar'><p>Share</p></div><p>Leaders <b>met</b>\n on Monday.</p>"
        "<script>var x = '<p>no</p>';</script><p>They agreed.</p>"
        "<div class='comments'><p>A comment.</p></div></article><footer><p>(c)</p></footer>"
        "</body></html>");
    const auto c = read({path}, page_options());
    REQUIRE(c.problems.empty());
    REQUIRE(c.docs.size() == 1);
    const auto& d = c.docs[0];
    CHECK(d.id == "page.html");
    CHECK(d.title == "Talks");
    CHECK(d.source == "Site");
    CHECK(d.url == "https://example.org/talks");
    REQUIRE(d.dct);
    CHECK(d.dct->iso() == "2023-07-12");
    CHECK(d.text == "Talks\n\nLeaders met on Monday.\nThey agreed.\n");
  }

  TEST_CASE("HtmlReader: the date comes from meta, then JSON-LD, then <time datetime>") {
    struct Row {
      const char* head;
      const char* body;
      const char* day;  // empty: no date
    };
    const Row rows[] = {
        {"<script type='application/ld+json'>{\"@graph\": [{\"@type\": \"WebPage\"}, "
         "{\"datePublished\": \"2023-05-09\"}]}</script>",
         "<time datetime='2023-01-01'>x</time>", "2023-05-09"},
        {"<meta name='date' content='9 May 2023'>", "<time datetime='2023-05-10T08:00'>x</time>",
         "2023-05-10"},
        {"", "", ""},
    };
    for (const auto& row : rows) {
      const std::string head = row.head;
      CAPTURE(head);
      TempDir dir;
      const auto path = dir.write("p.htm", "<html><head>" + head + "</head><body>" + row.body +
                                               "<div><p>Ministers met.</p></div></body></html>");
      const auto c = read({path}, page_options());
      REQUIRE(c.docs.size() == 1);
      if (std::string(row.day).empty()) {
        CHECK_FALSE(c.docs[0].dct);
      } else {
        REQUIRE(c.docs[0].dct);
        CHECK(c.docs[0].dct->iso() == row.day);
      }
    }
  }

  TEST_CASE("HtmlReader: without <article>, the element with the most paragraph text wins") {
    TempDir dir;
    const auto path = dir.write("p.html",
                                "<body><div id='promo'><p>Short.</p></div>"
                                "<div id='story'><p>Russia and Ukraine swapped prisoners.</p>"
                                "<p>Officials said so.</p></div><p>Loose.</p></body>");
    const auto c = read({path}, page_options());
    REQUIRE(c.docs.size() == 1);
    CHECK(c.docs[0].text == "Russia and Ukraine swapped prisoners.\nOfficials said so.\n");
  }

  TEST_CASE("HtmlReader: a page without an article is rejected saying why") {
    TempDir dir;
    const auto path = dir.write(
        "front.html", "<html><body><nav><p>Home</p></nav><ul><li>Link</li></ul></body></html>");
    const auto c = read({path}, page_options());
    CHECK(c.docs.empty());
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].code == Errc::InvalidInput);
    CHECK(c.problems[0].where == path);
    CHECK(contains(c.problems[0].message, "no article found in the page"));
  }

  TEST_CASE("PageRules: the built-in data skips scripts and names the date metadata") {
    auto lex = Lexicon::load({});
    REQUIRE(lex);
    auto rules = load_page_rules(*lex.value());
    REQUIRE(rules);
    CHECK(std::find(rules->skip_elements.begin(), rules->skip_elements.end(), "script") !=
          rules->skip_elements.end());
    REQUIRE_FALSE(rules->date_meta.empty());
    CHECK(rules->date_meta.front() == "article:published_time");
  }
}
}  // namespace entente

namespace entente {
TEST_SUITE("pipeline") {
  TEST_CASE("Readers: --format reads files and standard input whatever their names") {
    TempDir dir;
    const auto path = dir.write("export.dat", "title,text\nT,Leaders met.\n");
    ReadOptions o = csv_options();
    CHECK(read({path}, o).docs.at(0).text == "title,text\nT,Leaders met.\n");  // by name: text
    o.format = StoryFormat::Csv;
    const auto c = read({path}, o);
    REQUIRE(c.docs.size() == 1);
    CHECK(c.docs[0].text == "Leaders met.");
    std::istringstream in(
        "<nitf><body><body.content><p>Ministers met.</p></body.content></body>"
        "</nitf>");
    o.format = StoryFormat::Xml;
    o.stdin_stream = &in;
    const auto x = read({"-"}, o);
    REQUIRE(x.docs.size() == 1);
    CHECK(x.docs[0].text == "Ministers met.\n");
    auto bad = parse_story_format("pdf");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message ==
          "--format: unknown story format \"pdf\" (formats: text, jsonl, csv, tsv, xml, html)");
    CHECK(parse_story_format("tsv").value() == StoryFormat::Tsv);
  }
}
}  // namespace entente
