// Private to the CLI: the arguments of each subcommand as a plain struct, filled by the flags
// that app.cc declares (the only file that includes CLI11), and the function that runs it.
// Each run function returns the exit code (commands.h) and writes only to ctx's streams.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/json_out.h"
#include "cli/query_common.h"
#include "entente/store.h"
#include "entente/syntax.h"
#include "entente/text.h"

namespace entente::cli {

struct SentencesArgs {
  std::vector<std::string> inputs;
  bool json = false;
  bool lenient_utf8 = false;
  size_t max_story_bytes = Limits{}.max_document_bytes;
  size_t max_sentence_tokens = SegmenterOptions{}.max_sentence_tokens;
  std::string columns;  // --columns
  std::string format;   // --format: the story reader; empty: by file name
};
// sentences_cmd.cc
int run_sentences(Context& ctx, const SentencesArgs& args);

struct TimeArgs {
  std::string text;
  bool has_text = false;
  std::vector<std::string> inputs;
  StoryOptions story;
};
// time_cmd.cc
int run_time(Context& ctx, const TimeArgs& args);

struct ExtractArgs {
  std::vector<std::string> inputs;
  StoryOptions story;
  bool stories = false;  // --stories: a story line before each story's events
};
// extract_cmd.cc
int run_extract(Context& ctx, const ExtractArgs& args);

struct AnnotateArgs {
  std::string text;
  std::vector<std::string> inputs;
  StoryOptions story;
  bool tokens = true;
};
// extract_cmd.cc
int run_annotate(Context& ctx, const AnnotateArgs& args);

struct IngestArgs {
  std::vector<std::string> inputs;
  std::string events;  // --events FILE or -
  StoryOptions story;
  bool merge_on_root = false;
  int window = StoreOptions{}.merge_window_days;
  size_t batch = 100;  // --batch: stories per transaction with --events
};
// ingest_cmd.cc
int run_ingest(Context& ctx, const IngestArgs& args);

struct TimelineArgs {
  QueryArgs q;
  std::vector<std::string> actors;
  std::string by = "month";
  bool no_events = false;
};
// query_cmd.cc
int run_timeline(Context& ctx, const TimelineArgs& a);

struct PathArgs {
  QueryArgs q;
  std::string from, to;
  size_t max_hops = 6;
  size_t k = 1;
  std::string weight = "hops";
  std::string direction = "any";  // any | out | in
  bool temporal = false;
  bool strict = false;
};
// query_cmd.cc
int run_path(Context& ctx, const PathArgs& a);

struct NeighborArgs {
  QueryArgs q;
  std::string actor;
  int depth = 1;
  std::string direction = "any";  // any | out | in
};
// query_cmd.cc
int run_neighbors(Context& ctx, const NeighborArgs& a);

struct StatsArgs {
  std::string format = "table";
  size_t top = 10;
  bool include_negated = false;
};
// query_cmd.cc
int run_stats(Context& ctx, const StatsArgs& a);

struct ExportArgs {
  QueryArgs q;
  std::string output;
  std::string shape = "events";
  std::vector<std::string> actors;
  int depth = 1;
  std::string by = "month";
  std::string title;
  size_t max_nodes = 100;
};
// export_cmd.cc
int run_export(Context& ctx, const ExportArgs& a);

struct ActorsArgs {
  bool json = false;
};
// actors_cmd.cc
int run_actors(Context& ctx, const ActorsArgs& args);

struct ValidateArgs {
  std::string dir;
  std::vector<std::string> files;
};
// validate_cmd.cc
int run_validate(Context& ctx, const ValidateArgs& args);

struct ParseArgs {
  std::vector<std::string> inputs;
  std::string format = "conllu";  // conllu | json
  std::string input = "text";     // text | conllu
  std::string model;              // --model FILE; empty: the built-in model
  bool lenient_utf8 = false;
  size_t max_story_bytes = Limits{}.max_document_bytes;
  std::string columns;  // --columns
};
// parse_cmd.cc
int run_parse(Context& ctx, const ParseArgs& args);

struct TrainParserArgs {
  std::string train, dev, output;
  TrainOptions options;
};
// parse_cmd.cc
int run_train_parser(Context& ctx, TrainParserArgs& args);

}  // namespace entente::cli
