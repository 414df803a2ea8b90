// What every story reader shares: locations, the checks of a story's text, its date field.
#include "pipeline/read_common.h"

#include <cstdio>

namespace entente::detail {
namespace {

// "line:col" (1-based, col in bytes) of byte `offset` in `text`.
std::string line_col(std::string_view text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

}  // namespace

std::string with_line(std::string_view path, size_t line) {
  std::string w(path);
  w += ':';
  w += std::to_string(line);
  return w;
}

Result<void> check_text(std::string& text, std::string_view path, std::optional<size_t> record_line,
                        const ReadOptions& options) {
  auto where_at = [&](size_t offset) {
    if (record_line) return with_line(path, *record_line);
    return std::string(path) + ":" + line_col(text, offset);
  };
  if (text.size() > options.limits.max_document_bytes) {
    return make_error(Errc::LimitExceeded,
                      "story is " + std::to_string(text.size()) + " bytes, over the limit of " +
                          std::to_string(options.limits.max_document_bytes) +
                          " (raise it with --max-story-bytes)",
                      record_line ? with_line(path, *record_line) : std::string(path));
  }
  if (auto nul = text.find('\0'); nul != std::string::npos) {
    return make_error(Errc::InvalidInput,
                      "NUL byte at offset " + std::to_string(nul) +
                          ": this looks like a binary file, not a news story",
                      where_at(nul));
  }
  if (auto bad = find_invalid_utf8(text)) {
    if (options.lenient_utf8) {
      text = repair_utf8(text);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned char>(text[*bad]));
      return make_error(Errc::InvalidInput,
                        "invalid UTF-8 (byte " + std::string(buf) + " at offset " +
                            std::to_string(*bad) +
                            "); convert the file to UTF-8 or pass --lenient-utf8",
                        where_at(*bad));
    }
  }
  return {};
}

Result<void> set_story_date(std::string_view date, Document& doc, const std::string& where) {
  // Accept a full timestamp ("2023-08-29T12:00:00Z"): its calendar day is the DCT.
  auto parsed = CivilDate::parse_iso(date.substr(0, 10));
  if (!parsed || (date.size() > 10 && date[10] != 'T' && date[10] != ' ')) {
    std::string msg =
        parsed ? "date " + quote_for_message(date) + " is not YYYY-MM-DD" : parsed.error().message;
    return make_error(Errc::InvalidInput, "story " + quote_for_message(doc.id) + ": " + msg, where);
  }
  doc.dct = parsed.value();
  doc.dct_origin = "metadata";
  return {};
}

std::string story_text(const std::string& headline, const std::string& dateline,
                       const std::vector<std::string>& paragraphs) {
  std::string text;
  if (!headline.empty()) text = headline + "\n\n";
  bool first = true;
  for (const auto& p : paragraphs) {
    if (p.empty()) continue;
    if (first && !dateline.empty()) {
      text += dateline;
      // A dateline without its dash ("VILNIUS, July 12") gets one, as wire copy writes it.
      text += dateline.ends_with("-") || dateline.ends_with("\xE2\x80\x94") ? " " : " - ";
    }
    first = false;
    text += p;
    text += '\n';
  }
  return text;
}

}  // namespace entente::detail
