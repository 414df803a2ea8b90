// entente: news stories to a dated knowledge graph of diplomatic events.
// The command line: the only file that includes CLI11. It declares every subcommand's flags
// onto its Args struct (cli/args.h), runs the chosen subcommand and maps failures to exit
// codes; the subcommands themselves live in *_cmd.cc and never see CLI11.

// GCC 12 reports a "potential null pointer dereference" in std::string once CLI11's string
// splitting is inlined at -O2. The warning points into the standard headers, so the pragma
// covers every include here (third-party and standard code only), not the code below.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <clocale>
#include <functional>
#include <iostream>
#include <locale>
#include <memory>

#include "cli/args.h"
#include "cli/commands.h"
#pragma GCC diagnostic pop

namespace entente::cli {
namespace {

// A subcommand's CLI11 app and the function that runs it once the flags are parsed.
using RunFn = std::function<int(Context&)>;
struct Registered {
  CLI::App* app;
  RunFn run;
};

// Flags of every command that reads stories (StoryOptions).
void add_story_options(CLI::App& app, StoryOptions& s, bool with_jobs) {
  app.add_option("--dct", s.dct,
                 "Publication date (YYYY-MM-DD) for stories with neither a date field nor a "
                 "dateline");
  app.add_option("--prefer", s.prefer,
                 "Direction of underspecified dates: news (from the tense), past, future, "
                 "nearest")
      ->check(CLI::IsMember({"news", "past", "future", "nearest"}))
      ->capture_default_str();
  app.add_option("--date-order", s.date_order, "Reading of numeric dates like 08/07/2023")
      ->check(CLI::IsMember({"mdy", "dmy"}))
      ->capture_default_str();
  app.add_flag("--lenient-utf8", s.lenient_utf8,
               "Replace invalid UTF-8 with U+FFFD instead of rejecting the story");
  app.add_option("--max-story-bytes", s.max_story_bytes, "Largest story accepted, in bytes")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--columns", s.columns,
                 "CSV/TSV header names of story fields, e.g. text=body,date=pubdate (fields: id, "
                 "title, date, text, source, url; default: data/text/columns.json)")
      ->type_name("FIELD=NAME,...");
  app.add_option("--format", s.format,
                 "Read every input as this format, whatever its name: text, jsonl, csv, tsv, xml "
                 "(NITF, NewsML-G2), html (default: by the file name)")
      ->check(CLI::IsMember({"text", "jsonl", "csv", "tsv", "xml", "html"}));
  app.add_flag("--drop-negated", s.drop_negated, "Leave out events the text denies");
  app.add_option("--parser-model", s.parser_model,
                 "Parser model file (from `entente train-parser`); default: the model built in")
      ->type_name("FILE");
  if (with_jobs) {
    app.add_option("-j,--jobs", s.jobs,
                   "Worker threads (default: all cores); output order and "
                   "content do not depend on it");
  }
}

// Flags every query shares: filters and the output format (QueryArgs).
void add_query_options(CLI::App& sub, QueryArgs& q, const std::string& formats) {
  sub.add_option("--format", q.format, formats)->capture_default_str();
  sub.add_option("--from", q.from, "Only events on or after this day (YYYY-MM-DD)");
  sub.add_option("--to", q.to, "Only events on or before this day (YYYY-MM-DD)");
  sub.add_option("--codes", q.codes, "CAMEO codes or roots, comma-separated (036,04)");
  sub.add_option("--quad", q.quads, "QuadClasses, comma-separated (1,2)");
  sub.add_flag("--include-negated", q.include_negated, "Keep negated events in the graph");
}

Registered register_sentences(CLI::App& app) {
  auto args = std::make_shared<SentencesArgs>();
  CLI::App* sub = app.add_subcommand(
      "sentences", "Split stories into sentences: one sentence a line (--json: with byte spans)");
  sub->add_option(
      "inputs", args->inputs,
      "Story files (.txt, .jsonl, .csv, .tsv, .xml, .html; .gz, .bz2), folders, or - for stdin");
  sub->add_flag("--json", args->json,
                "One JSON object a line: {\"doc\",\"index\",\"begin\",\"end\",\"text\"}");
  sub->add_flag("--lenient-utf8", args->lenient_utf8,
                "Replace invalid UTF-8 with U+FFFD instead of rejecting the story");
  sub->add_option("--max-story-bytes", args->max_story_bytes, "Largest story accepted, in bytes")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--columns", args->columns,
                  "CSV/TSV header names of story fields, e.g. text=body,date=pubdate (fields: id, "
                  "title, date, text, source, url; default: data/text/columns.json)")
      ->type_name("FIELD=NAME,...");
  sub->add_option("--format", args->format,
                  "Read every input as this format, whatever its name: text, jsonl, csv, tsv, xml "
                  "(NITF, NewsML-G2), html (default: by the file name)")
      ->check(CLI::IsMember({"text", "jsonl", "csv", "tsv", "xml", "html"}));
  sub->add_option("--max-sentence-tokens", args->max_sentence_tokens,
                  "Longer sentences are cut at this many tokens")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  return {sub, [args](Context& ctx) { return run_sentences(ctx, *args); }};
}

