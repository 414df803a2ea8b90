// `entente ingest`: extract events from stories and merge them into the store, one
// transaction per story (an interrupted run keeps every story committed before it).
// `ingest --events` merges events that `entente extract` printed elsewhere (another machine,
// Dask, Spark, Hadoop Streaming) without extracting again.
#include <fstream>
#include <iostream>
#include <memory>
#include <ostream>

#include "cli/args.h"
#include "cli/json_out.h"
#include "entente/graph.h"
#include "entente/io.h"
#include "entente/store.h"

namespace entente::cli {
namespace {

// Counts what the store did and stops the run on a write failure.
struct IngestTally {
  size_t added = 0, unchanged = 0, replaced = 0, events = 0;
  int store_failure = 0;

  // Records `outcome` for a story whose input is `where`.
  void add(Context& ctx, Result<IngestOutcome>&& outcome, const std::string& where, size_t n) {
    if (!outcome) {
      Error e = outcome.error();
      if (e.where.empty()) e.where = where;
      ctx.diagnose(e);
      // A write failure (full disk, read-only file, server gone) stops the run: later stories
      // would fail the same way. A story the store refuses is skipped.
      if (e.code == Errc::Io) store_failure = kExitIoErr;
      return;
    }
    switch (outcome.value()) {
      case IngestOutcome::Added:
        ++added;
        break;
      case IngestOutcome::Unchanged:
        ++unchanged;
        break;
      case IngestOutcome::Replaced:
        ++replaced;
        break;
    }
    events += n;
  }

