// `entente validate-data [DIR]`: loads every data file, checks it against its schema and the
// semantic rules of the stage that uses it, and prints every problem.
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "entente/pipeline.h"

namespace entente::cli {
namespace {

struct ValidateArgs {
  std::string dir;
  std::vector<std::string> files;
};

int run_validate(Context& ctx, const ValidateArgs& args) {
  LexiconOptions o = ctx.lexicon_options();
  if (!args.dir.empty()) o.data_dir = args.dir;
  for (const auto& f : args.files) o.extra_files.push_back(f);
  const auto problems = validate_data(o);
  for (const auto& p : problems) ctx.diagnose(p);
  if (!problems.empty()) {
    *ctx.err << "entente: " << problems.size() << " problem" << (problems.size() == 1 ? "" : "s")
             << " in the data\n";
    return kExitConfig;
  }
  std::vector<Error> ignored;
  auto lex = Lexicon::load_all(o, ignored);
  const size_t n = lex ? lex->all_files().size() : 0;
  *ctx.out << "ok: " << n << " data file" << (n == 1 ? "" : "s") << " valid ("
           << (o.data_dir.empty() ? std::string("built-in data") : o.data_dir) << ")\n";
  return kExitOk;
}

}  // namespace

Registered register_validate(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "validate-data",
      "Check lexicons and data files against their schemas and rules; print every problem "
      "with its file and JSON pointer");
  cmd->add_option("dir", args->dir, "Data folder (default: the built-in data)");
  cmd->add_option("--file", args->files, "Also check this lexicon file (repeatable)");
  return {cmd, [args](Context& ctx) { return run_validate(ctx, *args); }};
}

}  // namespace entente::cli
