// The export subcommand: GraphML, GEXF, Cytoscape.js JSON, CSV and DOT (DESIGN.md "Exports").
#include <memory>
#include <ostream>
#include <string>

#include "cli/commands.h"
#include "cli/query_common.h"
#include "entente/export.h"

namespace entente::cli {

namespace {
struct ExportArgs {
  QueryArgs q;
  std::string output;
  std::string shape = "events";
  std::string actor;
  int depth = 1;
};

int run_export(Context& ctx, const ExportArgs& a) {
  auto format = parse_export_format(a.q.format);
  if (!format) return usage_error(ctx, "--format: " + format.error().message);
  auto shape = parse_export_shape(a.shape);
  if (!shape) return usage_error(ctx, "--graph: " + shape.error().message);
  auto filter = a.q.filter(ctx);
  if (!filter) return kExitUsage;
  if (a.depth < 1) return usage_error(ctx, "--depth must be at least 1");
  auto g = load_graph(ctx, a.q.include_negated);
  if (!g) return g.error();
  ExportOptions opt;
  opt.format = *format;
  opt.shape = *shape;
  opt.filter = *filter;
  opt.depth = a.depth;
  if (!a.actor.empty()) {
    auto x = resolve(ctx, *g.value(), a.actor);
    if (!x) return x.error();
    opt.focus = x.value();
  }
  auto r = (a.output.empty() || a.output == "-") ? write_export(*g.value(), opt, *ctx.out)
                                                 : export_to_file(*g.value(), opt, a.output);
  if (!r) {
    ctx.diagnose(r.error());
    return exit_code_for(r.error().code);
  }
  return kExitOk;
}
}  // namespace

Registered register_export(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  args->q.format = "graphml";
  auto* sub = app.add_subcommand("export", "Write the graph for visualisers and other tools");
  sub->add_option("-o,--output", args->output, "Output file (written atomically); default stdout");
  sub->add_option("--graph", args->shape, "events (one edge per event) or dyads (one per pair)")
      ->capture_default_str();
  sub->add_option("--actor", args->actor, "Only the neighbourhood of this actor");
  sub->add_option("--depth", args->depth, "Neighbourhood depth with --actor")->capture_default_str();
  args->q.add_to(*sub, "graphml|gexf|json|csv|dot");
  return {sub, [args](Context& ctx) { return run_export(ctx, *args); }};
}

}  // namespace entente::cli
