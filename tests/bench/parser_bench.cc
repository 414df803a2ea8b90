// entente_parser_bench: model load time, tag + parse throughput and peak memory on the
// sentences of a JSON Lines corpus (default ../shared/corpus/wcep.jsonl).
// Usage: entente_parser_bench [CORPUS.jsonl] [--repeat N] [--limit STORIES] [--model FILE]
// Sentences are segmented and split into UD words first (not timed); the fastest of N runs
// counts, in CPU time on one thread.
#include <rapidjson/document.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "entente/lexicon.h"
#include "entente/syntax.h"
#include "entente/text.h"
#include "pipeline/text_rules.h"

namespace {

double cpu_seconds_since(std::clock_t t0) {
  return static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus = std::string(ENTENTE_SOURCE_DIR) + "/../shared/corpus/wcep.jsonl";
  std::string model;
  int repeat = 3;
  size_t limit = static_cast<size_t>(-1);
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--limit" && i + 1 < argc) {
      limit = static_cast<size_t>(std::max(1, std::atoi(argv[++i])));
    } else if (a == "--model" && i + 1 < argc) {
      model = argv[++i];
    } else {
      corpus = a;
    }
  }
  // Load time: wall clock, the best of `repeat` loads (checksum, tables, hash slots).
  double load_ms = 1e30;
  std::optional<entente::Parser> parser;
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    auto p = model.empty() ? entente::Parser::load_default() : entente::Parser::load(model);
    const auto t1 = std::chrono::steady_clock::now();
    if (!p) {
      std::cerr << "entente_parser_bench: " << p.error().to_string() << "\n";
      return 78;
    }
    load_ms = std::min(load_ms, std::chrono::duration<double, std::milli>(t1 - t0).count());
    parser.emplace(std::move(p.value()));
  }

  entente::LexiconOptions lo;
  lo.data_dir = std::string(ENTENTE_SOURCE_DIR) + "/data/temporal";
  lo.extra_files = {std::string(ENTENTE_SOURCE_DIR) + "/data/text/abbreviations.json"};
  auto lex = entente::Lexicon::load(lo);
  if (!lex) {
    std::cerr << "entente_parser_bench: " << lex.error().to_string() << "\n";
    return 78;
  }
  auto rules = entente::load_segmenter_rules(*lex.value());
  if (!rules) {
    std::cerr << "entente_parser_bench: " << rules.error().to_string() << "\n";
    return 78;
  }
  const entente::Segmenter segmenter(std::move(rules.value()), {});
  std::ifstream in(corpus, std::ios::binary);
  if (!in) {
    std::cerr << "entente_parser_bench: cannot open " << corpus << "\n";
    return 66;
  }
  std::vector<std::vector<std::string>> sentences;
  size_t words = 0, stories = 0;
  std::string line;
  while (stories < limit && std::getline(in, line)) {
    rapidjson::Document j;
    j.Parse(line.data(), line.size());
    if (j.HasParseError() || !j.IsObject() || !j.HasMember("text") || !j["text"].IsString()) {
      continue;
    }
    entente::Document d;
    d.text.assign(j["text"].GetString(), j["text"].GetStringLength());
    auto seg = segmenter.segment(d);
    if (!seg) continue;
    ++stories;
    for (const entente::Sentence& s : seg->sentences) {
      std::vector<std::string> forms;
      for (const entente::WordPiece& w : parser->split(d, seg.value(), s)) forms.push_back(w.form);
      words += forms.size();
      sentences.push_back(std::move(forms));
    }
  }

  double best = 1e30;
  size_t roots = 0;
  for (int r = 0; r < repeat; ++r) {
    roots = 0;
    const auto t0 = std::clock();
    std::vector<std::string_view> views;
    for (const auto& s : sentences) {
      views.assign(s.begin(), s.end());
      for (const entente::SyntaxWord& w : parser->parse(views)) roots += w.head < 0 ? 1u : 0u;
    }
    best = std::min(best, cpu_seconds_since(t0));
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("corpus %s: %zu stories, %zu sentences, %zu words (UD words)\n", corpus.c_str(),
              stories, sentences.size(), words);
  std::printf("model load: %.1f ms (best of %d)\n", load_ms, repeat);
  std::printf("tag + parse: %.3f s CPU, %.0f words/s, %.0f sentences/s (%zu roots)\n", best,
              static_cast<double>(words) / best, static_cast<double>(sentences.size()) / best,
              roots);
  std::printf("peak memory: %.1f MB (max RSS)\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  return 0;
}
