// Private to the CLI: the shared context of subcommands and the exit codes. Each subcommand's
// run function lives in its own file and gets its arguments as a plain struct (cli/args.h);
// only app.cc includes CLI11, declares the flags and runs the chosen subcommand.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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

}  // namespace entente::cli
