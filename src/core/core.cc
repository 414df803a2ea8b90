#include "entente/core.h"

#include <charconv>
#include <cstdio>
#include <cstring>

#include <date/date.h>

namespace entente {

std::string_view errc_name(Errc code) {
  switch (code) {
    case Errc::InvalidInput: return "invalid input";
    case Errc::InvalidData: return "invalid data";
    case Errc::LimitExceeded: return "limit exceeded";
    case Errc::NotFound: return "not found";
    case Errc::Io: return "i/o error";
    case Errc::Internal: return "internal error";
  }
  return "error";
}

std::string Error::to_string() const {
  if (where.empty()) return message;
  return where + ": " + message;
}

Error assertion_error(const char* file, int line, const char* cond, const char* why) {
  // The path from the source tree's root ("src/temporal/tokens.cc"), not the build machine's.
  std::string_view path = file;
  for (std::string_view root : {"/src/", "/include/", "/tests/"}) {
    if (const size_t at = path.rfind(root); at != std::string_view::npos) {
      path.remove_prefix(at + 1);
      break;
    }
  }
  return make_error(Errc::Internal,
                    std::string("assertion failed: ") + cond + " (" + why + "); please report it",
                    std::string(path) + ":" + std::to_string(line));
}

std::string quote_for_message(std::string_view text) {
  constexpr size_t kMax = 60;
  size_t cut = text.size();
  bool cut_short = false;
  if (cut > kMax) {
    cut = kMax;
    // Do not split a UTF-8 sequence: back up over continuation bytes.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    cut_short = true;
  }
  std::string out = "\"";
  for (size_t i = 0; i < cut; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += cut_short ? "...\"" : "\"";
  return out;
}

bool CivilDate::valid() const {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return date::year_month_day{date::year{year}, date::month{static_cast<unsigned>(month)},
                              date::day{static_cast<unsigned>(day)}}
      .ok();
}

int32_t CivilDate::serial() const {
  const date::sys_days d = date::year_month_day{date::year{year},
                                                date::month{static_cast<unsigned>(month)},
                                                date::day{static_cast<unsigned>(day)}};
  return static_cast<int32_t>(d.time_since_epoch().count());
}

CivilDate CivilDate::from_serial(int32_t days) {
  const date::year_month_day ymd{date::sys_days{date::days{days}}};
  return CivilDate{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int CivilDate::iso_weekday() const {
  const date::weekday wd{date::sys_days{date::days{serial()}}};
  return static_cast<int>(wd.iso_encoding());
}

std::string CivilDate::iso() const {
  char buf[32];
  if (year >= 0 && year <= 9999) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  } else {
    std::snprintf(buf, sizeof buf, "%d-%02d-%02d", year, month, day);
  }
  return buf;
}

Result<CivilDate> CivilDate::parse_iso(std::string_view text) {
  auto bad = [&] {
    return make_error(Errc::InvalidInput,
                      "expected a date as YYYY-MM-DD, got " + quote_for_message(text));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  int y = 0, m = 0, d = 0;
  const char* p = text.data();
  if (std::from_chars(p, p + 4, y).ptr != p + 4) return bad();
  if (std::from_chars(p + 5, p + 7, m).ptr != p + 7) return bad();
  if (std::from_chars(p + 8, p + 10, d).ptr != p + 10) return bad();
  CivilDate out{y, m, d};
  if (!out.valid()) {
    return make_error(Errc::InvalidInput,
                      "date " + quote_for_message(text) + " is not a calendar date");
  }
  return out;
}

std::optional<size_t> find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // ASCII fast path: eight bytes at a time while none has its high bit set.
    uint64_t word = 0;
    while (i + 8 <= n && (std::memcpy(&word, s + i, 8), (word & 0x8080808080808080ull) == 0)) i += 8;
    if (i >= n) break;
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3Fu);
    }
    // Reject overlong forms, surrogates and code points past U+10FFFF.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return i;
    }
    i += len;
  }
  return std::nullopt;
}

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    auto bad = find_invalid_utf8(text);
    if (!bad) {
      out.append(text);
      break;
    }
    out.append(text.substr(0, *bad));
    out.append("\xEF\xBF\xBD");
    text.remove_prefix(*bad + 1);
    // Skip stray continuation bytes of the same broken sequence.
    while (!text.empty() && (static_cast<unsigned char>(text[0]) & 0xC0) == 0x80) {
      text.remove_prefix(1);
    }
  }
  return out;
}

}  // namespace entente
