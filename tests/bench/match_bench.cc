// entente_match_bench: actor lexicon load time and actor matching throughput.
// Usage: entente_match_bench [CORPUS.jsonl] [--repeat N] [--limit N]
// Loads the full built-in lexicon (Lexicon::load + ActorMatcher::create, best of 5), segments
// the corpus once (not timed), then times ActorMatcher::match over every story, in CPU time on
// one thread. Prints load ms, MB/s of story text, stories/s and mentions/s. Last, it matches
// one long story full of references (people, pronouns, "the two countries") at 2,000 and 4,000
// paragraphs and fails (exit 1) when twice the text takes more than three times as long:
// coreference must stay linear in the length of a story.
#include <rapidjson/document.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "entente/lexicon.h"
#include "entente/match.h"
#include "entente/text.h"
#include "pipeline/text_rules.h"

namespace {

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

}  // namespace

int main(int argc, char** argv) {
  std::string corpus = std::string(ENTENTE_SOURCE_DIR) + "/../shared/corpus/wcep.jsonl";
  int repeat = 3;
  size_t limit = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--limit" && i + 1 < argc) {
      limit = static_cast<size_t>(std::max(0, std::atoi(argv[++i])));
    } else {
      corpus = a;
    }
  }

  // Load time of the whole built-in lexicon plus the matcher's compiled tables.
  double best_load = 1e9;
  std::shared_ptr<const entente::Lexicon> lexicon;
  for (int k = 0; k < 5; ++k) {
    const double t0 = cpu_seconds();
    auto lex = entente::Lexicon::load({});
    if (!lex) {
      std::cerr << "entente_match_bench: " << lex.error().to_string() << "\n";
      return 78;
    }
    auto m = entente::ActorMatcher::create(*lex.value(), {});
    if (!m) {
      std::cerr << "entente_match_bench: " << m.error().to_string() << "\n";
      return 78;
    }
    best_load = std::min(best_load, cpu_seconds() - t0);
    lexicon = lex.value();
  }
  const double t_create0 = cpu_seconds();
  auto matcher = entente::ActorMatcher::create(*lexicon, {});
  const double t_create = cpu_seconds() - t_create0;
  if (!matcher) return 78;
  auto rules = entente::load_segmenter_rules(*lexicon);
  if (!rules) {
    std::cerr << "entente_match_bench: " << rules.error().to_string() << "\n";
    return 78;
  }
  const entente::Segmenter segmenter(std::move(rules.value()), {});

  std::ifstream in(corpus, std::ios::binary);
  if (!in) {
    std::cerr << "entente_match_bench: cannot open " << corpus << "\n";
    return 66;
  }
  std::vector<entente::Document> docs;
  std::vector<entente::Segmentation> segs;
  size_t bytes = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (limit && docs.size() >= limit) break;
    rapidjson::Document j;
    j.Parse(line.data(), line.size());
    if (j.HasParseError() || !j.IsObject() || !j.HasMember("text") || !j["text"].IsString())
      continue;
    entente::Document d;
    d.id = j.HasMember("id") && j["id"].IsString() ? j["id"].GetString() : "";
    d.text = j["text"].GetString();
    if (j.HasMember("date") && j["date"].IsString()) {
      auto dct = entente::CivilDate::parse_iso(j["date"].GetString());
      if (dct) d.dct = dct.value();
    }
    auto seg = segmenter.segment(d);
    if (!seg) continue;
    bytes += d.text.size();
    docs.push_back(std::move(d));
    segs.push_back(std::move(seg.value()));
  }

  double best = 1e9;
  size_t mentions = 0;
  for (int r = 0; r < repeat; ++r) {
    size_t n = 0;
    const double t0 = cpu_seconds();
    for (size_t i = 0; i < docs.size(); ++i) {
      auto ms = matcher->match(docs[i], segs[i]);
      if (ms) n += ms->size();
    }
    best = std::min(best, cpu_seconds() - t0);
    mentions = n;
  }
  std::printf(
      "actor lexicon load (Lexicon::load + ActorMatcher::create): %.1f ms (create alone %.1f ms)\n",
      best_load * 1000.0, t_create * 1000.0);
  std::printf(
      "match: %zu stories, %.1f MB, %.3f s: %.1f MB/s, %.0f stories/s, %.0f mentions/s (%zu "
      "mentions)\n",
      docs.size(), static_cast<double>(bytes) / 1e6, best, static_cast<double>(bytes) / 1e6 / best,
      static_cast<double>(docs.size()) / best, static_cast<double>(mentions) / best, mentions);

  // One long story: time per paragraph must not grow with the length of the story.
  double per_paragraph[2] = {0, 0};
  const int paragraphs[2] = {2000, 4000};
  for (int k = 0; k < 2; ++k) {
    entente::Document d;
    d.id = "long";
    for (int i = 0; i < paragraphs[k]; ++i) {
      d.text +=
          "President Abel Mbaso of Zambia met the Chinese side. He said the two countries and "
          "both sides agreed. The government said they would talk.\n";
    }
    d.dct = entente::CivilDate{2020, 1, 1};
    auto seg = segmenter.segment(d);
    if (!seg) {
      std::cerr << "entente_match_bench: " << seg.error().to_string() << "\n";
      return 70;
    }
    double t = 1e9;
    for (int r = 0; r < repeat; ++r) {
      const double t0 = cpu_seconds();
      auto ms = matcher->match(d, seg.value());
      t = std::min(t, cpu_seconds() - t0);
      if (!ms) {
        std::cerr << "entente_match_bench: " << ms.error().to_string() << "\n";
        return 70;
      }
    }
    per_paragraph[k] = t / paragraphs[k];
    std::printf("long story: %d paragraphs (%zu bytes) matched in %.1f ms\n", paragraphs[k],
                d.text.size(), t * 1000.0);
  }
  const double growth = per_paragraph[1] / std::max(per_paragraph[0], 1e-12);
  std::printf("long story: time per paragraph at 4,000 / at 2,000 paragraphs: %.2f\n", growth);
  if (growth > 1.5) {
    std::fprintf(stderr, "entente_match_bench: matching is not linear in the story length\n");
    return 1;
  }
  return 0;
}
