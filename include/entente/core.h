// entente core: errors, results, spans, calendar dates and limits shared by every stage.
// Every other module builds on these plain types; nothing here does I/O or reads the clock.
// Thread safety: all types are values; const access from many threads is safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace entente {

// What kind of failure an Error reports; the CLI maps each to an exit code.
enum class Errc {
  InvalidInput,   // bad story text or command-line value (exit 65 / 64)
  InvalidData,    // bad lexicon, schema or store content (exit 78)
  LimitExceeded,  // input larger than an Options limit (exit 65)
  NotFound,       // missing file, unknown actor (exit 66 / 64)
  Io,             // read or write failure (exit 74)
  Internal,       // a bug of ours (exit 70)
};

// Short name of an error code ("invalid input").
std::string_view errc_name(Errc code);

// A failure with its location. `where` is "file:line:col" or "file#/json/pointer" or empty.
struct Error {
  Errc code = Errc::Internal;
  std::string message;
  std::string where;

  // "where: message", or just the message when `where` is empty.
  std::string to_string() const;
};

// Holds either a T or an Error, never both (leveldb Status + value).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  // REQUIRES: ok().
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  // REQUIRES: !ok().
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result for operations that return nothing on success.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

inline Error make_error(Errc code, std::string message, std::string where = {}) {
  return Error{code, std::move(message), std::move(where)};
}

// Quotes `text` for a message: at most 60 bytes (cut on a UTF-8 boundary), control bytes escaped.
std::string quote_for_message(std::string_view text);

// A byte range [begin, end) into a document's original text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool operator==(const Span&) const = default;
};

// A proleptic Gregorian calendar day. Plain value; validity is checked by `valid()`.
struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  bool operator==(const CivilDate&) const = default;
  auto operator<=>(const CivilDate&) const = default;

  // True when the day exists in the calendar (Feb 29 only in leap years).
  bool valid() const;
  // Days since 1970-01-01 (negative before). REQUIRES: valid().
  int32_t serial() const;
  static CivilDate from_serial(int32_t days);
  // ISO weekday: 1 = Monday .. 7 = Sunday. REQUIRES: valid().
  int iso_weekday() const;
  // "2023-08-29".
  std::string iso() const;
  // Parses exactly "YYYY-MM-DD"; fails with InvalidInput for anything else or an impossible day.
  static Result<CivilDate> parse_iso(std::string_view text);
};

// Checks that `text` is valid UTF-8. Returns the byte offset of the first bad byte, if any.
std::optional<size_t> find_invalid_utf8(std::string_view text);

// Replaces every invalid UTF-8 sequence in `text` with U+FFFD.
std::string repair_utf8(std::string_view text);

// Limits that guard everything that can grow; exceeding one is LimitExceeded for that story.
struct Limits {
  size_t max_document_bytes = 16u << 20;  // bytes of one story's text
  size_t max_sentence_tokens = 1000;      // tokens in one sentence (longer ones are cut)
  size_t max_line_bytes = 64u << 20;      // bytes of one line of a JSON Lines collection
  size_t max_pattern_tokens = 12;         // tokens in one lexicon pattern
  size_t max_graph_vertices = 10u << 20;  // actors in one graph
};

// The Internal error that ENTENTE_ASSERT returns in a release build: "assertion failed: COND
// (WHY)" at "FILE:LINE".
Error assertion_error(const char* file, int line, const char* cond, const char* why);

}  // namespace entente

// Broken invariants (our bugs, never input checks). A debug build prints the place and aborts;
// a release build (NDEBUG) returns Internal from the enclosing function, so that the story at
// hand fails with a message and the other stories go through. Use it only in functions whose
// return type an Error converts to (Result<T>, Result<void>, Error).
#ifdef NDEBUG
#define ENTENTE_ASSERT(cond, why)                                                   \
  do {                                                                              \
    if (!(cond)) return ::entente::assertion_error(__FILE__, __LINE__, #cond, why); \
  } while (0)
#else
#include <cstdio>
#include <cstdlib>
#define ENTENTE_ASSERT(cond, why)                                                     \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "%s:%d: assertion failed: %s (%s)\n", __FILE__, __LINE__, \
                   #cond, why);                                                       \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)
#endif
