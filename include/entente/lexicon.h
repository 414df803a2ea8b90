// entente lexicon: the data files (actors, actions, ontology, temporal words, abbreviations)
// parsed and validated against their schemas, as one immutable Lexicon.
// Pipeline position: loaded once before any story; temporal, match and code build their
// compiled tables from it. Thread safety: immutable after load(); share by const&.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "entente/core.h"

namespace entente {

struct LexiconOptions {
  std::string data_dir;                  // folder with data/**.json; empty = the built-in data
  std::vector<std::string> extra_files;  // --lexicon files, read after the base data (override)
};

// One data file, as read: its path (or "builtin:data/..."), kind and raw bytes.
struct DataFile {
  std::string path;
  std::string kind;
  std::string bytes;
};

class Lexicon {
 public:
  // Reads, parses and schema-validates every data file. Fails with InvalidData naming
  // "file#/json/pointer" for the first problem, NotFound for a missing file or folder.
  [[nodiscard]] static Result<std::shared_ptr<const Lexicon>> load(const LexiconOptions& options);

  // Like load(), but collects every parse and schema problem instead of stopping at the first.
  // Returns the lexicon built from the files that passed (null if none could be read).
  static std::shared_ptr<const Lexicon> load_all(const LexiconOptions& options,
                                                 std::vector<Error>& problems);

  ~Lexicon();
  Lexicon(const Lexicon&) = delete;
  Lexicon& operator=(const Lexicon&) = delete;

  // The files of one kind ("actors", "actions", "ontology", ...) in load order.
  std::vector<const DataFile*> files(std::string_view kind) const;
  // All files in load order.
  const std::vector<DataFile>& all_files() const;

  struct Impl;
  // For modules inside the library (parsed JSON, see src/lexicon/data.h).
  const Impl& impl() const { return *impl_; }

 private:
  explicit Lexicon(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The schema text for a kind, built into the library; empty if the kind is unknown.
std::string_view builtin_schema(std::string_view kind);

// The names of the built-in data files ("data/lexicons/actors.json", ...), sorted.
std::vector<std::string> builtin_data_files();

}  // namespace entente
