// CSV and TSV story collections (RFC 4180): a header row, then one story a row. Quoted fields
// may hold delimiters, doubled quotes and line breaks; TSV is quoted the same way (the
// "excel-tab" dialect). Lines may end in CRLF or LF, mixed. The input is streamed.
#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <map>
#include <vector>

#include "pipeline/read_common.h"

namespace entente::detail {
namespace {

// One record as read: the line it starts on, its fields, and why it cannot be used.
struct Record {
  size_t line = 0;
  size_t count = 0;  // fields in use; `fields` keeps the strings of earlier rows for reuse
  std::vector<std::string> fields;
  size_t bytes = 0;  // bytes of all fields, also those past the limit (not kept)
  Errc code = Errc::InvalidInput;
  std::string error;  // empty: the record was read well
};

// Reads records from a stream through a buffer.
class CsvScanner {
 public:
  CsvScanner(std::istream& in, char delimiter, size_t max_record_bytes)
      : in_(in), delim_(delimiter), limit_(max_record_bytes) {}

  // Reads the next record, skipping blank lines. Returns false at the end of the input.
  bool next(Record& r);

 private:
  enum class End { Field, Record };

  // Makes at least one byte available; false at the end of the input.
  bool fill() {
    if (pos_ < end_) return true;
    if (eof_) return false;
    in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    end_ = static_cast<size_t>(in_.gcount());
    pos_ = 0;
    eof_ = end_ == 0;
    return !eof_;
  }
  void append(std::string& field, const char* data, size_t n, Record& r) const {
    if (r.bytes + n <= limit_) field.append(data, n);
    r.bytes += n;
  }
  std::string& new_field(Record& r) const {
    if (r.count == r.fields.size()) r.fields.emplace_back();
    std::string& f = r.fields[r.count++];
    f.clear();
    return f;
  }
  // Reads a quoted field (the opening quote is consumed); false when it is not closed.
  bool quoted(std::string& f, Record& r);
  // Reads an unquoted field up to a delimiter or a line end, which it consumes.
  End unquoted(std::string& f, Record& r);
  // Consumes what follows a closing quote: a delimiter or a line end. False on anything else.
  bool after_quote(End& end);
  // Consumes the rest of the line, for a record that could not be read.
  void skip_line();

