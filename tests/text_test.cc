#include "entente/text.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace entente {
namespace {

// A tiny fixture rule set (the production lists live in data/text/abbreviations.json).
SegmenterRules fixture_rules() {
  SegmenterRules r;
  r.abbreviations = {"mr",   "mrs", "dr",    "gov", "sen", "gen", "aug", "sept",
                     "jan",  "feb", "calif", "u.s", "u.n", "a.m", "p.m", "inc",
                     "corp", "e.g", "i.e",   "vs",  "st",  "jr"};
  r.sentence_final_abbrev = {"u.s", "u.n", "inc", "corp", "a.m", "p.m", "jr"};
  r.number_prefixes = {"no", "art"};
  r.capitalized_abbreviations = {"Mass", "Wash", "Sun"};
  r.sentence_starters = {"the", "he", "she", "they", "it", "but"};
  return r;
}

std::vector<std::string> split(const std::string& text, SegmenterOptions opts = {}) {
  Segmenter seg(fixture_rules(), opts);
  Document doc;
  doc.text = text;
  auto r = seg.segment(doc);
  REQUIRE(r.ok());
  std::vector<std::string> out;
  for (const auto& s : r->sentences) out.emplace_back(span_text(doc, s.span));
  return out;
}

std::vector<std::string> tokens(const std::string& text) {
  Segmenter seg(fixture_rules(), {});
  Document doc;
  doc.text = text;
  auto r = seg.segment(doc);
  REQUIRE(r.ok());
  std::vector<std::string> out;
  for (const auto& t : r->tokens) out.emplace_back(span_text(doc, t.span));
  return out;
}

struct SplitRow {
  const char* family;
  const char* text;
  std::vector<std::string> sentences;
};

}  // namespace

