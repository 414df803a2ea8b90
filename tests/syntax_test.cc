#include "entente/syntax.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "entente/text.h"
#include "syntax/engine.h"
#include "syntax/model.h"

namespace entente {
namespace {

std::vector<ConlluSentence> read_fixture(const std::string& name) {
  std::ifstream in(std::string(ENTENTE_TEST_DATA) + "/fixtures/" + name, std::ios::binary);
  REQUIRE(in.good());
  auto r = read_conllu(in, name);
  REQUIRE(r.ok());
  return std::move(r.value());
}

std::string tiny_model() {
  const auto train = read_fixture("tiny.conllu");
  TrainOptions o;
  o.tagger_iterations = 3;
  o.parser_iterations = 3;
  o.jackknife_folds = 2;
  auto m = train_parser(train, train, o);
  REQUIRE(m.ok());
  return std::move(m.value());
}

const Parser& default_parser() {
  static const Parser parser = [] {
    auto p = Parser::load_default();
    REQUIRE_MESSAGE(p.ok(), p.error().to_string());
    return std::move(p.value());
  }();
  return parser;
}

// Parses a sentence given as space-separated UD words.
std::vector<SyntaxWord> parse(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) words.push_back(w);
  std::vector<std::string_view> views(words.begin(), words.end());
  return default_parser().parse(views);
}

// Index of the first word `form` (REQUIRE: present).
int32_t at(const std::vector<SyntaxWord>& s, const std::string& form) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i].form == form) return static_cast<int32_t>(i);
  }
  FAIL("no word " << form);
  return -1;
}

// "dependent -deprel-> head" checks.
void check_arc(const std::vector<SyntaxWord>& s, const std::string& dep, const std::string& rel,
               const std::string& head) {
  CAPTURE(dep);
  CAPTURE(head);
  const SyntaxWord& w = s[static_cast<size_t>(at(s, dep))];
  CHECK(w.deprel == rel);
  CHECK(w.head == (head.empty() ? -1 : at(s, head)));
}

}  // namespace

