// The export subcommand: GraphML, GEXF, Cytoscape.js JSON, CSV, DOT, the HTML report, and the
// ICEWS, Phoenix, GDELT and Neo4j layouts (DESIGN.md "Exports", README "Dataset exports").
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/query_common.h"
#include "entente/export.h"

namespace entente::cli {

int run_export(Context& ctx, const ExportArgs& a) {
  auto format = parse_export_format(a.q.format);
  if (!format) return usage_error(ctx, "--format: " + format.error().message);
  auto shape = parse_export_shape(a.shape);
  if (!shape) return usage_error(ctx, "--graph: " + shape.error().message);
  auto filter = a.q.filter(ctx);
  if (!filter) return kExitUsage;
  if (a.depth < 1) return usage_error(ctx, "--depth must be at least 1");
  auto period = parse_period(a.by);
  if (!period) return usage_error(ctx, "--by: " + period.error().message);
  if (a.max_nodes < 1) return usage_error(ctx, "--max-nodes must be at least 1");
  const bool dataset = *format == ExportFormat::Icews || *format == ExportFormat::Phoenix ||
                       *format == ExportFormat::Gdelt || *format == ExportFormat::Neo4j;
  if (dataset && *shape == ExportShape::Dyads)
    return usage_error(ctx, "--graph dyads: the " + a.q.format +
                                " export has one row per event (or per actor); leave --graph out");
  const bool to_stdout = a.output.empty() || a.output == "-";
  if (*format == ExportFormat::Neo4j && to_stdout)
    return usage_error(ctx,
                       "--format neo4j writes two files: give -o FILE (FILE holds the "
                       "relationships, FILE's stem + .nodes.csv the actors)");
  std::shared_ptr<const DatasetTables> datasets;
  if (dataset) {
    // The column layouts are data (data/export/datasets.json), read with the lexicon.
    auto lex = Lexicon::load(ctx.lexicon_options());
    if (!lex) {
      ctx.diagnose(lex.error());
      return kExitConfig;
    }
    auto t = load_dataset_tables(*lex.value());
    if (!t) {
      ctx.diagnose(t.error());
      return kExitConfig;
    }
    datasets = std::make_shared<const DatasetTables>(std::move(t.value()));
  }
  auto g = load_graph(ctx, a.q.include_negated);
  if (!g) return g.error();
  ExportOptions opt;
  opt.format = *format;
  opt.shape = *shape;
  opt.filter = *filter;
  opt.depth = a.depth;
  opt.by = *period;
  opt.title = a.title;
  opt.max_nodes = a.max_nodes;
  opt.datasets = datasets;
  for (size_t i = 0; i < a.actors.size(); ++i) {
    auto x = resolve(ctx, *g.value(), a.actors[i]);
    if (!x) return x.error();
    // The HTML report charts the dyad A-B; the other formats export both neighbourhoods.
    auto& slot = (i == 1 && opt.format == ExportFormat::Html) ? opt.partner : opt.focus;
    slot.insert(slot.end(), x.value().begin(), x.value().end());
  }
  auto r = to_stdout ? write_export(*g.value(), opt, *ctx.out)
                     : export_to_file(*g.value(), opt, a.output);
  if (!r) {
    ctx.diagnose(r.error());
    return exit_code_for(r.error().code);
  }
  return kExitOk;
}

}  // namespace entente::cli
