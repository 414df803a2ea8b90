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
  r.number_prefixes = {"no", "art", "n\xC2\xB0"};
  r.capitalized_abbreviations = {"Mass", "Wash", "Sun"};
  r.sentence_starters = {"the", "he", "she", "they", "it", "but", "mr", "did"};
  r.opening_prepositions = {"at", "by"};
  r.letter_words = {"I"};
  r.list_bullets = {"\xE2\x80\xA2", "\xE2\x81\x83"};  // U+2022, U+2043
  r.line_bullets = {"-", "*"};
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

// Each row's text must split into exactly its sentences.
void check_splits(const std::vector<SplitRow>& rows) {
  for (const auto& row : rows) {
    CAPTURE(row.family);
    CAPTURE(row.text);
    CHECK(split(row.text) == row.sentences);
  }
}

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
    check_splits(rows);
  }

  TEST_CASE("Segmenter: hard-wrapped prose is joined, headlines, bylines and fragments are not") {
    const std::vector<SplitRow> rows = {
        {"wire copy wrapped at a fixed width",
         "The foreign ministers of the two countries met in Geneva on Tuesday and\n"
         "agreed to resume talks on the disputed border. The meeting, the first since\n"
         "January, lasted four hours.\n",
         {"The foreign ministers of the two countries met in Geneva on Tuesday and\n"
          "agreed to resume talks on the disputed border.",
          "The meeting, the first since\nJanuary, lasted four hours."}},
        {"PDF text cut in mid-sentence",
         "The ceasefire was signed \nin the presence of observers.",
         {"The ceasefire was signed \nin the presence of observers."}},
        {"a line ending in a comma",
         "Officials in Kyiv, Warsaw and Vilnius,\nLondon and Paris agreed.",
         {"Officials in Kyiv, Warsaw and Vilnius,\nLondon and Paris agreed."}},
        {"fragments without any final mark stay apart",
         "contact\nopening hours\nprices, offers\n",
         {"contact", "opening hours", "prices, offers"}},
        {"a sentence-case headline over wrapped text",
         "Ministers agree to resume border talks\n"
         "The foreign ministers of the two countries met in Geneva on Tuesday and\n"
         "agreed to resume talks.",
         {"Ministers agree to resume border talks",
          "The foreign ministers of the two countries met in Geneva on Tuesday and\n"
          "agreed to resume talks."}},
        {"a title-case headline as long as the lines below it",
         "Foreign Ministers Agree To Resume Talks On The Disputed Border\n"
         "The foreign ministers of the two countries met in Geneva on Tuesday to\n"
         "discuss the border.",
         {"Foreign Ministers Agree To Resume Talks On The Disputed Border",
          "The foreign ministers of the two countries met in Geneva on Tuesday to\n"
          "discuss the border."}},
        {"byline and dateline",
         "By Jane Roe and John Doe\nGENEVA (Reuters) -- The talks resumed.",
         {"By Jane Roe and John Doe", "GENEVA (Reuters) --", "The talks resumed."}},
        {"one long paragraph a line, one without its final mark",
         "The delegations met for three hours in a closed session, officials said, and they "
         "will meet again next week after consultations with their governments at home\n"
         "A statement is expected on Friday.",
         {"The delegations met for three hours in a closed session, officials said, and they "
          "will meet again next week after consultations with their governments at home",
          "A statement is expected on Friday."}},
    };
    check_splits(rows);
  }

  TEST_CASE("Segmenter: list items, run-on sentences, ellipses, citations and 'I'") {
    const std::vector<SplitRow> rows = {
        {"numbered items on one line",
         "1. Cease fire now 2. Open the border 3. Free the prisoners",
         {"1. Cease fire now", "2. Open the border", "3. Free the prisoners"}},
        {"numbered items with their own periods",
         "1) The ceasefire holds. 2) The border opens.",
         {"1) The ceasefire holds.", "2) The border opens."}},
        {"period and bracket", "1.) Talks 2.) Votes", {"1.) Talks", "2.) Votes"}},
        {"lettered items", "a. The ceasefire b. The border", {"a. The ceasefire", "b. The border"}},
        {"bullets inside a line",
         "\xE2\x80\xA2 4. Ceasefire \xE2\x80\xA2 5. Border talks",
         {"\xE2\x80\xA2 4. Ceasefire", "\xE2\x80\xA2 5. Border talks"}},
        {"hyphen bullets",
         "\xE2\x81\x83"
         "Ceasefire \xE2\x81\x83"
         "Talks",
         {"\xE2\x81\x83"
          "Ceasefire",
          "\xE2\x81\x83"
          "Talks"}},
        {"bracketed letters at line starts",
         "Demands:\n(a) a ceasefire\n(b) talks",
         {"Demands:", "(a) a ceasefire", "(b) talks"}},
        {"an inline enumeration in prose is not a list",
         "The plan has three points: 1) a ceasefire, 2) talks and 3) elections.",
         {"The plan has three points: 1) a ceasefire, 2) talks and 3) elections."}},
        {"numbers out of sequence are not a list",
         "Turnout was 4. Then the polls closed.",
         {"Turnout was 4.", "Then the polls closed."}},
        {"missing space after a period",
         "The talks ended on Monday.The delegates went home.",
         {"The talks ended on Monday.", "The delegates went home."}},
        {"missing space after a lower-case word and a short one",
         "Nobody signed it.He left.",
         {"Nobody signed it.", "He left."}},
        {"no space inside a version or a number",
         "BA.5 spread. No.1 won.",
         {"BA.5 spread.", "No.1 won."}},
        {"no space after a capitalised word before a sentence starter",
         "The ferry was named in Kiel.The ship is large.",
         {"The ferry was named in Kiel.", "The ship is large."}},
        {"names written with inner dots",
         "The film Ra.One opened. The worm W32.Blaster.Worm spread.",
         {"The film Ra.One opened.", "The worm W32.Blaster.Worm spread."}},
        {"'I' as a pronoun ends a sentence",
         "The others left, but not I. Did anyone stay?",
         {"The others left, but not I.", "Did anyone stay?"}},
        {"'I' as an initial",
         "They met Albert I. Jones in Rome.",
         {"They met Albert I. Jones in Rome."}},
        {"spaced ellipsis inside a sentence",
         "He hesitated . . . and then agreed.",
         {"He hesitated . . . and then agreed."}},
        {"spaced ellipsis and a period",
         "He never agreed . . . . The talks failed.",
         {"He never agreed . . . .", "The talks failed."}},
        {"ellipsis before 'I'",
         "I was not sure . . . I still am not.",
         {"I was not sure . . . I still am not."}},
        {"four dots end a sentence",
         "He never agreed.... They left.",
         {"He never agreed....", "They left."}},
        {"omission in brackets and a citation after the quote",
         "\"The treaty [...] binds both sides [...]\" (Art. 3).",
         {"\"The treaty [...] binds both sides [...]\" (Art. 3)."}},
        {"omission at the end of a quotation",
         "He said \"we know them [...]\" Nobody answered.",
         {"He said \"we know them [...]\"", "Nobody answered."}},
        {"citation after a quoted sentence",
         "She wrote that \"the border is closed.\" (Roe 2019). The talks went on.",
         {"She wrote that \"the border is closed.\" (Roe 2019).", "The talks went on."}},
        {"a remark in brackets after a quote is not a citation",
         "\"We will win.\" (Applause.) The crowd cheered.",
         {"\"We will win.\"", "(Applause.)", "The crowd cheered."}},
        {"a time abbreviation before a title",
         "The talks ended at 6 p.m. Mr. Lee then left.",
         {"The talks ended at 6 p.m.", "Mr. Lee then left."}},
        {"a fronted time phrase keeps its abbreviation",
         "At 6 p.m. Mr. Lee left.",
         {"At 6 p.m. Mr. Lee left."}},
        {"a number prefix with a degree sign",
         "It is listed as N\xC2\xB0. 12. The list is long.",
         {"It is listed as N\xC2\xB0. 12.", "The list is long."}},
    };
    check_splits(rows);
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
        {"wait . . . now", {"wait", ". . .", "now"}},
        {"signed it.He", {"signed", "it", ".", "He"}},
        {"e.g. this", {"e.g.", "this"}},
        {"you and I. Then", {"you", "and", "I", ".", "Then"}},
        {"George W. Bush", {"George", "W.", "Bush"}},
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
