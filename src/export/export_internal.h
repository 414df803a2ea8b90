// Private to the export module: what an export selects, and the buffered writer the
// exporters share.
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "entente/export.h"

namespace entente::detail {

// What an export writes: the actors and events (or dyads) that pass the options.
struct Selection {
  std::vector<uint8_t> node;  // per actor: written
  std::vector<int64_t> node_events;
  std::vector<uint32_t> events;  // event ids in graph order
  struct DyadRow {
    DyadId dyad;
    int64_t count = 0;
    std::array<int64_t, 4> quad{};
    double sum = 0;
    int32_t first = kUndated, last = kUndated;
    std::string code;  // the most frequent code (ties: smallest)
  };
  std::vector<DyadRow> dyads;
};

// The actors and events (or dyads) of `o`'s selection, in graph order.
Selection select_for_export(const KnowledgeGraph& g, const ExportOptions& o);

// Buffers output and hands it to the stream in large pieces.
class Sink {
 public:
  explicit Sink(std::ostream& out) : out_(out) { buf_.reserve(kChunk + 4096); }
  Sink& operator<<(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= kChunk) flush();
    return *this;
  }
  Sink& operator<<(int64_t v) {
    char b[24];
    auto r = std::to_chars(b, b + sizeof b, v);
    return *this << std::string_view(b, static_cast<size_t>(r.ptr - b));
  }
  // Appends `text` XML-escaped, without a temporary string.
  Sink& esc(std::string_view text) {
    size_t run = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      const bool special =
          c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' ||
          (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r');
      if (!special) continue;
      buf_.append(text.substr(run, i - run));
      buf_.append(xml_escape(text.substr(i, 1)));
      run = i + 1;
    }
    buf_.append(text.substr(run));
    if (buf_.size() >= kChunk) flush();
    return *this;
  }
  // Appends the ISO date of a day serial.
  Sink& day(int32_t serial) {
    const CivilDate d = CivilDate::from_serial(serial);
    if (d.year < 0 || d.year > 9999) return *this << d.iso();
    char b[10] = {static_cast<char>('0' + d.year / 1000),
                  static_cast<char>('0' + d.year / 100 % 10),
                  static_cast<char>('0' + d.year / 10 % 10),
                  static_cast<char>('0' + d.year % 10),
                  '-',
                  static_cast<char>('0' + d.month / 10),
                  static_cast<char>('0' + d.month % 10),
                  '-',
                  static_cast<char>('0' + d.day / 10),
                  static_cast<char>('0' + d.day % 10)};
    return *this << std::string_view(b, sizeof b);
  }
  Sink& num(double v) {
    char b[64];
    auto r = std::to_chars(b, b + sizeof b, v);
    return *this << std::string_view(b, static_cast<size_t>(r.ptr - b));
  }
  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
  Result<void> finish() {
    flush();
    out_.flush();
    if (!out_) return make_error(Errc::Io, "cannot write the export");
    return {};
  }

 private:
  static constexpr size_t kChunk = 1u << 20;
  std::ostream& out_;
  std::string buf_;
};

// Writes through a temporary file beside `path`, renamed over it once complete, so readers never
// see half a file. Fails with Io (path in `where`) or with `fn`'s error.
Result<void> atomic_write(const std::string& path,
                          const std::function<Result<void>(std::ostream&)>& fn);

// "dir/g.csv" -> "dir/g.nodes.csv".
std::string nodes_path_for(const std::string& path);

// The layout of a dataset format (icews, phoenix, gdelt): null for the other formats;
// InvalidInput when options.datasets is missing or lacks the layout.
Result<const DatasetLayout*> dataset_layout_for(const ExportOptions& options);

// The neo4j export: relationships in `path`, actors in nodes_path_for(path), each atomically.
Result<void> export_neo4j(const KnowledgeGraph& graph, const ExportOptions& options,
                          const std::string& path);

}  // namespace entente::detail
