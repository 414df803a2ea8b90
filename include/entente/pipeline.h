// entente pipeline: reads stories (text files, JSON Lines, CSV and TSV collections, folders,
// stdin) and
// runs them through every stage: segment -> time -> actors -> events.
// Pipeline position: the library's main entry; the CLI maps flags onto PipelineOptions.
// Thread safety: a Pipeline is immutable after create(); process() may run concurrently.
#pragma once

#include <array>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "entente/code.h"
#include "entente/core.h"
#include "entente/lexicon.h"
#include "entente/match.h"
#include "entente/temporal.h"
#include "entente/text.h"

namespace entente {

// The story fields a collection's columns map onto.
enum class StoryField {
  Id,      // the story id
  Title,   // the headline
  Date,    // the publication date
  Text,    // the story's text (required)
  Source,  // the publisher
  Url,     // the story's address
};
constexpr size_t kStoryFields = 6;

// "id", "title", "date", "text", "source" or "url".
std::string_view story_field_name(StoryField field);

// How the CSV and TSV readers find a field's column in the header row. Header cells are folded
// (ASCII lower case, surrounding spaces dropped, inner spaces and hyphens as '_') and compared
// with folded names.
struct ColumnNames {
  // Per field (index: StoryField), the names accepted, in order of preference (data "columns").
  // An empty list accepts the field's own name ("text").
  std::array<std::vector<std::string>, kStoryFields> names;
  // Per field, the one header name to use (--columns text=body); empty: look through `names`.
  std::array<std::string, kStoryFields> forced;
};

// Merges every "columns" data file (built-in first, then --lexicon files, whose names are
// appended). Fails with InvalidData "file#/columns/FIELD/N" when one name is claimed by two
// fields. No columns file gives empty lists.
[[nodiscard]] Result<ColumnNames> load_column_names(const Lexicon& lexicon);

// Reads a --columns value, "field=NAME[,field=NAME...]" (e.g. "text=body,date=pubdate"), into
// columns.forced. Fails with InvalidInput naming the unknown field or the malformed item.
[[nodiscard]] Result<void> parse_column_spec(std::string_view spec, ColumnNames& columns);

// How the reader of saved web pages finds the article (data "html", lower-case names in order
// of preference; empty lists skip nothing and know no metadata).
struct PageRules {
  std::vector<std::string> skip_elements;     // elements never part of the article ("nav")
  std::vector<std::string> skip_class_words;  // class/id parts marking a non-article element
  std::vector<std::string> date_meta;         // <meta> names of the publication date
  std::vector<std::string> title_meta;        // <meta> names of the headline
  std::vector<std::string> source_meta;       // <meta> names of the publisher
};

// Merges every "html" data file (built-in first, then --lexicon files). Fails with
// InvalidData "file#/key/N" for a list of the wrong type.
[[nodiscard]] Result<PageRules> load_page_rules(const Lexicon& lexicon);

// The reader of a story file.
enum class StoryFormat {
  Auto,   // by the file name (after .gz/.bz2); a name of no known format is Text, except a bare
          // compressed name and standard input, which are JSON Lines when they start with '{'
  Text,   // .txt: the file is one story
  Jsonl,  // .jsonl, .ndjson: one story a line
  Csv,    // .csv: one story a row after the header row
  Tsv,    // .tsv: the same, tab-separated
  Xml,    // .xml, .nitf: NITF or NewsML-G2
  Html,   // .html, .htm: a saved web page
};

// "text", "jsonl", "csv", "tsv", "xml" or "html" (what --format takes); fails with
// InvalidInput naming the formats.
[[nodiscard]] Result<StoryFormat> parse_story_format(std::string_view name);

struct ReadOptions {
  Limits limits;        // max_document_bytes and max_line_bytes apply per story/line
  ColumnNames columns;  // header names of CSV/TSV columns (load_column_names, --columns)
  PageRules page;       // how web pages are read (load_page_rules)
  StoryFormat format = StoryFormat::Auto;  // --format: the reader of every file and of stdin
  bool lenient_utf8 = false;               // replace invalid UTF-8 with U+FFFD instead of rejecting
  std::istream* stdin_stream = nullptr;    // what "-" reads; null: "-" is an error
};

// Reads stories from `inputs` (files, folders read recursively in sorted order, or "-") in
// order, calling `on_story` for each good one and `on_problem` for each rejected story or
// unreadable input (the run goes on). `.txt` files are one story each (id = file name, or the
// path below the folder); `.jsonl` files hold one story a line (id, title, date, text,
// source, url; unknown fields ignored); `.csv` and `.tsv` files (RFC 4180 quoting, a header
// row; TSV quotes as CSV does) one story a row, columns found through options.columns (id
// default: file name and line). Problems name the file and line (a CSV row: the line it
// starts on). Returns the number of problems; `on_story` returning false stops the reading.
size_t read_stories(const std::vector<std::string>& inputs, const ReadOptions& options,
                    const std::function<bool(Document&&)>& on_story,
                    const std::function<void(const Error&)>& on_problem);

// Reads stories from one in-memory text: a JSON Lines collection when every non-empty line is a
// JSON object, else one plain-text story with id `name`.
size_t read_stories_from_text(std::string_view name, std::string_view bytes,
                              const ReadOptions& options,
                              const std::function<bool(Document&&)>& on_story,
                              const std::function<void(const Error&)>& on_problem);

struct PipelineOptions {
  LexiconOptions lexicon;                // data folder and --lexicon files
  SegmenterOptions segmenter;            // sentence limits
  TemporalOptions temporal;              // --prefer, --date-order
  MatchOptions match;                    // coreference on/off
  CodeOptions code;                      // negated events kept or dropped
  std::optional<CivilDate> default_dct;  // --dct: used when a story has no date nor dateline
};

// Everything the stages found in one story.
struct StoryResult {
  Document doc;
  Segmentation segmentation;
  std::vector<TimeExpr> times;
  std::vector<ActorMention> actors;
  CodedStory coded;
};

class Pipeline {
 public:
  // Loads the lexicon and builds every stage. Fails with the first data problem (InvalidData
  // naming file#/pointer) or NotFound for a missing data folder or --lexicon file.
  [[nodiscard]] static Result<Pipeline> create(const PipelineOptions& options);
  ~Pipeline();
  Pipeline(Pipeline&&) noexcept;
  Pipeline& operator=(Pipeline&&) noexcept;

  // Runs every stage on `doc`. Sets doc.dct from its dateline or the default DCT when the
  // metadata gave none. Fails with InvalidInput / LimitExceeded for a story it cannot read.
  [[nodiscard]] Result<StoryResult> process(Document doc) const;

  // Runs process() over `docs` with `threads` workers; calls `sink` in input order.
  // The output does not depend on `threads`.
  void process_all(std::vector<Document>&& docs, size_t threads,
                   const std::function<void(Result<StoryResult>&&)>& sink) const;

  const Lexicon& lexicon() const;
  const ActorMatcher& actors() const;
  const EventCoder& coder() const;

 private:
  struct Impl;
  explicit Pipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Loads every data file and builds every stage, collecting all problems (validate-data).
std::vector<Error> validate_data(const LexiconOptions& options);

}  // namespace entente
