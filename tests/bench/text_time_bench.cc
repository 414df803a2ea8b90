// entente_bench: sentence splitting and date tagging throughput on a JSON Lines corpus.
// Usage: entente_bench [CORPUS.jsonl] [--repeat N] [--limit STORIES]
// (each stage runs N times; the fastest run counts)
// Prints MB/s, stories/s, sentences/s and expressions/s per stage, and for both together,
// measured in CPU time on one thread.
#include <rapidjson/document.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "entente/lexicon.h"
#include "entente/temporal.h"
#include "entente/text.h"
#include "pipeline/text_rules.h"

namespace {

// CPU time of this process: the one-core figure, not disturbed by other jobs on the machine.
struct Clock {
  using time_point = std::clock_t;
  static time_point now() { return std::clock(); }
};

double seconds_since(Clock::time_point t0) {
  return static_cast<double>(Clock::now() - t0) / CLOCKS_PER_SEC;
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus = std::string(ENTENTE_SOURCE_DIR) + "/../shared/corpus/wcep.jsonl";
  int repeat = 3;
  size_t limit = static_cast<size_t>(-1);  // --limit N: only the first N stories
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--limit" && i + 1 < argc) {
      limit = static_cast<size_t>(std::max(1, std::atoi(argv[++i])));
    } else {
      corpus = a;
    }
  }
  entente::LexiconOptions lo;
  lo.data_dir = std::string(ENTENTE_SOURCE_DIR) + "/data/temporal";
  lo.extra_files = {std::string(ENTENTE_SOURCE_DIR) + "/data/text/abbreviations.json"};
  auto lex = entente::Lexicon::load(lo);
  if (!lex) {
    std::cerr << "entente_bench: " << lex.error().to_string() << "\n";
    return 78;
  }
  auto rules = entente::load_segmenter_rules(*lex.value());
  if (!rules) {
    std::cerr << "entente_bench: " << rules.error().to_string() << "\n";
    return 78;
  }
  const entente::Segmenter segmenter(std::move(rules.value()), {});
  auto tagger = entente::TimeTagger::create(*lex.value(), {});
  if (!tagger) {
    std::cerr << "entente_bench: " << tagger.error().to_string() << "\n";
    return 78;
  }

  std::ifstream in(corpus, std::ios::binary);
  if (!in) {
    std::cerr << "entente_bench: cannot open " << corpus << "\n";
    return 66;
  }
  std::vector<entente::Document> docs;
  size_t bytes = 0;
  std::string line;
  while (docs.size() < limit && std::getline(in, line)) {
    rapidjson::Document j;
    j.Parse(line.data(), line.size());
    if (j.HasParseError() || !j.IsObject() || !j.HasMember("text") || !j["text"].IsString())
      continue;
    entente::Document d;
    d.text.assign(j["text"].GetString(), j["text"].GetStringLength());
    if (j.HasMember("date") && j["date"].IsString()) {
      if (auto dct = entente::CivilDate::parse_iso(j["date"].GetString())) d.dct = dct.value();
    }
    bytes += d.text.size();
    docs.push_back(std::move(d));
  }

  // Each stage runs `repeat` times; the fastest run counts (the machine may be shared).
  // Stage 1: segmentation only.
  std::vector<entente::Segmentation> segs(docs.size());
  size_t sentences = 0;
  double t_seg = 1e30;
  for (int r = 0; r < repeat; ++r) {
    sentences = 0;
    const auto t0 = Clock::now();
    for (size_t i = 0; i < docs.size(); ++i) {
      auto s = segmenter.segment(docs[i]);
      if (s) {
        sentences += s->sentences.size();
        segs[i] = std::move(s.value());
      }
    }
    t_seg = std::min(t_seg, seconds_since(t0));
  }

  // Stage 2: time tagging on the segmentations.
  size_t expressions = 0;
  double t_time = 1e30;
  for (int r = 0; r < repeat; ++r) {
    expressions = 0;
    const auto t0 = Clock::now();
    for (size_t i = 0; i < docs.size(); ++i) {
      auto t = tagger->tag(docs[i], segs[i]);
      if (t) expressions += t->size();
    }
    t_time = std::min(t_time, seconds_since(t0));
  }

  // Date sanity (issue 15): lengths found, dates after the story's year + 1 (a future
  // expression with its year written, or a length misread as a point when the year is not in
  // the text), and years before 1900 (mostly counts misread as years: "1000 troops").
  size_t durations = 0;
  size_t after_written = 0;
  size_t after_computed = 0;
  size_t early_years = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    auto t = tagger->tag(docs[i], segs[i]);
    if (!t || !docs[i].dct) continue;
    for (const auto& e : t.value()) {
      if (e.type == entente::TimexType::Duration) {
        ++durations;
        continue;
      }
      if (!e.date_begin) continue;
      const int y = e.date_begin->year;
      if (y < 1900) ++early_years;
      if (y > docs[i].dct->year + 1) {
        const std::string year = std::to_string(y);
        const std::string_view text(docs[i].text.data() + e.span.begin, e.span.size());
        (text.find(year) != std::string_view::npos ? after_written : after_computed) += 1;
      }
    }
  }

  // Both together, story by story, as the pipeline runs them.
  double t_both = 1e30;
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = Clock::now();
    for (const auto& d : docs) {
      auto s = segmenter.segment(d);
      if (!s) continue;
      auto t = tagger->tag(d, s.value());
      (void)t;
    }
    t_both = std::min(t_both, seconds_since(t0));
  }

  const double mb = static_cast<double>(bytes) / 1e6;
  const double n_docs = static_cast<double>(docs.size());
  const double n_sent = static_cast<double>(sentences);
  const double n_expr = static_cast<double>(expressions);
  std::printf("corpus %s: %zu stories, %.1f MB, %zu sentences, %zu time expressions\n",
              corpus.c_str(), docs.size(), static_cast<double>(bytes) / 1e6, sentences,
              expressions);
  std::printf("%-16s %9s %12s %14s %14s\n", "stage", "MB/s", "stories/s", "sentences/s",
              "expressions/s");
  auto row = [&](const char* name, double t) {
    std::printf("%-16s %9.1f %12.0f %14.0f %14.0f\n", name, mb / t, n_docs / t, n_sent / t,
                n_expr / t);
  };
  row("segment", t_seg);
  row("time", t_time);
  row("segment+time", t_both);
  std::printf(
      "date sanity: %zu durations; dates after the story's year + 1: %zu with the year "
      "written, %zu computed; years before 1900: %zu\n",
      durations, after_written, after_computed, early_years);
  return 0;
}
