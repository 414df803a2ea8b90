#include "fuzz/fuzz_entry.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "entente/pipeline.h"
#include "entente/store.h"
#include "entente/syntax.h"
#include "entente/text.h"
#include "pipeline/decompress.h"
#include "pipeline/read_common.h"
#include "pipeline/text_rules.h"
#include "syntax/model.h"

namespace entente::fuzz {
namespace {

// Built once per process: the fuzzers call the entry points millions of times.
const Pipeline& pipeline() {
  static const auto* p = [] {
    auto r = Pipeline::create({});
    if (!r) {
      std::fprintf(stderr, "fuzz: cannot build the pipeline: %s\n", r.error().to_string().c_str());
      std::abort();
    }
    return new Pipeline(std::move(r.value()));
  }();
  return *p;
}

std::string scratch_path(const char* what) {
  return (std::filesystem::temp_directory_path() /
          ("entente-fuzz-" + std::to_string(::getpid()) + "-" + what))
      .string();
}

// Aborts (a finding for the fuzzer) when `words` parsed does not form one tree.
void check_tree(const std::vector<SyntaxWord>& out, size_t n) {
  if (out.size() != n) std::abort();
  size_t roots = 0;
  for (size_t i = 0; i < n; ++i) {
    const int32_t h = out[i].head;
    if (h < -1 || h >= static_cast<int32_t>(n) || h == static_cast<int32_t>(i)) std::abort();
    if (h == -1) ++roots;
    // Walking up from every word reaches the root within n steps (no cycle).
    int32_t at = static_cast<int32_t>(i);
    for (size_t steps = 0; at != -1; ++steps) {
      if (steps > n) std::abort();
      at = out[static_cast<size_t>(at)].head;
    }
  }
  if (n > 0 && roots != 1) std::abort();
}

}  // namespace

void stories(std::string_view bytes) {
  ReadOptions options;
  options.limits.max_document_bytes = 1 << 20;
  read_stories_from_text(
      "fuzz", bytes, options,
      [](Document&& doc) {
        doc.dct = CivilDate{2023, 8, 29};
        (void)pipeline().process(std::move(doc));
        return true;
      },
      [](const Error&) {});
}

void segment_and_time(std::string_view bytes) {
  Document doc;
  doc.id = "fuzz";
  doc.text = std::string(bytes);
  if (find_invalid_utf8(doc.text)) doc.text = repair_utf8(doc.text);
  (void)pipeline().process(doc);
  doc.dct.reset();
  (void)pipeline().process(std::move(doc));
}

void lexicon(std::string_view bytes) {
  const std::string path = scratch_path("lexicon.json");
  {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  LexiconOptions options;
  options.extra_files.push_back(path);
  (void)validate_data(options);
  std::filesystem::remove(path);
}

void lexicon_alone(std::string_view bytes) {
  const std::filesystem::path dir = scratch_path("data");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  {
    std::ofstream out(dir / "fuzz.json", std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  LexiconOptions options;
  options.data_dir = dir.string();
  (void)validate_data(options);
  std::filesystem::remove_all(dir, ec);
}

void store(std::string_view bytes) {
  const std::string path = scratch_path("store.db");
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  StoreOptions options;
  options.read_only = true;
  if (auto s = Store::open(path, options)) {
    (void)s->stats();
    (void)s->actors();
    (void)s->events({true, true});
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}

void parser_model(std::string_view bytes) {
  static constexpr char kMagic[16] = {'E', 'N', 'T', 'E', 'N', 'T', 'E',  '-',
                                      'P', 'A', 'R', 'S', 'E', 'R', '\0', '\0'};
  std::string file;
  if (bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0) {
    file.assign(bytes);
  } else {
    const uint32_t version = Parser::kFormatVersion;
    const uint64_t size = bytes.size();
    const uint32_t crc = syntax::crc32(bytes);
    file.append(kMagic, sizeof kMagic);
    file.append(reinterpret_cast<const char*>(&version), sizeof version);
    file.append(reinterpret_cast<const char*>(&size), sizeof size);
    file.append(bytes);
    file.append(reinterpret_cast<const char*>(&crc), sizeof crc);
  }
  auto parser = Parser::from_bytes(file, "fuzz.model");
  if (!parser) return;
  static const Segmenter* segmenter = new Segmenter(SegmenterRules{}, SegmenterOptions{});
  Document doc;
  doc.text = "Don't tell Blinken's aides that the U.S.-Iran talks won't resume, she said.";
  auto seg = segmenter->segment(doc);
  if (!seg) std::abort();
  for (const Sentence& sentence : seg->sentences) {
    const auto pieces = parser->split(doc, seg.value(), sentence);
    std::vector<std::string_view> words;
    for (const WordPiece& p : pieces) {
      if (p.span.end > doc.text.size() || p.span.begin > p.span.end) std::abort();
      words.push_back(p.form);
    }
    check_tree(parser->parse(words), words.size());
  }
  check_tree(parser->parse({}), 0);
}

namespace {

// The readers' options with the built-in column names and page rules.
const ReadOptions& read_options() {
  static const auto* o = [] {
    auto* opts = new ReadOptions;
    const auto& lex = pipeline().lexicon();
    opts->columns.names = load_column_names(lex).value().names;
    opts->page = load_page_rules(lex).value();
    return opts;
  }();
  return *o;
}

const detail::Deliver& count_stories() {
  static const detail::Deliver d = [](Result<Document>&& doc) {
    if (doc && doc->text.empty()) std::abort();  // a story always has text
    return true;
  };
  return d;
}

}  // namespace

void csv(std::string_view bytes) {
  for (char delimiter : {',', '\t'}) {
    std::istringstream raw{std::string(bytes)};
    const auto kind = detail::sniff_compression(bytes.substr(0, 4));
    if (kind == detail::Compression::None) {
      detail::read_csv("fuzz.csv", raw, delimiter, read_options(), count_stories());
      continue;
    }
    detail::Decompressor source(kind, *raw.rdbuf());
    std::istream in(&source);
    detail::read_csv("fuzz.csv.gz", in, delimiter, read_options(), count_stories());
  }
}

void xml(std::string_view bytes) {
  detail::read_xml("fuzz.xml", bytes, read_options(), count_stories());
}

void html(std::string_view bytes) {
  detail::read_html("fuzz.html", "fuzz.html", bytes, read_options(), count_stories());
}

}  // namespace entente::fuzz
