// Resolution of what the grammar parsed against the DCT or the last mentioned date
// (DATES.md). Private to the temporal module. A Resolver is a per-document local: it
// remembers the dates mentioned so far, so it is never shared.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "temporal/grammar.h"

namespace entente::temporal {

struct Resolver {
  const Tables& t;
  std::optional<CivilDate> dct;
  // The last date mentioned at each granularity (indexed by Granularity) and when, so that
  // "the following year" after "in 2019" counts from 2019 and "the next day" from a day.
  std::optional<CivilDate> anchors[8] = {};
  uint32_t anchor_seq[8] = {};
  uint32_t seq = 0;

  void remember(Granularity g, CivilDate begin);

  // The most recent mention at the unit's granularity or finer; the DCT when none.
  std::optional<CivilDate> anchor_for(Unit u) const;

  static int distance(CivilDate a, CivilDate b);

  std::optional<CivilDate> holiday_in(int year, int index) const;

  // Picks a year for a (month, day) without one, by direction.
  std::optional<CivilDate> pick_year(int month, int day, Dir dir) const;

  std::optional<Out> resolve(const Parsed& p, Dir dir) const;

  std::optional<Out> date(const Parsed& p, Dir dir) const;

  std::optional<Out> weekday(const Parsed& p, Dir dir) const;

  std::optional<Out> day_of_month(const Parsed& p, Dir dir) const;

  std::optional<Out> shift_unit(CivilDate base, Unit u, int n) const;

  static std::string unresolved_value(Unit u);
  static Granularity unit_granularity(Unit u);

  std::optional<Out> rel_unit(const Parsed& p) const;

  std::optional<Out> offset(const Parsed& p) const;

  std::optional<Out> duration(const Parsed& p) const;

  std::optional<Out> anaphor(const Parsed& p) const;

  std::optional<Out> holiday(const Parsed& p, Dir dir) const;

  std::optional<Out> season(const Parsed& p, Dir dir) const;

  std::optional<Out> quarter(const Parsed& p, Dir dir) const;
};

}  // namespace entente::temporal