  // Prints the summary, refreshes the graph snapshot and returns the exit code.
  int finish(Context& ctx, Store& store, int code, const char* what) const {
    if (!ctx.global.quiet) {
      auto stats = store.stats();
      *ctx.err << "ingested " << (added + unchanged + replaced) << " stories (" << added
               << " added, " << unchanged << " unchanged, " << replaced << " replaced), " << events
               << what;
      if (stats) {
        *ctx.err << "; store " << store.path() << ": " << stats->stories << " stories, "
                 << stats->events << " merged events, " << stats->actors << " actors";
      }
      *ctx.err << "\n";
    }
    if (store_failure != 0) return store_failure;
    // Leave a fresh graph snapshot (best effort) so that the first query after this loads fast.
    if (added + replaced > 0)
      if (auto g = KnowledgeGraph::load(store); g && !g->from_snapshot())
        (void)g->save_snapshot(store);
    return code;
  }
};

std::optional<Store> open_store(Context& ctx, const IngestArgs& args, int& code) {
  StoreOptions sopts;
  sopts.merge_on_root = args.merge_on_root;
  sopts.merge_window_days = args.window;
  auto store = Store::open(ctx.global.store, sopts);
  if (!store) {
    ctx.diagnose(store.error());
    code = exit_code_for(store.error().code);
    return std::nullopt;
  }
  return std::move(store).value();
}

int run_ingest_stories(Context& ctx, const IngestArgs& args) {
  ReadOptions ropts;
  int failed = kExitOk;
  auto pipeline = build_pipeline(ctx, args.story, ropts, failed);
  if (!pipeline) return failed;
  auto store = open_store(ctx, args, failed);
  if (!store) return failed;
  IngestTally tally;
  const int code = run_stories(
      ctx, pipeline.value(), args.inputs, ropts, args.story.threads(), [&](StoryResult&& r) {
        if (tally.store_failure != 0) return;
        tally.add(ctx, store->ingest(r.doc, r.coded.events),
                  r.doc.origin.empty() ? r.doc.id : r.doc.origin, r.coded.events.size());
      });
  return tally.finish(ctx, *store, code, " events coded");
}

// One story of an event stream: announced by a story line, or the run of events that share a
// document id.
struct PendingStory {
  std::optional<StoryHeader> header;
  std::vector<Event> events;
  std::string lines;  // the event lines, for the content hash of a story without a header
  std::string where;  // "file:line" of its first line
  bool broken = false;
  bool empty() const { return !header && events.empty(); }
};

int run_ingest_events(Context& ctx, const IngestArgs& args) {
  if (!args.inputs.empty()) {
    ctx.diagnose(make_error(Errc::InvalidInput, "give stories or --events, not both"));
    return kExitUsage;
  }
  std::ifstream file;
  std::istream* in = &std::cin;
  const std::string name = args.events == "-" ? std::string("<stdin>") : args.events;
  if (args.events != "-") {
    file.open(args.events, std::ios::binary);
    if (!file) {
      ctx.diagnose(make_error(Errc::NotFound, "cannot open the events file", args.events));
      return kExitNoInput;
    }
    in = &file;
  }
  int code = kExitOk;
  auto store = open_store(ctx, args, code);
  if (!store) return code;
  IngestTally tally;
  PendingStory p;
  auto reject = [&](const std::string& where, const std::string& message) {
    ctx.diagnose(make_error(Errc::InvalidInput, message, where));
    code = kExitDataErr;
  };
  // Whole stories go to the store in batches, one transaction each.
  std::vector<Store::BatchStory> batch;
  size_t batch_events = 0;
  auto write_batch = [&] {
    if (batch.empty()) return;
    auto outcomes = store->ingest_batch(batch);
    for (size_t i = 0; i < batch.size(); ++i)
      tally.add(ctx, std::move(outcomes[i]), batch[i].where, batch[i].events.size());
    batch.clear();
    batch_events = 0;
  };
  auto flush = [&] {
    if (p.empty() || tally.store_failure != 0) {
      p = PendingStory{};
      return;
    }
    if (p.broken) {
      // Already reported; a story is stored whole or not at all.
    } else if (p.header && p.events.size() != p.header->events)
      reject(p.where, "story " + quote_for_message(p.header->id) + " announced " +
                          std::to_string(p.header->events) + " events but " +
                          std::to_string(p.events.size()) +
                          " followed (a cut stream?); the story is not stored");
    else {
      StoredStory s;
      if (p.header) {
        s = {p.header->id,     p.header->title, p.header->published,
             p.header->source, p.header->hash,  0};
      } else {
        // Without a story line the events are the content: the same events are unchanged.
        const Event& e = p.events.front();
        Document d;
        d.title = e.doc_title;
        d.text = p.lines;
        s = {e.doc_id, e.doc_title, e.doc_published, e.doc_source, story_content_hash(d), 0};
      }
      batch_events += p.events.size();
      batch.push_back({std::move(s), std::move(p.events), p.where});
      if (batch.size() >= args.batch || batch_events >= 20 * args.batch) write_batch();
    }
    p = PendingStory{};
  };
  std::string line;
  for (size_t lineno = 1; std::getline(*in, line); ++lineno) {
    if (tally.store_failure != 0) break;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const std::string where = name + ":" + std::to_string(lineno);
    if (is_story_json(line)) {
      flush();
      auto h = parse_story_json(line);
      p.where = where;
      if (!h) {
        reject(where, h.error().message);
        p.broken = true;
        p.header = StoryHeader{};  // its events are skipped with it
        p.header->events = UINT64_MAX;
        continue;
      }
      p.header = std::move(h).value();
      continue;
    }
    auto e = parse_event_json(line);
    if (!e) {
      reject(where, e.error().message + "; the story is not stored");
      p.broken = true;
      continue;
    }
    if (e->doc_id.empty()) {
      reject(where, "event " + quote_for_message(e->id) + " has no \"doc\" id");
      p.broken = true;
      continue;
    }
    if (p.header) {
      if (e->doc_id != p.header->id && !p.broken) {
        reject(where, "event " + quote_for_message(e->id) + " of story " +
                          quote_for_message(e->doc_id) + " follows the story line of " +
                          quote_for_message(p.header->id));
        p.broken = true;
      }
    } else if (!p.events.empty() && p.events.front().doc_id != e->doc_id) {
      flush();
    }
    if (p.empty()) p.where = where;
    p.lines += line;
    p.lines += '\n';
    p.events.push_back(std::move(e).value());
  }
  if (in->bad()) {
    ctx.diagnose(make_error(Errc::Io, "cannot read the events", name));
    code = kExitIoErr;
  }
  flush();
  write_batch();
  return tally.finish(ctx, *store, code, " events read");
}

}  // namespace

int run_ingest(Context& ctx, const IngestArgs& args) {
  return args.events.empty() ? run_ingest_stories(ctx, args) : run_ingest_events(ctx, args);
}

}  // namespace entente::cli
