#include "fuzz/fuzz_entry.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "entente/pipeline.h"
#include "entente/store.h"
#include "pipeline/text_rules.h"

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

}  // namespace entente::fuzz