  std::istream& in_;
  const char delim_;
  const size_t limit_;
  std::vector<char> buf_ = std::vector<char>(size_t{1} << 16);
  size_t pos_ = 0, end_ = 0;
  size_t line_ = 1;
  bool eof_ = false;
};

bool CsvScanner::quoted(std::string& f, Record& r) {
  for (;;) {
    if (!fill()) return false;
    const char* p = buf_.data() + pos_;
    const size_t n = end_ - pos_;
    const void* q = std::memchr(p, '"', n);
    const size_t take = q == nullptr ? n : static_cast<size_t>(static_cast<const char*>(q) - p);
    line_ += static_cast<size_t>(std::count(p, p + take, '\n'));
    append(f, p, take, r);
    pos_ += take;
    if (q == nullptr) continue;
    ++pos_;
    if (fill() && buf_[pos_] == '"') {  // a doubled quote stands for one
      append(f, "\"", 1, r);
      ++pos_;
      continue;
    }
    return true;
  }
}

CsvScanner::End CsvScanner::unquoted(std::string& f, Record& r) {
  while (fill()) {
    const char* p = buf_.data() + pos_;
    const size_t n = end_ - pos_;
    size_t i = 0;
    while (i < n && p[i] != delim_ && p[i] != '\n') ++i;
    append(f, p, i, r);
    pos_ += i;
    if (i == n) continue;
    ++pos_;
    if (p[i] == delim_) return End::Field;
    ++line_;
    if (!f.empty() && f.back() == '\r') f.pop_back();
    return End::Record;
  }
  return End::Record;
}

bool CsvScanner::after_quote(End& end) {
  end = End::Record;
  if (!fill()) return true;
  const char c = buf_[pos_];
  if (c == delim_) {
    ++pos_;
    end = End::Field;
    return true;
  }
  if (c == '\r') {
    ++pos_;
    if (!fill() || buf_[pos_] != '\n') return false;
  }
  if (buf_[pos_] != '\n') return false;
  ++pos_;
  ++line_;
  return true;
}

void CsvScanner::skip_line() {
  while (fill()) {
    const char* p = buf_.data() + pos_;
    const void* nl = std::memchr(p, '\n', end_ - pos_);
    if (nl == nullptr) {
      pos_ = end_;
      continue;
    }
    pos_ += static_cast<size_t>(static_cast<const char*>(nl) - p) + 1;
    ++line_;
    return;
  }
}

bool CsvScanner::next(Record& r) {
  for (;;) {
    if (!fill()) return false;
    r.line = line_;
    r.count = 0;
    r.bytes = 0;
    r.code = Errc::InvalidInput;
    r.error.clear();
    bool any_quote = false;
    End end = End::Field;
    while (end == End::Field) {
      std::string& f = new_field(r);
      if (!fill() || buf_[pos_] != '"') {
        end = unquoted(f, r);
        continue;
      }
      any_quote = true;
      ++pos_;
      const size_t open_line = line_;
      if (!quoted(f, r)) {
        r.error = "the quote that opens field " + std::to_string(r.count) + " on line " +
                  std::to_string(open_line) +
                  " is never closed (the rest of the file would be this field)";
        return true;
      }
      if (!after_quote(end)) {
        std::string c(1, pos_ < end_ ? buf_[pos_] : ' ');
        r.error = "field " + std::to_string(r.count) + " has " + quote_for_message(c) +
                  " after its closing quote (write a quote inside a quoted field as \"\")";
        skip_line();
        return true;
      }
    }
    if (r.count == 1 && r.fields[0].empty() && !any_quote) continue;  // a blank line
    if (r.bytes > limit_) {
      r.code = Errc::LimitExceeded;
      r.error = "row is " + std::to_string(r.bytes) + " bytes, over the limit of " +
                std::to_string(limit_);
    }
    return true;
  }
}

std::string header_list(const Record& header) {
  std::string out;
  for (size_t i = 0; i < header.count; ++i) {
    if (i > 0) out += ", ";
    out += header.fields[i];
  }
  return out;
}

// The story of one good row.
Result<Document> row_story(std::string_view path, std::string_view file_name, Record& row,
                           const std::array<std::optional<size_t>, kStoryFields>& col,
                           const Record& header, const ReadOptions& options) {
  const std::string where = with_line(path, row.line);
  if (!row.error.empty()) return make_error(row.code, row.error, where);
  const size_t header_count = header.count;
  if (row.count != header_count) {
    return make_error(Errc::InvalidInput,
                      "row has " + std::to_string(row.count) + " fields, the header has " +
                          std::to_string(header_count) +
                          " (is a field with a delimiter or a line break not quoted?)",
                      where);
  }
  auto cell = [&](StoryField f) -> std::string* {
    const auto& c = col[static_cast<size_t>(f)];
    return c ? &row.fields[*c] : nullptr;
  };
  const size_t text_col = *col[static_cast<size_t>(StoryField::Text)];
  if (row.fields[text_col].find_first_not_of(" \t\r\n") == std::string::npos) {
    return make_error(
        Errc::InvalidInput,
        "row has no text (column " + quote_for_message(header.fields[text_col]) + " is empty)",
        where);
  }
  Document doc;
  if (auto* id = cell(StoryField::Id); id != nullptr && !id->empty()) {
    doc.id = std::move(*id);
  } else {
    doc.id = std::string(file_name) + ":" + std::to_string(row.line);
  }
  if (auto* v = cell(StoryField::Title)) doc.title = std::move(*v);
  if (auto* v = cell(StoryField::Source)) doc.source = std::move(*v);
  if (auto* v = cell(StoryField::Url)) doc.url = std::move(*v);
  if (auto* v = cell(StoryField::Date); v != nullptr && !v->empty()) {
    if (auto ok = set_story_date(*v, doc, where); !ok) return ok.error();
  }
  doc.text = std::move(row.fields[text_col]);
  doc.origin = where;
  if (auto ok = check_text(doc.text, path, row.line, options); !ok) return ok.error();
  return doc;
}

}  // namespace

void read_csv(std::string_view path, std::istream& in, char delimiter, const ReadOptions& options,
              const Deliver& deliver) {
  CsvScanner scan(in, delimiter, options.limits.max_line_bytes);
  Record header;
  if (!scan.next(header)) return;  // an empty file holds no stories
  const std::string header_where = with_line(path, header.line);
  if (!header.error.empty()) {
    deliver(make_error(header.code, "header row: " + header.error, header_where));
    return;
  }
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (header.fields[0].starts_with(kBom)) header.fields[0].erase(0, kBom.size());
  // Folded header name -> its first column: a header of many columns is looked up in log time.
  std::map<std::string, size_t, std::less<>> folded;
  for (size_t i = 0; i < header.count; ++i) folded.emplace(fold_column_name(header.fields[i]), i);
  auto find = [&](std::string_view name) -> std::optional<size_t> {
    auto it = folded.find(name);
    if (it == folded.end()) return std::nullopt;
    return it->second;
  };
  std::array<std::optional<size_t>, kStoryFields> col;
  for (size_t f = 0; f < kStoryFields; ++f) {
    const std::string_view field = story_field_name(static_cast<StoryField>(f));
    if (const auto& forced = options.columns.forced[f]; !forced.empty()) {
      col[f] = find(forced);
      if (!col[f]) {
        deliver(make_error(Errc::InvalidInput,
                           "column " + quote_for_message(forced) + " (--columns " +
                               std::string(field) + "=" + forced +
                               ") is not in the header: " + quote_for_message(header_list(header)),
                           header_where));
        return;
      }
      continue;
    }
    const auto& names = options.columns.names[f];
    if (names.empty()) col[f] = find(field);
    for (const auto& name : names) {
      if ((col[f] = find(name))) break;
    }
  }
  if (!col[static_cast<size_t>(StoryField::Text)]) {
    deliver(make_error(Errc::InvalidInput,
                       "no text column in the header " + quote_for_message(header_list(header)) +
                           "; name it with --columns text=COLUMN",
                       header_where));
    return;
  }
  const std::string file_name = std::filesystem::path(path).filename().string();
  Record row;
  while (scan.next(row)) {
    if (!deliver(row_story(path, file_name, row, col, header, options))) return;
  }
  if (in.bad()) deliver(make_error(Errc::Io, "read error", std::string(path)));
}

}  // namespace entente::detail