Registered register_time(CLI::App& app) {
  auto args = std::make_shared<TimeArgs>();
  CLI::App* sub = app.add_subcommand(
      "time",
      "Print the time expressions of a text or of stories, one JSON object a line: text, "
      "begin, end (bytes), value (TIMEX3), granularity, mod, date_begin, date_end");
  sub->add_option("--text", args->text, "The text to read (instead of files)");
  sub->add_option(
      "inputs", args->inputs,
      "Story files (.txt, .jsonl, .csv, .tsv, .xml, .html; .gz, .bz2), folders, or - for stdin");
  add_story_options(*sub, args->story, false);
  return {sub, [args, sub](Context& ctx) {
            args->has_text = sub->count("--text") > 0;
            return run_time(ctx, *args);
          }};
}

Registered register_extract(CLI::App& app) {
  auto args = std::make_shared<ExtractArgs>();
  CLI::App* cmd = app.add_subcommand(
      "extract", "Code the events of stories and print them as JSON Lines (one event a line)");
  cmd->add_option("inputs", args->inputs,
                  "Story files (.txt: one story; .jsonl, .csv, .tsv, NITF/NewsML-G2 .xml, .html; "
                  ".gz, .bz2), folders (read "
                  "recursively), or - for standard input (the default)");
  add_story_options(*cmd, args->story, true);
  cmd->add_flag("--stories", args->stories,
                "Also print a {\"story\": {...}} line before each story's events (every story, "
                "with or without events), so that `ingest --events` stores exactly what `ingest` "
                "would");
  cmd->footer(
      "Each event: id, date (TIMEX3), date_begin, date_end, source, target, code, root, label, "
      "goldstein, quad_class, plover, negated, doc, sentence, span, text "
      "(schemas/event.schema.json).");
  return {cmd, [args](Context& ctx) { return run_extract(ctx, *args); }};
}

Registered register_annotate(CLI::App& app) {
  auto args = std::make_shared<AnnotateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "annotate",
      "Show what each stage found, one JSON object per sentence: tokens, time expressions, "
      "actor mentions (and how they were resolved), actions (with the words read as source, "
      "target and date, and why an action gave no event), events and the dependency tree");
  cmd->add_option("--text", args->text, "Annotate this text instead of files");
  cmd->add_option("inputs", args->inputs, "Story files, folders or - (standard input)");
  add_story_options(*cmd, args->story, false);
  return {cmd, [args](Context& ctx) { return run_annotate(ctx, *args); }};
}

