// Private to the pipeline: what every story reader shares (locations, checks of a story's
// text and date), and the readers of the collection formats kept in their own files.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "entente/pipeline.h"

namespace entente::detail {

// "path:line".
std::string with_line(std::string_view path, size_t line);

// Checks size, NUL bytes and UTF-8 of a story's text; repairs UTF-8 when lenient. A story of a
// collection (`record_line` set) is located at "path:line", a story file at "path:line:col".
[[nodiscard]] Result<void> check_text(std::string& text, std::string_view path,
                                      std::optional<size_t> record_line,
                                      const ReadOptions& options);

// Sets doc.dct from a "date" value: YYYY-MM-DD, or a timestamp whose calendar day it takes
// ("2023-08-29T12:00:00Z", "2023-08-29 12:00"). Fails with InvalidInput at `where`.
[[nodiscard]] Result<void> set_story_date(std::string_view date, Document& doc,
                                          const std::string& where);

// A header cell as the column names are written: ASCII lower case, surrounding spaces dropped,
// inner spaces and hyphens as '_' ("Publish Date" -> "publish_date").
std::string fold_column_name(std::string_view name);

// The text of a story read from structured markup (XML, HTML), as the sentence splitter and
// the dateline reader expect it: the headline, a blank line, the dateline (given a dash when it
// has none) opening the first paragraph, then one paragraph a line. Empty paragraphs are left
// out; without paragraphs the text is the headline and its blank line only.
std::string story_text(const std::string& headline, const std::string& dateline,
                       const std::vector<std::string>& paragraphs);

// Receives each story (or the reason a story was rejected); false stops the reading.
using Deliver = std::function<bool(Result<Document>&&)>;

// Reads a CSV (`delimiter` ',') or TSV ('\t') collection from `in`, streamed: a header row,
// then one story a row (csv_reader.cc). A row that cannot be read is one rejected story; a
// header without a text column rejects the whole file (at its line).
void read_csv(std::string_view path, std::istream& in, char delimiter, const ReadOptions& options,
              const Deliver& deliver);

// Reads a wire-service XML file held in `bytes`: a NITF document, an IPTC NewsML-G2 newsItem or
// a newsMessage of several (xml_reader.cc), one story each. XML that is not well-formed is one
// rejected story at "path:line:col"; an item without body text is rejected at its line.
void read_xml(std::string_view path, std::string_view bytes, const ReadOptions& options,
              const Deliver& deliver);

// Reads a saved web page held in `bytes` (html_reader.cc): the article's paragraphs, its title
// and publication date from the page's metadata, following options.page. A page in which no
// article is found is one rejected story saying why.
void read_html(std::string_view path, std::string_view id, std::string_view bytes,
               const ReadOptions& options, const Deliver& deliver);

}  // namespace entente::detail
