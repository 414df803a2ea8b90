// `entente ingest`: extract events from stories and merge them into the store, one
// transaction per story (an interrupted run keeps every story committed before it).
#include <memory>
#include <ostream>

#include "cli/json_out.h"
#include "entente/graph.h"
#include "entente/store.h"

namespace entente::cli {
namespace {

struct IngestArgs {
  std::vector<std::string> inputs;
  StoryOptions story;
  bool merge_on_root = false;
  int window = StoreOptions{}.merge_window_days;
};

int run_ingest(Context& ctx, const IngestArgs& args) {
  ReadOptions ropts;
  int failed = kExitOk;
  auto pipeline = build_pipeline(ctx, args.story, ropts, failed);
  if (!pipeline) return failed;
  StoreOptions sopts;
  sopts.merge_on_root = args.merge_on_root;
  sopts.merge_window_days = args.window;
  auto store = Store::open(ctx.global.store, sopts);
  if (!store) {
    ctx.diagnose(store.error());
    return exit_code_for(store.error().code);
  }
  size_t added = 0, unchanged = 0, replaced = 0, events = 0;
  int store_failure = 0;
  const int code = run_stories(
      ctx, pipeline.value(), args.inputs, ropts, args.story.threads(), [&](StoryResult&& r) {
        if (store_failure != 0) return;
        auto outcome = store->ingest(r.doc, r.coded.events);
        if (!outcome) {
          Error e = outcome.error();
          if (e.where.empty()) e.where = r.doc.origin.empty() ? r.doc.id : r.doc.origin;
          ctx.diagnose(e);
          // A write failure (full disk, read-only file) stops the run: later stories would
          // fail the same way. A story the store refuses is skipped.
          if (e.code == Errc::Io) store_failure = kExitIoErr;
          return;
        }
        switch (outcome.value()) {
          case IngestOutcome::Added: ++added; break;
          case IngestOutcome::Unchanged: ++unchanged; break;
          case IngestOutcome::Replaced: ++replaced; break;
        }
        events += r.coded.events.size();
      });
  if (!ctx.global.quiet) {
    auto stats = store->stats();
    *ctx.err << "ingested " << (added + unchanged + replaced) << " stories (" << added
             << " added, " << unchanged << " unchanged, " << replaced << " replaced), " << events
             << " events coded";
    if (stats) {
      *ctx.err << "; store " << store->path() << ": " << stats->stories << " stories, "
               << stats->events << " merged events, " << stats->actors << " actors";
    }
    *ctx.err << "\n";
  }
  if (store_failure != 0) return store_failure;
  // Leave a fresh graph snapshot (best effort) so that the first query after this loads fast.
  if (added + replaced > 0)
    if (auto g = KnowledgeGraph::load(*store); g && !g->from_snapshot()) (void)g->save_snapshot(*store);
  return code;
}

}  // namespace

Registered register_ingest(CLI::App& app) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Extract events from stories and merge them into the store (--store, default "
      "./entente.db); re-ingesting a story is idempotent");
  cmd->add_option("inputs", args->inputs, "Story files, folders, or - for standard input");
  args->story.add_to(*cmd, true);
  cmd->add_flag("--merge-on-root", args->merge_on_root,
                "Merge events of the same dyad and CAMEO root (not only the same code)");
  cmd->add_option("--merge-window", args->window,
                  "Day-dated events of the same dyad and code at most this many days apart "
                  "are one event")
      ->capture_default_str()
      ->check(CLI::Range(0, 365));
  return {cmd, [args](Context& ctx) { return run_ingest(ctx, *args); }};
}

}  // namespace entente::cli