Registered register_ingest(CLI::App& app) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Extract events from stories and merge them into the store (--store, default "
      "./entente.db); re-ingesting a story is idempotent");
  cmd->add_option("inputs", args->inputs, "Story files, folders, or - for standard input");
  cmd->add_option("--events", args->events,
                  "Merge events printed by `entente extract` (best with --stories) from FILE or "
                  "- (standard input) instead of extracting stories");
  cmd->add_option("--batch", args->batch,
                  "With --events: whole stories written per transaction (fewer commits; a "
                  "story the store refuses is still left out alone)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  add_story_options(*cmd, args->story, true);
  cmd->add_flag("--merge-on-root", args->merge_on_root,
                "Merge events of the same dyad and CAMEO root (not only the same code)");
  cmd->add_option("--merge-window", args->window,
                  "Day-dated events of the same dyad and code at most this many days apart "
                  "are one event")
      ->capture_default_str()
      ->check(CLI::Range(0, 365));
  return {cmd, [args](Context& ctx) { return run_ingest(ctx, *args); }};
}

Registered register_timeline(CLI::App& app) {
  auto args = std::make_shared<TimelineArgs>();
  auto* sub = app.add_subcommand("timeline", "An actor's or a dyad's events, bucketed by period");
  sub->add_option("actors", args->actors, "Actor A [and B]: a code (USA, CHNGOV) or a name")
      ->required()
      ->expected(1, 2);
  sub->add_option("--by", args->by, "Bucket: day, week, month, quarter or year")
      ->capture_default_str();
  sub->add_flag("--no-events", args->no_events, "JSON: leave out the list of events");
  add_query_options(*sub, args->q, "table|json|csv|svg");
  return {sub, [args](Context& ctx) { return run_timeline(ctx, *args); }};
}

Registered register_path(CLI::App& app) {
  auto args = std::make_shared<PathArgs>();
  auto* sub = app.add_subcommand(
      "path",
      "Shortest or time-respecting paths between two actors (either way unless --direction)");
  sub->add_option("from", args->from, "Start actor (code or name)")->required();
  sub->add_option("to", args->to, "End actor (code or name)")->required();
  sub->add_option("--max-hops", args->max_hops, "Longest path reported")->capture_default_str();
  sub->add_option("--k", args->k, "Number of paths (shortest first)")->capture_default_str();
  sub->add_option("--weight", args->weight, "hops, cooperation or conflict")->capture_default_str();
  sub->add_flag("--temporal", args->temporal,
                "Time-respecting journey: earliest arrival, fewest hops among those");
  sub->add_flag("--strict", args->strict, "Temporal: each event strictly after the previous one");
  sub->add_option("--direction", args->direction,
                  "any (a hop follows an event either way), out (from each event's source to its "
                  "target) or in (from target to source)")
      ->capture_default_str();
  add_query_options(*sub, args->q, "table|json|csv");
  return {sub, [args](Context& ctx) { return run_path(ctx, *args); }};
}

Registered register_neighbors(CLI::App& app) {
  auto args = std::make_shared<NeighborArgs>();
  auto* sub = app.add_subcommand("neighbors", "Actors within N hops of an actor");
  sub->add_option("actor", args->actor, "Actor (code or name)")->required();
  sub->add_option("--depth", args->depth, "Hops")->capture_default_str();
  sub->add_option("--direction", args->direction,
                  "any (events either way), out (actors the events went to) or in (actors they "
                  "came from)")
      ->capture_default_str();
  add_query_options(*sub, args->q, "table|json|csv");
  return {sub, [args](Context& ctx) { return run_neighbors(ctx, *args); }};
}

Registered register_stats(CLI::App& app) {
  auto args = std::make_shared<StatsArgs>();
  auto* sub = app.add_subcommand("stats", "Counts, date range, top actors and dyads, centrality");
  sub->add_option("--format", args->format, "table or json")->capture_default_str();
  sub->add_option("--top", args->top, "How many top actors and dyads")->capture_default_str();
  sub->add_flag("--include-negated", args->include_negated, "Count negated events in the graph");
  return {sub, [args](Context& ctx) { return run_stats(ctx, *args); }};
}