TEST_SUITE("text") {
  TEST_CASE("Segmenter: classic boundary cases, one family per row") {
    const std::vector<SplitRow> rows = {
        {"plain", "The envoy arrived. Talks began.", {"The envoy arrived.", "Talks began."}},
        {"question and exclamation",
         "Will they sign? Nobody knows! Wait.",
         {"Will they sign?", "Nobody knows!", "Wait."}},
        {"titles",
         "Gov. Lee met Dr. Park. They talked.",
         {"Gov. Lee met Dr. Park.", "They talked."}},
        {"months",
         "On Aug. 28 the council met. It ended.",
         {"On Aug. 28 the council met.", "It ended."}},
        {"states",
         "He lives in Boston, Mass. and votes there.",
         {"He lives in Boston, Mass. and votes there."}},
        {"U.S. inside",
         "The U.S. Senate voted. It passed.",
         {"The U.S. Senate voted.", "It passed."}},
        {"U.S. at the end",
         "He moved to the U.S. The move was quick.",
         {"He moved to the U.S.", "The move was quick."}},
        {"U.N. before a name",
         "The U.N. Security Council met.",
         {"The U.N. Security Council met."}},
        {"initials",
         "George W. Bush spoke. J. R. R. Tolkien wrote.",
         {"George W. Bush spoke.", "J. R. R. Tolkien wrote."}},
        {"No. 2",
         "He is the No. 2 official. She is not.",
         {"He is the No. 2 official.", "She is not."}},
        {"decimals",
         "Growth was 3.5 percent. Prices rose 1,200.5 points.",
         {"Growth was 3.5 percent.", "Prices rose 1,200.5 points."}},
        {"ages", "Li Qiang, 63, said so. He left.", {"Li Qiang, 63, said so.", "He left."}},
        {"ellipsis then capital",
         "He paused... Then he spoke.",
         {"He paused...", "Then he spoke."}},
        {"ellipsis then lower case",
         "He paused... and then spoke.",
         {"He paused... and then spoke."}},
        {"closing quote",
         "\"We will win.\" The crowd cheered.",
         {"\"We will win.\"", "The crowd cheered."}},
        {"curly quotes",
         "\xE2\x80\x9CWe will win,\xE2\x80\x9D she said. \xE2\x80\x9CWill we?\xE2\x80\x9D he "
         "asked.",
         {"\xE2\x80\x9CWe will win,\xE2\x80\x9D she said.",
          "\xE2\x80\x9CWill we?\xE2\x80\x9D he asked."}},
        {"question inside quotes",
         "\"Why?\" he asked. Nobody answered.",
         {"\"Why?\" he asked.", "Nobody answered."}},
        {"parentheses",
         "(See the map.) The border runs north.",
         {"(See the map.)", "The border runs north."}},
        {"clock times",
         "They met at 9 a.m. The talks lasted an hour.",
         {"They met at 9 a.m.", "The talks lasted an hour."}},
        {"clock time before a weekday",
         "They met at 9 a.m. Tuesday in Rome.",
         {"They met at 9 a.m. Tuesday in Rome."}},
        {"company",
         "She works for Acme Inc. The firm grew.",
         {"She works for Acme Inc.", "The firm grew."}},
        {"e-mail",
         "Write to press@example.org. Replies come fast.",
         {"Write to press@example.org.", "Replies come fast."}},
        {"URL",
         "See https://example.org/a.b?x=1. It has more.",
         {"See https://example.org/a.b?x=1.", "It has more."}},
        {"dateline with agency",
         "BEIJING (AP) -- Officials met on Monday.",
         {"BEIJING (AP) --", "Officials met on Monday."}},
        {"dateline with date",
         "WASHINGTON, Aug. 29 (Reuters) - The talks ended.",
         {"WASHINGTON, Aug. 29 (Reuters) -", "The talks ended."}},
        {"headline without final mark",
         "Leaders Meet in Rome\nThe leaders met on Monday.",
         {"Leaders Meet in Rome", "The leaders met on Monday."}},
        {"numbered list",
         "Demands:\n1. A ceasefire\n2. Talks",
         {"Demands:", "1. A ceasefire", "2. Talks"}},
        {"bullets",
         "Points\n- first point\n- second point",
         {"Points", "- first point", "- second point"}},
        {"paragraphs", "First part\n\nsecond part", {"First part", "second part"}},
        {"hard-wrapped line",
         "The minister said the talks with the delegation had gone\nwell and would go on.",
         {"The minister said the talks with the delegation had gone\nwell and would go on."}},
        {"lower case after a period", "It cost 5 vs. 6 dollars.", {"It cost 5 vs. 6 dollars."}},
        {"empty", "", {}},
        {"only space", "  \n\n ", {}},
    };
    for (const auto& row : rows) {
      CAPTURE(row.family);
      CAPTURE(row.text);
      CHECK(split(row.text) == row.sentences);
    }
  }

  TEST_CASE("Segmenter: tokens keep inner separators and split possessives") {
    struct Row {
      const char* text;
      std::vector<std::string> tokens;
    };
    const std::vector<Row> rows = {
        {"U.S. officials", {"U.S.", "officials"}},
        {"Tuesday's talks", {"Tuesday", "'s", "talks"}},
        {"Xi\xE2\x80\x99s visit", {"Xi", "\xE2\x80\x99s", "visit"}},
        {"don't stop", {"don't", "stop"}},
        {"1,200 troops", {"1,200", "troops"}},
        {"on 2023-08-28.", {"on", "2023-08-28", "."}},
        {"on 8/28/2023", {"on", "8/28/2023"}},
        {"mid-August", {"mid-August"}},
        {"the 1990s", {"the", "1990s"}},
        {"the 5th", {"the", "5th"}},
        {"$3.5 billion", {"$", "3.5", "billion"}},
        {"a 2-15 loss", {"a", "2-15", "loss"}},
        {"wait -- now", {"wait", "--", "now"}},
        {"\xE2\x80\x9CYes\xE2\x80\x9D", {"\xE2\x80\x9C", "Yes", "\xE2\x80\x9D"}},
    };
    for (const auto& row : rows) {
      CAPTURE(row.text);
      CHECK(tokens(row.text) == row.tokens);
    }
  }

  TEST_CASE("Segmenter: token kinds and spaces are recorded") {
    Segmenter seg(fixture_rules(), {});
    Document doc;
    doc.text =
        "On 3 May, \xE2\x82\xAC"
        "5.";
    auto r = seg.segment(doc);
    REQUIRE(r.ok());
    REQUIRE(r->tokens.size() == 7);  // On 3 May , EUR 5 .
    CHECK(r->tokens[0].kind == TokenKind::Word);
    CHECK(r->tokens[1].kind == TokenKind::Number);
    CHECK(r->tokens[1].space_before);
    CHECK(r->tokens[3].kind == TokenKind::Punct);
    CHECK_FALSE(r->tokens[3].space_before);
    CHECK(r->tokens[4].kind == TokenKind::Symbol);
    CHECK(r->tokens[5].kind == TokenKind::Number);
    CHECK(r->sentences.size() == 1);
    CHECK(r->sentences[0].token_count == 7);
  }

  TEST_CASE("Segmenter: spans are byte offsets into the original text") {
    Segmenter seg(fixture_rules(), {});
    Document doc;
    doc.text =
        "  \xC3\x9C"
        "berlingen fell. Next.";
    auto r = seg.segment(doc);
    REQUIRE(r.ok());
    REQUIRE(r->sentences.size() == 2);
    CHECK(r->sentences[0].span.begin == 2);  // after two spaces
    CHECK(r->sentences[0].span.end == 19);   // the U+00DC is two bytes
    CHECK(r->sentences[1].span.begin == 20);
    CHECK(r->sentences[1].span.end == 25);
    CHECK(r->tokens[0].span.end == 13);
  }

  TEST_CASE("Segmenter: headlines are marked") {
    Segmenter seg(fixture_rules(), {});
    Document doc;
    doc.text = "Storm Hits Coast\nThe storm hit the coast on Monday.";
    auto r = seg.segment(doc);
    REQUIRE(r.ok());
    REQUIRE(r->sentences.size() == 2);
    CHECK(r->sentences[0].is_headline);
    CHECK_FALSE(r->sentences[1].is_headline);
  }

  TEST_CASE("Segmenter: a sentence longer than the limit is cut") {
    SegmenterOptions opts;
    opts.max_sentence_tokens = 3;
    CHECK(split("one two three four five", opts) ==
          std::vector<std::string>{"one two three", "four five"});
  }

  TEST_CASE("Segmenter: invalid UTF-8 yields InvalidInput with the byte offset") {
    Segmenter seg(fixture_rules(), {});
    Document doc;
    doc.origin = "story.txt";
    doc.text = "Good text \xFF bad";
    auto r = seg.segment(doc);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::InvalidInput);
    CHECK(r.error().message.find("byte offset 10") != std::string::npos);
    CHECK(r.error().where.find("story.txt") != std::string::npos);
  }

  TEST_CASE("Segmenter: moved-from segmenters stay destructible and the target works") {
    Segmenter a(fixture_rules(), {});
    Segmenter b(std::move(a));
    Segmenter c(SegmenterRules{}, {});
    c = std::move(b);
    Document doc;
    doc.text = "Gov. Lee spoke.";
    auto r = c.segment(doc);
    REQUIRE(r.ok());
    CHECK(r->sentences.size() == 1);
  }
}

}  // namespace entente
