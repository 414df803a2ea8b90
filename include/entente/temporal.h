// entente temporal: finds time expressions in a segmented story and resolves them to TIMEX3
// values against the story's publication date (DCT) or the last date mentioned (DATES.md).
// Pipeline position: after text; code takes each event's date from these expressions.
// Thread safety: TimeTagger is immutable after create(); tag() may run concurrently.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "entente/core.h"
#include "entente/lexicon.h"
#include "entente/text.h"

namespace entente {

// The unit a TIMEX3 value names.
enum class Granularity : uint8_t {
  Day,      // "2023-08-28"
  Week,     // "2023-W35"
  Month,    // "2023-08"
  Quarter,  // "2023-Q3"
  Season,   // "2023-SU"
  Year,     // "2023"
  Decade,   // "199X"
  Century,  // "19XX"
};
std::string_view granularity_name(Granularity g);  // "day", "week", ...

// How an underspecified expression ("on Friday", "in March") picks its direction.
enum class Prefer : uint8_t {
  News,     // from the tense of its clause (the default, DATES.md)
  Past,     // always the most recent one
  Future,   // always the next one
  Nearest,  // the closest to the reference date
};

// How all-numeric dates like 08/07/2023 are read.
enum class DateOrder : uint8_t {
  MonthDay,  // US order (default)
  DayMonth,  // day first
};

struct TemporalOptions {
  Prefer prefer = Prefer::News;             // direction policy for the whole run
  DateOrder date_order = DateOrder::MonthDay;  // reading of all-numeric dates
};

// The TIMEX3 type of an expression.
enum class TimexType : uint8_t {
  Date,      // a point or period on the calendar ("2023-08", "2023-W35"): may date an event
  Duration,  // a length ("P25Y" for "for 25 years"): never dates an event
};
std::string_view timex_type_name(TimexType t);  // "DATE", "DURATION"

// One time expression found in a story.
struct TimeExpr {
  Span span;                     // bytes in Document::text
  uint32_t sentence = 0;         // index into Segmentation::sentences
  std::string value;             // TIMEX3 value; "XXXX-..." parts when nothing anchors it
  Granularity granularity = Granularity::Day;
  std::string mod;               // "", "START", "MID", "END" or "APPROX"
  std::optional<CivilDate> date_begin;  // closed day interval of the value; absent when
  std::optional<CivilDate> date_end;    // the value is unresolved
  bool anaphoric = false;        // resolved against the last mentioned date, not the DCT
  TimexType type = TimexType::Date;  // a Duration has date_begin/date_end only when it is
                                     // anchored at the DCT ("the past week")
  bool modifies_noun = false;  // a year inside a noun phrase ("the 1994 genocide", "2016
                               // Summer Olympics"): it names the thing, not when the clause
                               // happened, so it should not date the clause's event
};

// Finds and resolves time expressions.
class TimeTagger {
 public:
  // Builds the tagger's tables from the lexicon's "temporal" data.
  // Fails with InvalidData naming the file and JSON pointer of a bad entry.
  [[nodiscard]] static Result<TimeTagger> create(const Lexicon& lexicon, TemporalOptions options);
  ~TimeTagger();
  TimeTagger(TimeTagger&&) noexcept;
  TimeTagger& operator=(TimeTagger&&) noexcept;

  // Returns the expressions of `doc` in text order, resolved against doc.dct (unresolved
  // values when doc.dct is empty; the clock is never read). Text it cannot read is skipped.
  // REQUIRES: `seg` was built from `doc`.
  [[nodiscard]] Result<std::vector<TimeExpr>> tag(const Document& doc,
                                                  const Segmentation& seg) const;

  // The publication date named by a dateline at the start of `doc.text` ("BEIJING, Aug. 29
  // (Reuters) -", "Aug. 29, 2023 --", "WASHINGTON, Tuesday, Aug. 29, 2023 (AP)"). A dateline
  // without a year takes the year of `hint` that puts the date nearest to it. Returns nullopt
  // when there is no dateline or neither it nor the hint gives a full date.
  std::optional<CivilDate> dateline_date(const Document& doc,
                                         std::optional<CivilDate> hint) const;

  // Parses a --dct value: "YYYY-MM-DD", optionally followed by "T..." (a time, ignored).
  // Fails with InvalidInput quoting the text for anything else or an impossible day.
  [[nodiscard]] static Result<CivilDate> parse_reference_date(std::string_view text);

 private:
  struct Impl;
  explicit TimeTagger(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace entente
