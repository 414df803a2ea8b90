// Private to the CLI: the shared story-reading options of the commands that read stories
// (the JSON forms of the stage outputs are in entente/io.h).
#pragma once

#include <string>

#include "cli/commands.h"
#include "entente/code.h"
#include "entente/io.h"
#include "entente/match.h"
#include "entente/pipeline.h"
#include "entente/temporal.h"

namespace entente::cli {

// Options of every command that reads stories: --dct, --prefer, --date-order,
// --lenient-utf8, --max-story-bytes, --drop-negated, --parser-model, -j (flags declared in app.cc).
struct StoryOptions {
  std::string dct;
  std::string prefer = "news";
  std::string date_order = "mdy";
  bool lenient_utf8 = false;
  size_t max_story_bytes = Limits{}.max_document_bytes;
  size_t jobs = 0;  // 0 = all cores
  bool drop_negated = false;
  std::string parser_model;  // empty: the parser model built into the binary
  bool keep_trees = false;   // the coder returns its trees (annotate)
  std::string columns;       // --columns field=NAME,...: CSV/TSV header names
  std::string format;        // --format: the story reader; empty: by file name

  // Fills pipeline and read options; fails with InvalidInput on a bad --dct.
  Result<void> apply(PipelineOptions& p, ReadOptions& r) const;
  size_t threads() const;
};

// Builds the pipeline from the global options and `story`, filling `read`. On failure it reports
// the problem and sets `code` (64 for a bad option, else the error's exit code).
std::optional<Pipeline> build_pipeline(Context& ctx, const StoryOptions& story, ReadOptions& read,
                                       int& code);

// Sets read.columns from the lexicon's "columns" data and `columns` (--columns), read.page from
// its "html" data and read.format from `format` (--format; empty: by file name). On failure it
// reports the problem and returns its exit code (64 for a bad option, 78 for bad data); returns
// 0 on success.
int apply_reader_options(Context& ctx, const Lexicon& lexicon, const std::string& columns,
                         const std::string& format, ReadOptions& read);

// Flushes standard output; a write failure is reported and gives 74, else `code` is returned.
int finish_output(Context& ctx, int code);

// Reads `inputs` (stdin when empty) through `pipeline`, in chunks, in parallel, calling `sink`
// for each processed story in input order. Reports every problem through ctx. Returns the exit
// code for the problems seen (0 when none).
int run_stories(Context& ctx, const Pipeline& pipeline, const std::vector<std::string>& inputs,
                const ReadOptions& read, size_t threads,
                const std::function<void(StoryResult&&)>& sink);

}  // namespace entente::cli