Registered register_export(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  args->q.format = "graphml";
  auto* sub = app.add_subcommand("export", "Write the graph for visualisers and other tools");
  sub->add_option("-o,--output", args->output, "Output file (written atomically); default stdout");
  sub->add_option("--graph", args->shape, "events (one edge per event) or dyads (one per pair)")
      ->capture_default_str();
  sub->add_option("--actor", args->actors,
                  "Only the neighbourhood of actor A [and B]; html: the timeline of A or of the "
                  "dyad A-B")
      ->expected(1, 2);
  sub->add_option("--depth", args->depth, "Neighbourhood depth with --actor")
      ->capture_default_str();
  sub->add_option("--by", args->by, "html: timeline bucket (day, week, month, quarter, year)")
      ->capture_default_str();
  sub->add_option("--title", args->title, "html: the report's title");
  sub->add_option("--max-nodes", args->max_nodes, "html: most actors drawn in the network")
      ->capture_default_str();
  add_query_options(*sub, args->q, "graphml|gexf|json|csv|dot|html|icews|phoenix|gdelt|neo4j");
  return {sub, [args](Context& ctx) { return run_export(ctx, *args); }};
}

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

Registered register_actors(CLI::App& app) {
  auto args = std::make_shared<ActorsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "actors",
      "What the actor lexicon covers: entries per kind and sector, dated roles per decade");
  cmd->add_flag("--json", args->json, "One JSON object instead of tables");
  return {cmd, [args](Context& ctx) { return run_actors(ctx, *args); }};
}

Registered register_parse(CLI::App& app) {
  auto args = std::make_shared<ParseArgs>();
  CLI::App* sub = app.add_subcommand(
      "parse", "Tag, lemmatize and parse stories: CoNLL-U (UD) or JSON, one sentence at a time");
  sub->add_option(
      "inputs", args->inputs,
      "Story files (.txt, .jsonl, .csv, .tsv, .xml, .html; .gz, .bz2), folders, CoNLL-U files "
      "with --input conllu, or - "
      "for stdin");
  sub->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"conllu", "json"}))
      ->capture_default_str();
  sub->add_option("--input", args->input,
                  "Input kind: raw stories, or CoNLL-U whose tokens are kept and whose "
                  "predicted columns are replaced")
      ->check(CLI::IsMember({"text", "conllu"}))
      ->capture_default_str();
  sub->add_option("--model", args->model, "Parser model file instead of the built-in one");
  sub->add_flag("--lenient-utf8", args->lenient_utf8,
                "Replace invalid UTF-8 with U+FFFD instead of rejecting the story");
  sub->add_option("--max-story-bytes", args->max_story_bytes, "Largest story accepted, in bytes")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub->add_option("--columns", args->columns,
                  "CSV/TSV header names of story fields, e.g. text=body,date=pubdate (fields: id, "
                  "title, date, text, source, url; default: data/text/columns.json)")
      ->type_name("FIELD=NAME,...");
  return {sub, [args](Context& ctx) { return run_parse(ctx, *args); }};
}

Registered register_train_parser(CLI::App& app) {
  auto args = std::make_shared<TrainParserArgs>();
  CLI::App* sub = app.add_subcommand(
      "train-parser", "Train a parser model (tagger, lemmatizer, dependency parser) from CoNLL-U");
  sub->add_option("--train", args->train, "Training treebank (CoNLL-U)")->required();
  sub->add_option("--dev", args->dev, "Development treebank: picks the best training pass");
  sub->add_option("-o,--output", args->output, "Model file to write")->required();
  TrainOptions& o = args->options;
  sub->add_option("--tagger-iterations", o.tagger_iterations, "Passes of the tagger")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  sub->add_option("--parser-iterations", o.parser_iterations, "Passes of the parser")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  sub->add_option("--jackknife", o.jackknife_folds,
                  "Folds for the parser's training tags (0: gold tags)")
      ->capture_default_str()
      ->check(CLI::Range(0, 20));
  sub->add_option("--seed", o.seed, "Seed of shuffling and exploration")->capture_default_str();
  return {sub, [args](Context& ctx) { return run_train_parser(ctx, *args); }};
}

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
      register_sentences(app), register_time(app),        register_annotate(app),
      register_extract(app),   register_ingest(app),      register_timeline(app),
      register_path(app),      register_neighbors(app),   register_stats(app),
      register_export(app),    register_validate(app),    register_actors(app),
      register_parse(app),     register_train_parser(app)};

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