TEST_SUITE("syntax") {
  TEST_CASE("read_conllu: a line without ten columns is InvalidInput naming file and line") {
    std::istringstream in("# text = a\n1\ta\ta\tDET\tDT\t_\t0\troot\t_\t_\n2\tb\tb\n");
    auto r = read_conllu(in, "x.conllu");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::InvalidInput);
    CHECK(r.error().where == "x.conllu:3");
    CHECK(r.error().message.find("10 tab-separated columns") != std::string::npos);
  }

  TEST_CASE("read_conllu: a bad head is InvalidInput, write_conllu round-trips") {
    std::istringstream bad("1\ta\ta\tDET\tDT\t_\tx\troot\t_\t_\n");
    auto r = read_conllu(bad, "y.conllu");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().where == "y.conllu:1");
    const auto tiny = read_fixture("tiny.conllu");
    std::ostringstream out;
    write_conllu(tiny, out);
    std::ifstream in(std::string(ENTENTE_TEST_DATA) + "/fixtures/tiny.conllu", std::ios::binary);
    std::stringstream orig;
    orig << in.rdbuf();
    CHECK(out.str() == orig.str());
  }

  TEST_CASE("train_parser: same data and seed give a byte-identical model that parses") {
    const std::string a = tiny_model();
    const std::string b = tiny_model();
    CHECK(a == b);
    auto p = Parser::from_bytes(a, "tiny.model");
    REQUIRE(p.ok());
    const std::vector<std::string_view> words = {"The", "minister", "met", "the", "president", "."};
    const auto s = p->parse(words);
    REQUIRE(s.size() == words.size());
    int roots = 0;
    for (const SyntaxWord& w : s) roots += w.head < 0 ? 1 : 0;
    CHECK(roots == 1);
    CHECK(s[2].lemma == "meet");
  }

  TEST_CASE("train_parser: a treebank without sentences is InvalidInput") {
    auto r = train_parser({}, {}, TrainOptions{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::InvalidInput);
  }

  TEST_CASE("Parser: a truncated, corrupt or wrong-version model is InvalidData naming the file") {
    const std::string good = tiny_model();
    SUBCASE("truncated") {
      for (size_t len : {size_t{0}, size_t{10}, size_t{40}, good.size() / 2, good.size() - 1}) {
        CAPTURE(len);
        auto r = Parser::from_bytes(good.substr(0, len), "cut.model");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == Errc::InvalidData);
        CHECK(r.error().where == "cut.model");
        CHECK(r.error().message.find("truncated") != std::string::npos);
      }
    }
    SUBCASE("a flipped byte fails the checksum") {
      std::string bad = good;
      bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 0x40);
      auto r = Parser::from_bytes(bad, "flip.model");
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().code == Errc::InvalidData);
      CHECK(r.error().message.find("checksum") != std::string::npos);
    }
    SUBCASE("another format version") {
      std::string bad = good;
      bad[16] = static_cast<char>(Parser::kFormatVersion + 1);
      auto r = Parser::from_bytes(bad, "v2.model");
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().message.find("format version") != std::string::npos);
    }
    SUBCASE("not a model") {
      auto r = Parser::from_bytes(std::string(100, 'x'), "text.model");
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().message.find("not an entente parser model") != std::string::npos);
    }
    SUBCASE("a missing file is NotFound") {
      auto r = Parser::load(std::string(ENTENTE_TEST_DATA) + "/fixtures/no-such.model");
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().code == Errc::NotFound);
      CHECK(r.error().where.find("no-such.model") != std::string::npos);
    }
  }

  TEST_CASE(
      "Parser: damaged tables behind a valid checksum give InvalidData or a parser, no crash") {
    // Flips bytes of the payload and recomputes the checksum, so that the damage reaches the
    // table readers; every result must be an InvalidData naming the file or a parser whose
    // output is one tree. (tests/fuzz/fuzz_parser_model.cc does the same at random.)
    const std::string good = tiny_model();
    constexpr size_t kHead = 16 + 4 + 8;
    REQUIRE(good.size() > kHead + 4);
    const std::string payload = good.substr(kHead, good.size() - kHead - 4);
    const std::vector<std::string_view> words = {"The",       "minister", "met",   "the",
                                                 "president", "in",       "Paris", "."};
    const size_t step = std::max<size_t>(1, payload.size() / 600);
    size_t loaded = 0, rejected = 0;
    for (size_t at = 0; at < payload.size(); at += step) {
      for (const int mask : {0x01, 0xff}) {
        std::string bad = payload;
        bad[at] = static_cast<char>(static_cast<unsigned char>(bad[at]) ^ mask);
        const uint32_t crc = syntax::crc32(bad);
        std::string file = good.substr(0, kHead) + bad;
        file.append(reinterpret_cast<const char*>(&crc), sizeof crc);
        auto r = Parser::from_bytes(file, "damaged.model");
        if (!r.ok()) {
          ++rejected;
          CHECK(r.error().code == Errc::InvalidData);
          CHECK(r.error().where == "damaged.model");
          continue;
        }
        ++loaded;
        const auto out = r->parse(words);
        REQUIRE(out.size() == words.size());
        int roots = 0;
        for (size_t i = 0; i < out.size(); ++i) {
          roots += out[i].head < 0 ? 1 : 0;
          REQUIRE(out[i].head >= -1);
          REQUIRE(out[i].head < static_cast<int32_t>(out.size()));
          int32_t up = static_cast<int32_t>(i);  // walking up reaches the root: no cycle
          for (size_t steps = 0; up >= 0; ++steps) {
            REQUIRE(steps <= out.size());
            up = out[static_cast<size_t>(up)].head;
          }
        }
        CHECK(roots == 1);
      }
    }
    // Damage to the weights loads (other weights), damage to the counts and sets is caught.
    CHECK(loaded > 0);
    CHECK(rejected > 0);
  }

  TEST_CASE("require_finite_verb: a sentence without a finite verb takes the nearest reading") {
    syntax::Model m;
    m.tags = {{Upos::NOUN, "NNS", false}, {Upos::VERB, "VBN", false}, {Upos::VERB, "VBD", true}};
    // "Police attacked protesters": the participle's finite reading is 2.0 behind.
    const std::vector<syntax::FiniteAlternative> alts = {{2, 9.0f}, {2, 2.0f}, {2, 7.5f}};
    std::vector<uint16_t> tags = {0, 1, 0};
    SUBCASE("within the margin the closest word turns finite") {
      CHECK(syntax::require_finite_verb(m, alts, 3.0f, tags));
      CHECK(tags == std::vector<uint16_t>{0, 2, 0});
    }
    SUBCASE("beyond the margin (a headline, a fragment) nothing changes") {
      CHECK_FALSE(syntax::require_finite_verb(m, alts, 1.5f, tags));
      CHECK(tags == std::vector<uint16_t>{0, 1, 0});
    }
    SUBCASE("a sentence with a finite verb is left alone") {
      tags = {0, 2, 0};
      CHECK_FALSE(syntax::require_finite_verb(m, alts, 100.0f, tags));
    }
    SUBCASE("a margin of 0 never changes a tag") {
      CHECK_FALSE(syntax::require_finite_verb(m, alts, 0.0f, tags));
    }
  }

  TEST_CASE("WeightTable: dense rows of frequent features score exactly as their entries") {
    // Rows with weights for many classes are also kept dense; the scores must equal the
    // entry-by-entry sums bit for bit, whatever the number of classes (tail of four).
    for (const uint32_t classes : {7u, 30u, 103u}) {
      std::vector<syntax::WeightTable::Row> rows;
      for (uint64_t key = 1; key <= 40; ++key) {
        syntax::WeightTable::Row row{key * 0x9e3779b97f4a7c15ULL, {}};
        const uint32_t n = key % 3 == 0 ? classes : 1 + static_cast<uint32_t>(key % 5);
        for (uint32_t c = 0; c < n && c < classes; ++c) {
          row.weights.emplace_back(static_cast<uint16_t>((c * 7 + key) % classes),
                                   static_cast<float>((key * 31 + c * 17) % 97) / 7.0f - 6.0f);
        }
        std::sort(row.weights.begin(), row.weights.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        row.weights.erase(std::unique(row.weights.begin(), row.weights.end(),
                                      [](const auto& a, const auto& b) { return a.first == b.first; }),
                          row.weights.end());
        rows.push_back(std::move(row));
      }
      const auto t = syntax::WeightTable::build(classes, rows);
      if (classes >= syntax::WeightTable::kDenseMinEntries) CHECK_FALSE(t.dense.empty());
      std::vector<uint64_t> feats;
      for (const auto& r : rows) feats.push_back(r.key);
      std::vector<float> got(classes, 0.5f), want(classes, 0.5f);
      t.score(feats.data(), feats.size(), got.data());
      for (const auto& r : rows) {
        for (const auto& [c, w] : r.weights) want[c] += w;
      }
      for (uint32_t c = 0; c < classes; ++c) CHECK(got[c] == want[c]);
    }
  }

  TEST_CASE("Parser: the built-in model loads and gives one tree per sentence") {
    const Parser& p = default_parser();
    CHECK(p.parse({}).empty());
    const auto s = parse("Talks between the two sides ended on Tuesday without a deal .");
    int roots = 0;
    for (const SyntaxWord& w : s) {
      roots += w.head < 0 ? 1 : 0;
      CHECK(w.head < static_cast<int32_t>(s.size()));
      CHECK_FALSE(w.deprel.empty());
    }
    CHECK(roots == 1);
    // Same input, same output.
    const auto again = parse("Talks between the two sides ended on Tuesday without a deal .");
    for (size_t i = 0; i < s.size(); ++i) {
      CHECK(s[i].head == again[i].head);
      CHECK(s[i].deprel == again[i].deprel);
    }
  }

  TEST_CASE("Parser: subject, object, passive agent, speech verb and relative clause") {
    SUBCASE("subject and object") {
      const auto s = parse("The minister met the president in Paris .");
      check_arc(s, "minister", "nsubj", "met");
      check_arc(s, "president", "obj", "met");
      check_arc(s, "Paris", "obl", "met");
      check_arc(s, "met", "root", "");
    }
    SUBCASE("passive with a by-agent") {
      const auto s = parse("The agreement was signed by the two leaders .");
      check_arc(s, "agreement", "nsubj:pass", "signed");
      check_arc(s, "was", "aux:pass", "signed");
      check_arc(s, "leaders", "obl:agent", "signed");
    }
    SUBCASE("speech verb with a clausal complement") {
      const auto s = parse("The spokesman said the army had withdrawn its troops .");
      check_arc(s, "spokesman", "nsubj", "said");
      check_arc(s, "withdrawn", "ccomp", "said");
      check_arc(s, "army", "nsubj", "withdrawn");
      check_arc(s, "troops", "obj", "withdrawn");
    }
    SUBCASE("relative clause") {
      const auto s = parse("The rebels who attacked the convoy fled the city .");
      check_arc(s, "attacked", "acl:relcl", "rebels");
      check_arc(s, "rebels", "nsubj", "fled");
      check_arc(s, "convoy", "obj", "attacked");
    }
    SUBCASE("lemmas") {
      const auto s = parse("He telephoned the envoys and visited their countries .");
      CHECK(s[static_cast<size_t>(at(s, "telephoned"))].lemma == "telephone");
      CHECK(s[static_cast<size_t>(at(s, "envoys"))].lemma == "envoy");
      CHECK(s[static_cast<size_t>(at(s, "countries"))].lemma == "country");
      // Names keep their form: no rule learned from one abbreviation ("Nov" -> "November").
      const auto t = parse("Antony Blinken telephoned Sergei Lavrov on Tuesday .");
      CHECK(t[static_cast<size_t>(at(t, "Antony"))].lemma == "Antony");
      CHECK(t[static_cast<size_t>(at(t, "Lavrov"))].lemma == "Lavrov");
    }
  }

  TEST_CASE("Parser::split: clitics and possessives become UD words") {
    SegmenterRules rules;
    Segmenter seg(rules, {});
    Document doc;
    doc.text = "They don't know Blinken's plan.";
    auto r = seg.segment(doc);
    REQUIRE(r.ok());
    REQUIRE(r->sentences.size() == 1);
    const auto pieces = default_parser().split(doc, r.value(), r->sentences[0]);
    std::vector<std::string> forms;
    for (const WordPiece& w : pieces) {
      forms.push_back(w.form);
      CHECK(span_text(doc, w.span) == w.form);
    }
    CHECK(forms ==
          std::vector<std::string>{"They", "do", "n't", "know", "Blinken", "'s", "plan", "."});
  }

}  // TEST_SUITE
}  // namespace entente
