// Private to the CLI: the shared context of subcommands and their registration functions.
// Each subcommand lives in its own file and registers itself on the CLI11 app; main.cc runs
// the chosen one and maps errors to exit codes (README.md "Exit codes").
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "entente/core.h"
#include "entente/lexicon.h"

namespace entente::cli {

// sysexits-style exit codes (STYLE.md section 5).
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 64,     // bad command line, unknown actor
  kExitDataErr = 65,   // an input story was rejected
  kExitNoInput = 66,   // an input file is missing
  kExitSoftware = 70,  // internal error
  kExitIoErr = 74,     // read or write failure
  kExitConfig = 78,    // bad lexicon, schema or store
};

// Options every subcommand shares (flags on the main app).
struct Global {
  std::string data_dir;                // --data-dir: data folder instead of the built-in data
  std::vector<std::string> lexicons;   // --lexicon FILE (repeatable)
  std::string store = "entente.db";    // --store PATH
  bool fail_fast = false;              // --fail-fast: stop at the first rejected story
  bool diagnostics_json = false;       // --diagnostics json
  bool quiet = false;                  // --quiet: no progress or summary lines
};

// What a subcommand's run function gets: the globals and the streams to use.
struct Context {
  Global global;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  bool out_is_terminal = false;
  bool err_is_terminal = false;

  // Prints one diagnostic line: "where: severity: message" (or a JSON object).
  void diagnose(const Error& error, std::string_view severity = "error") const;
  // The lexicon options from the globals.
  LexiconOptions lexicon_options() const;
};

// Exit code for an error kind.
int exit_code_for(Errc code);

// A subcommand registers its options and sets `run` to the function that does the work.
using RunFn = std::function<int(Context&)>;
struct Registered {
  CLI::App* app;
  RunFn run;
};

// One per file in src/cli/. Each returns the subcommand and its run function.
Registered register_sentences(CLI::App& app);  // sentences_cmd.cc
Registered register_time(CLI::App& app);       // time_cmd.cc
Registered register_annotate(CLI::App& app);   // extract_cmd.cc
Registered register_extract(CLI::App& app);    // extract_cmd.cc
Registered register_ingest(CLI::App& app);     // ingest_cmd.cc
Registered register_timeline(CLI::App& app);   // query_cmd.cc
Registered register_path(CLI::App& app);       // query_cmd.cc
Registered register_neighbors(CLI::App& app);  // query_cmd.cc
Registered register_stats(CLI::App& app);      // query_cmd.cc
Registered register_export(CLI::App& app);     // export_cmd.cc
Registered register_validate(CLI::App& app);   // validate_cmd.cc

}  // namespace entente::cli
