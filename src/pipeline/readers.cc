// Story readers: text files, JSON Lines, CSV and TSV collections, folders and stdin -> Documents.
// Every rejected story becomes one Error naming the file and line; reading goes on.
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <sstream>

#include "entente/pipeline.h"
#include "pipeline/decompress.h"
#include "pipeline/read_common.h"

namespace entente {
namespace {

namespace fs = std::filesystem;
using detail::check_text;
using detail::with_line;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string_view member_string(const rapidjson::Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

// One line of a JSON Lines collection -> a Document, or the reason it was rejected.
// The line is parsed in place (no copy of its strings): `data[size]` must be writable and is
// set to NUL; the bytes of the line are overwritten.
Result<Document> parse_jsonl_line(std::string_view path, size_t lineno, char* data, size_t size,
                                  const ReadOptions& options) {
  std::string_view line(data, size);
  const std::string where = with_line(path, lineno);
  if (auto bad = find_invalid_utf8(line); bad && !options.lenient_utf8) {
    return make_error(Errc::InvalidInput,
                      "invalid UTF-8 at byte " + std::to_string(*bad + 1) + " of the line",
                      where + ":" + std::to_string(*bad + 1));
  }
  std::string repaired;
  if (options.lenient_utf8 && find_invalid_utf8(line)) {
    repaired = repair_utf8(line);
    data = repaired.data();
    size = repaired.size();
    line = repaired;
  }
  // A message quotes at most the first 60 bytes of the line: keep them before the in-place
  // parse overwrites the line (quote_for_message sees the same bytes and a long line's "...").
  constexpr size_t kQuoted = 64;
  char head_bytes[kQuoted];
  const std::string_view head(head_bytes, line.copy(head_bytes, kQuoted));
  data[size] = '\0';
  rapidjson::Document json;
  // Iterative parsing: a deeply nested line cannot exhaust the stack.
  json.ParseInsitu<rapidjson::kParseIterativeFlag>(data);
  if (json.HasParseError()) {
    return make_error(
        Errc::InvalidInput,
        std::string("broken JSON at byte ") + std::to_string(json.GetErrorOffset() + 1) + ": " +
            rapidjson::GetParseError_En(json.GetParseError()) + " in " + quote_for_message(head),
        where);
  }
  if (!json.IsObject()) {
    return make_error(Errc::InvalidInput, "a story must be a JSON object with a \"text\" field",
                      where);
  }
  Document doc;
  auto text_it = json.FindMember("text");
  if (text_it == json.MemberEnd() || !text_it->value.IsString()) {
    return make_error(Errc::InvalidInput, "story has no \"text\" string", where);
  }
  doc.text.assign(text_it->value.GetString(), text_it->value.GetStringLength());
  auto id_it = json.FindMember("id");
  if (id_it != json.MemberEnd() && id_it->value.IsString() && id_it->value.GetStringLength() > 0) {
    doc.id.assign(id_it->value.GetString(), id_it->value.GetStringLength());
  } else if (id_it != json.MemberEnd() && id_it->value.IsInt64()) {
    doc.id = std::to_string(id_it->value.GetInt64());
  } else {
    doc.id = fs::path(path).filename().string() + ":" + std::to_string(lineno);
  }
  doc.title = member_string(json, "title");
  doc.source = member_string(json, "source");
  doc.url = member_string(json, "url");
  if (std::string_view date = member_string(json, "date"); !date.empty()) {
    if (auto ok = detail::set_story_date(date, doc, where); !ok) return ok.error();
  }
  doc.origin = where;
  if (auto ok = check_text(doc.text, path, lineno, options); !ok) return ok.error();
  return doc;
}

// Reads lines from a stream buffer, keeping at most `limit` + 1 bytes of each (the rest of a
// longer line is counted, not kept), so that one huge line cannot exhaust memory.
class LineReader {
 public:
  LineReader(std::streambuf& source, size_t limit) : source_(source), limit_(limit) {}

  // Reads the next line, without its '\n', into `line`; `full` is its length before any cut.
  // Returns false at the end of the input.
  bool next(std::string& line, size_t& full) {
    line.clear();
    full = 0;
    bool any = false;
    for (;;) {
      if (pos_ == end_) {
        const auto got = source_.sgetn(buf_.data(), static_cast<std::streamsize>(buf_.size()));
        if (got <= 0) return any;
        pos_ = 0;
        end_ = static_cast<size_t>(got);
      }
      any = true;
      const char* p = buf_.data() + pos_;
      const void* nl = std::memchr(p, '\n', end_ - pos_);
      const size_t take =
          nl == nullptr ? end_ - pos_ : static_cast<size_t>(static_cast<const char*>(nl) - p);
      if (line.size() <= limit_) line.append(p, std::min(take, limit_ + 1 - line.size()));
      full += take;
      pos_ += take;
      if (nl != nullptr) {
        ++pos_;
        return true;
      }
    }
  }

 private:
  std::streambuf& source_;
  const size_t limit_;
  std::vector<char> buf_ = std::vector<char>(size_t{1} << 16);
  size_t pos_ = 0, end_ = 0;
};

// The format a name says, after any ".gz" or ".bz2": "a.csv.gz" is Csv. A compressed name
// without a known format (a ".gz" of its own) is Sniff; any other name is Text.
StoryFormat format_of_name(const fs::path& path) {
  const bool compressed = detail::compression_of_name(path.string()) != detail::Compression::None;
  const auto ext = (compressed ? path.stem() : path).extension();
  if (ext == ".jsonl" || ext == ".ndjson") return StoryFormat::Jsonl;
  if (ext == ".csv") return StoryFormat::Csv;
  if (ext == ".tsv") return StoryFormat::Tsv;
  if (ext == ".xml" || ext == ".nitf") return StoryFormat::Xml;
  if (ext == ".html" || ext == ".htm") return StoryFormat::Html;
  if (ext == ".txt") return StoryFormat::Text;
  return compressed ? StoryFormat::Auto : StoryFormat::Text;
}

// Whether a folder walk reads the file: a known format, compressed or not.
bool is_story_file(const fs::path& path) {
  const auto ext = path.extension();
  if (ext == ".gz" || ext == ".bz2") return format_of_name(path) != StoryFormat::Auto;
  return ext == ".txt" || ext == ".jsonl" || ext == ".ndjson" || ext == ".csv" || ext == ".tsv" ||
         ext == ".xml" || ext == ".nitf" || ext == ".html" || ext == ".htm";
}

std::string hex_bytes(std::string_view bytes) {
  std::string out;
  char buf[4];
  for (char c : bytes) {
    std::snprintf(buf, sizeof buf, "%s%02X", out.empty() ? "" : " ", static_cast<unsigned char>(c));
    out += buf;
  }
  return out.empty() ? "nothing (an empty file)" : out;
}

struct Reader {
  const ReadOptions& options;
  const std::function<bool(Document&&)>& on_story;
  const std::function<void(const Error&)>& on_problem;
  size_t problems = 0;
  bool stopped = false;

  void problem(Error e) {
    ++problems;
    on_problem(e);
  }

  void deliver(Result<Document>&& doc) {
    if (!doc) {
      problem(doc.error());
      return;
    }
    if (!on_story(std::move(doc.value()))) stopped = true;
  }

  // `lineno`: the lines before the stream's position (a sniffed stream's blank lines).
  void jsonl_stream(std::string_view path, std::istream& in, size_t lineno = 0) {
    LineReader lines(*in.rdbuf(), options.limits.max_line_bytes);
    std::string line;
    size_t full = 0;
    while (!stopped && lines.next(line, full)) {
      ++lineno;
      if (full > options.limits.max_line_bytes) {
        problem(make_error(Errc::LimitExceeded,
                           "line is " + std::to_string(full) + " bytes, over the limit of " +
                               std::to_string(options.limits.max_line_bytes),
                           with_line(path, lineno)));
        continue;
      }
      std::string_view view = line;
      if (lineno == 1 && view.substr(0, kBom.size()) == kBom) view.remove_prefix(kBom.size());
      if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
      if (view.find_first_not_of(" \t") == std::string_view::npos) continue;
      // The view ends inside `line` or at its end, so the byte after it is writable.
      char* data = line.data() + (view.data() - line.data());
      deliver(parse_jsonl_line(path, lineno, data, view.size(), options));
    }
    if (in.bad()) problem(make_error(Errc::Io, "read error", with_line(path, lineno)));
  }

  void text_story(std::string_view id, std::string_view path, std::string bytes) {
    if (std::string_view(bytes).substr(0, kBom.size()) == kBom) bytes.erase(0, kBom.size());
    Document doc;
    doc.id = id;
    doc.origin = path;
    doc.text = std::move(bytes);
    if (auto ok = check_text(doc.text, path, std::nullopt, options); !ok) {
      problem(ok.error());
      return;
    }
    deliver(std::move(doc));
  }

  void file(const fs::path& path, const std::string& id) {
    const std::string name = path.string();
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (!in || ec) {
      problem(
          make_error(Errc::NotFound, "cannot open file (does it exist and is it readable?)", name));
      return;
    }
    // Magic bytes: gzip 1F 8B 08 (deflate), bzip2 "BZh" and a block size digit.
    char head[4];
    in.read(head, sizeof head);
    const std::string_view magic(head, static_cast<size_t>(in.gcount()));
    in.clear();
    in.seekg(0);
    const auto by_name = detail::compression_of_name(name);
    const auto by_magic = detail::sniff_compression(magic);
    const StoryFormat format =
        options.format != StoryFormat::Auto ? options.format : format_of_name(path);
    if (by_name != detail::Compression::None && by_magic == detail::Compression::None) {
      problem(make_error(Errc::InvalidInput,
                         "the name says " + std::string(detail::compression_name(by_name)) +
                             " but the file starts with " + hex_bytes(magic) +
                             ", not with the bytes of " +
                             std::string(detail::compression_name(by_name)) + " data",
                         name));
      return;
    }
    if (by_magic != detail::Compression::None) {
      compressed(id, name, in, by_magic, format);
      return;
    }
    if (format == StoryFormat::Jsonl) {
      jsonl_stream(name, in);
      return;
    }
    if (format == StoryFormat::Csv || format == StoryFormat::Tsv) {
      csv(name, in, format);
      return;
    }
    if (size > options.limits.max_document_bytes) {
      problem(make_error(Errc::LimitExceeded,
                         "story is " + std::to_string(size) + " bytes, over the limit of " +
                             std::to_string(options.limits.max_document_bytes) +
                             " (raise it with --max-story-bytes)",
                         name));
      return;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
      problem(make_error(Errc::Io, "read error", name));
      return;
    }
    whole_file(id, name, format, std::move(ss).str());
  }

  // A format read from the whole file: one text story, or the stories of an XML file.
  void whole_file(std::string_view id, std::string_view name, StoryFormat format,
                  std::string bytes) {
    const detail::Deliver to_reader = [this](Result<Document>&& doc) {
      deliver(std::move(doc));
      return !stopped;
    };
    if (format == StoryFormat::Xml) {
      detail::read_xml(name, bytes, options, to_reader);
    } else if (format == StoryFormat::Html) {
      detail::read_html(name, id, bytes, options, to_reader);
    } else {
      text_story(id, name, std::move(bytes));
    }
  }

  void csv(std::string_view name, std::istream& in, StoryFormat format) {
    detail::read_csv(name, in, format == StoryFormat::Csv ? ',' : '\t', options,
                     [this](Result<Document>&& doc) {
                       deliver(std::move(doc));
                       return !stopped;
                     });
  }

  // A story read from a stream whose size is unknown until its end (decompressed): reading
  // stops as soon as it is over the limit, so a small file cannot unpack into a huge story.
  std::optional<std::string> bounded_story(std::string_view name, std::istream& in,
                                           std::string bytes) {
    char buf[1 << 14];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      const auto got = static_cast<size_t>(in.gcount());
      if (bytes.size() + got > options.limits.max_document_bytes) {
        problem(make_error(Errc::LimitExceeded,
                           "story is over the limit of " +
                               std::to_string(options.limits.max_document_bytes) +
                               " bytes once decompressed (raise it with --max-story-bytes)",
                           std::string(name)));
        return std::nullopt;
      }
      bytes.append(buf, got);
    }
    return bytes;
  }

  // A stream of unknown format: JSON Lines when its first non-blank byte opens an object, else
  // one text story.
  void sniffed(std::string_view id, std::string_view name, std::istream& in,
               const detail::Decompressor& source) {
    std::string lead;
    for (int c = in.peek(); c != std::char_traits<char>::eof(); c = in.peek()) {
      if (c == 0xEF && lead.empty()) {
        char bom[3];
        in.read(bom, sizeof bom);
        lead.assign(bom, static_cast<size_t>(in.gcount()));
        if (lead != kBom) break;
        continue;
      }
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
      lead += static_cast<char>(in.get());
    }
    if (in.peek() == '{') {
      jsonl_stream(name, in, static_cast<size_t>(std::count(lead.begin(), lead.end(), '\n')));
      return;
    }
    auto bytes = bounded_story(name, in, std::move(lead));
    if (bytes && source.error().empty()) text_story(id, name, std::move(*bytes));
  }

  // A gzip or bzip2 file (or standard input), decompressed as it is read.
  void compressed(std::string_view id, std::string_view name, std::istream& raw,
                  detail::Compression kind, StoryFormat format) {
    detail::Decompressor source(kind, *raw.rdbuf());
    std::istream in(&source);
    if (format == StoryFormat::Jsonl) {
      jsonl_stream(name, in);
    } else if (format == StoryFormat::Csv || format == StoryFormat::Tsv) {
      csv(name, in, format);
    } else if (format == StoryFormat::Auto) {
      sniffed(id, name, in, source);
    } else if (auto bytes = bounded_story(name, in, {}); bytes && source.error().empty()) {
      whole_file(id, name, format, std::move(*bytes));
    }
    if (!source.error().empty()) {
      problem(make_error(Errc::InvalidInput, source.error(), std::string(name)));
    }
  }

  void folder(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    // Symlinked folders are not followed, so a link loop cannot trap the walk.
    for (fs::recursive_directory_iterator
             it(dir, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end; it.increment(ec)) {
      std::error_code fec;
      if (!it->is_regular_file(fec)) continue;
      if (is_story_file(it->path())) files.push_back(it->path());
    }
    if (ec) problem(make_error(Errc::Io, "cannot list folder: " + ec.message(), dir.string()));
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      if (stopped) return;
      file(f, f.lexically_relative(dir).generic_string());
    }
  }

  void input(const std::string& arg) {
    if (arg == "-") {
      if (options.stdin_stream == nullptr) {
        problem(make_error(Errc::NotFound, "no standard input to read", "-"));
        return;
      }
      std::ostringstream ss;
      ss << options.stdin_stream->rdbuf();
      // Compressed input is recognised by its magic bytes alone; its format then by its content.
      if (auto kind = detail::sniff_compression(ss.view()); kind != detail::Compression::None) {
        std::istringstream raw(std::move(ss).str());
        compressed("stdin", "stdin", raw, kind, options.format);
        return;
      }
      if (options.format == StoryFormat::Auto) {
        text_or_jsonl("stdin", ss.str());
      } else if (options.format == StoryFormat::Jsonl) {
        std::istringstream in(std::move(ss).str());
        jsonl_stream("stdin", in);
      } else if (options.format == StoryFormat::Csv || options.format == StoryFormat::Tsv) {
        std::istringstream in(std::move(ss).str());
        csv("stdin", in, options.format);
      } else {
        whole_file("stdin", "stdin", options.format, std::move(ss).str());
      }
      return;
    }
    std::error_code ec;
    const fs::path path(arg);
    if (fs::is_directory(path, ec)) {
      folder(path);
    } else if (fs::exists(path, ec)) {
      file(path, path.filename().string());
    } else {
      problem(make_error(Errc::NotFound, "no such file or folder", arg));
    }
  }

  void text_or_jsonl(std::string_view name, std::string bytes) {
    std::string_view view = bytes;
    if (view.substr(0, kBom.size()) == kBom) view.remove_prefix(kBom.size());
    const auto first = view.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && view[first] == '{') {
      std::istringstream in{std::string(view)};
      jsonl_stream(name, in);
    } else {
      text_story(name, name, std::move(bytes));
    }
  }
};

}  // namespace

size_t read_stories(const std::vector<std::string>& inputs, const ReadOptions& options,
                    const std::function<bool(Document&&)>& on_story,
                    const std::function<void(const Error&)>& on_problem) {
  Reader reader{options, on_story, on_problem};
  for (const auto& in : inputs) {
    if (reader.stopped) break;
    reader.input(in);
  }
  return reader.problems;
}

size_t read_stories_from_text(std::string_view name, std::string_view bytes,
                              const ReadOptions& options,
                              const std::function<bool(Document&&)>& on_story,
                              const std::function<void(const Error&)>& on_problem) {
  Reader reader{options, on_story, on_problem};
  reader.text_or_jsonl(name, std::string(bytes));
  return reader.problems;
}

}  // namespace entente
