// `entente validate-data [DIR]`: loads every data file, checks it against its schema and the
// semantic rules of the stage that uses it, and prints every problem.
#include <memory>
#include <ostream>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "entente/export.h"
#include "entente/pipeline.h"

namespace entente::cli {

int run_validate(Context& ctx, const ValidateArgs& args) {
  LexiconOptions o = ctx.lexicon_options();
  if (!args.dir.empty()) o.data_dir = args.dir;
  for (const auto& f : args.files) o.extra_files.push_back(f);
  auto problems = validate_data(o);
  std::vector<Error> ignored;
  auto lex = Lexicon::load_all(o, ignored);
  // The export layouts' own rules (a literal's text, values that fit the rows); the export
  // module comes after the pipeline, so validate_data() cannot run them.
  if (lex) {
    if (auto t = load_dataset_tables(*lex); !t) problems.push_back(t.error());
  }
  for (const auto& p : problems) ctx.diagnose(p);
  if (!problems.empty()) {
    *ctx.err << "entente: " << problems.size() << " problem" << (problems.size() == 1 ? "" : "s")
             << " in the data\n";
    return kExitConfig;
  }
  const size_t n = lex ? lex->all_files().size() : 0;
  *ctx.out << "ok: " << n << " data file" << (n == 1 ? "" : "s") << " valid ("
           << (o.data_dir.empty() ? std::string("built-in data") : o.data_dir) << ")\n";
  return kExitOk;
}

}  // namespace entente::cli
