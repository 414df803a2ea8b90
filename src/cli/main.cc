// entente: news stories to a dated knowledge graph of diplomatic events.
// Parses the command line, runs one subcommand and maps failures to exit codes.
// GCC 12 reports a "potential null pointer dereference" in std::string once CLI11's string
// splitting is inlined at -O2. The warning points into the standard headers, so the pragma
// covers every include here (third-party and standard code only), not the code below.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <unistd.h>

#include <clocale>
#include <iostream>
#include <locale>

#include "cli/commands.h"
#pragma GCC diagnostic pop

namespace entente::cli {

int exit_code_for(Errc code) {
  switch (code) {
    case Errc::InvalidInput: return kExitDataErr;
    case Errc::LimitExceeded: return kExitDataErr;
    case Errc::NotFound: return kExitNoInput;
    case Errc::InvalidData: return kExitConfig;
    case Errc::Io: return kExitIoErr;
    case Errc::Internal: return kExitSoftware;
  }
  return kExitSoftware;
}

namespace {

int run(int argc, char** argv) {
  CLI::App app{
      "entente: turns news stories into a dated knowledge graph of diplomatic events\n"
      "(CAMEO-coded actor-action-target events, merged into a store you can query).",
      "entente"};
  app.set_version_flag("--version", "entente 0.1.0");
  app.require_subcommand(1, 1);
  app.fallthrough(true);  // global options may follow the subcommand
  app.footer(
      "Exit codes: 0 ok, 64 usage, 65 a story was rejected, 66 input missing, 70 internal "
      "error, 74 I/O error, 78 bad data or store.\nRun 'entente COMMAND --help' for a command's "
      "options.");

  Context ctx;
  ctx.out = &std::cout;
  ctx.err = &std::cerr;
  ctx.out_is_terminal = isatty(STDOUT_FILENO) != 0;
  ctx.err_is_terminal = isatty(STDERR_FILENO) != 0;
  Global& g = ctx.global;
  app.add_option("--data-dir", g.data_dir,
                 "Folder of data files to use instead of the built-in lexicons")
      ->check(CLI::ExistingDirectory);
  app.add_option("--lexicon", g.lexicons,
                 "Extra lexicon file that adds or overrides entries (repeatable)")
      ->check(CLI::ExistingFile);
  app.add_option("--store", g.store,
                 "Store: a SQLite file, or a PostgreSQL database as a postgresql:// URL or a "
                 "libpq keyword string (\"host=/run/postgresql dbname=events\")")
      ->capture_default_str();
  app.add_flag("--fail-fast", g.fail_fast, "Stop at the first rejected story");
  std::string diagnostics = "text";
  app.add_option("--diagnostics", diagnostics, "Diagnostics format on stderr")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_flag("-q,--quiet", g.quiet, "No progress or summary lines on stderr");

  std::vector<Registered> commands = {
      register_sentences(app), register_time(app),      register_annotate(app),
      register_extract(app),   register_ingest(app),    register_timeline(app),
      register_path(app),      register_neighbors(app), register_stats(app),
      register_export(app),    register_validate(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  g.diagnostics_json = diagnostics == "json";
  for (auto& c : commands) {
    if (c.app->parsed()) return c.run(ctx);
  }
  std::cerr << "entente: no command given; run 'entente --help'\n";
  return kExitUsage;
}

}  // namespace
}  // namespace entente::cli

int main(int argc, char** argv) {
  // Output never depends on the user's locale.
  std::setlocale(LC_ALL, "C");
  std::locale::global(std::locale::classic());
  std::ios::sync_with_stdio(false);
  try {
    return entente::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "entente: internal error: " << e.what() << "\n";
    return entente::cli::kExitSoftware;
  } catch (...) {
    std::cerr << "entente: internal error\n";
    return entente::cli::kExitSoftware;
  }
}
