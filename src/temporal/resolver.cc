// Resolution of parsed expressions to ISO values and date ranges (DATES.md).
#include "temporal/resolver.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "temporal/grammar.h"

namespace entente::temporal {

namespace {

// ---- Output values -------------------------------------------------------------------------

Out day_out(CivilDate d) { return {d.iso(), Granularity::Day, d, d}; }

Out month_out(int y, int m) {
  return {temporal::year_string(y) + "-" + temporal::two_digits(m), Granularity::Month,
          CivilDate{y, m, 1}, CivilDate{y, m, temporal::days_in_month(y, m)}};
}

Out year_out(int y) {
  return {temporal::year_string(y), Granularity::Year, CivilDate{y, 1, 1}, CivilDate{y, 12, 31}};
}

Out week_out(IsoWeek w) {
  const CivilDate mon = temporal::iso_week_monday(w.year, w.week);
  return {temporal::year_string(w.year) + "-W" + temporal::two_digits(w.week), Granularity::Week,
          mon, temporal::add_days(mon, 6)};
}

Out weekend_out(IsoWeek w) {
  const CivilDate mon = temporal::iso_week_monday(w.year, w.week);
  return {temporal::year_string(w.year) + "-W" + temporal::two_digits(w.week) + "-WE",
          Granularity::Week, temporal::add_days(mon, 5), temporal::add_days(mon, 6)};
}

Out quarter_out(int y, int q) {
  const int m1 = 3 * (q - 1) + 1;
  return {temporal::year_string(y) + "-Q" + std::to_string(q), Granularity::Quarter,
          CivilDate{y, m1, 1}, CivilDate{y, m1 + 2, temporal::days_in_month(y, m1 + 2)}};
}

Out season_out(int y, const temporal::SeasonDef& s) {
  int y2 = y;
  int m2 = s.first_month;
  temporal::add_months(y2, m2, 2);
  return {temporal::year_string(y) + "-" + s.code, Granularity::Season,
          CivilDate{y, s.first_month, 1}, CivilDate{y2, m2, temporal::days_in_month(y2, m2)}};
}

Out decade_out(int start) {
  std::string v = temporal::year_string(start);
  v.back() = 'X';
  return {v, Granularity::Decade, CivilDate{start, 1, 1}, CivilDate{start + 9, 12, 31}};
}

Out century_out(int hundreds) {
  const int start = hundreds * 100;
  std::string v = temporal::year_string(start);
  v[2] = 'X';
  v[3] = 'X';
  return {v, Granularity::Century, CivilDate{start, 1, 1}, CivilDate{start + 99, 12, 31}};
}

Out unresolved(std::string value, Granularity g) { return {std::move(value), g, {}, {}}; }

int quarter_of(int month) { return (month - 1) / 3 + 1; }

}  // namespace

void Resolver::remember(Granularity g, CivilDate begin) {
  anchors[static_cast<size_t>(g)] = begin;
  anchor_seq[static_cast<size_t>(g)] = ++seq;
}

std::optional<CivilDate> Resolver::anchor_for(Unit u) const {
  const size_t level = static_cast<size_t>(unit_granularity(u));
  std::optional<CivilDate> best = dct;
  uint32_t best_seq = 0;
  for (size_t g = 0; g <= level && g < 8; ++g) {
    if (anchors[g] && anchor_seq[g] > best_seq) {
      best = anchors[g];
      best_seq = anchor_seq[g];
    }
  }
  return best;
}

int Resolver::distance(CivilDate a, CivilDate b) { return std::abs(a.serial() - b.serial()); }

std::optional<CivilDate> Resolver::holiday_in(int year, int index) const {
  const auto& h = t.holidays[static_cast<size_t>(index)];
  std::optional<CivilDate> d;
  if (h.easter) {
    d = temporal::add_days(temporal::easter_sunday(year), h.easter_offset);
  } else if (h.day > 0) {
    if (!temporal::valid_date(year, h.month, h.day)) return std::nullopt;
    d = CivilDate{year, h.month, h.day};
  } else {
    d = temporal::nth_weekday(year, h.month, h.weekday, h.nth);
  }
  if (d && h.offset_days != 0) d = temporal::add_days(*d, h.offset_days);
  return d;
}

std::optional<CivilDate> Resolver::pick_year(int month, int day, Dir dir) const {
  const CivilDate ref = *dct;
  std::optional<CivilDate> best;
  for (int dy = -8; dy <= 8; ++dy) {
    const int y = ref.year + dy;
    if (!temporal::valid_date(y, month, day)) continue;
    const CivilDate c{y, month, day};
    if (dir == Dir::Back && c > ref) continue;
    if (dir == Dir::Fwd && c < ref) continue;
    if (dir == Dir::None && dy != 0 && temporal::valid_date(ref.year, month, day)) continue;
    if (!best || distance(c, ref) < distance(*best, ref)) best = c;
  }
  return best;
}

std::optional<Out> Resolver::resolve(const Parsed& p, Dir dir) const {
  switch (p.kind) {
    case PK::Date:
      return date(p, dir);
    case PK::Weekday:
      return weekday(p, dir);
    case PK::DayOfMonth:
      return day_of_month(p, dir);
    case PK::Deictic:
      if (!dct) return unresolved("XXXX-XX-XX", Granularity::Day);
      return day_out(temporal::add_days(*dct, p.count));
    case PK::RelUnit:
      return rel_unit(p);
    case PK::Weekend: {
      if (!dct) return unresolved("XXXX-WXX-WE", Granularity::Week);
      const int wd = dct->iso_weekday();
      if (dir == Dir::Fwd || wd >= 6) return weekend_out(temporal::iso_week(*dct));
      return weekend_out(temporal::add_weeks(*dct, -1));
    }
    case PK::Offset:
      return offset(p);
    case PK::Anaphor:
      return anaphor(p);
    case PK::Holiday:
      return holiday(p, dir);
    case PK::Season:
      return season(p, dir);
    case PK::Quarter:
      return quarter(p, dir);
    case PK::Decade:
      return decade_out(p.decade);
    case PK::Century:
      return century_out(p.decade);
    case PK::IsoWeekOf:
      return week_out({p.year, p.index});
    case PK::Duration:
      return duration(p);
    case PK::DayOfRelMonth: {
      if (!dct) return unresolved("XXXX-XX-" + temporal::two_digits(p.day), Granularity::Day);
      int y = dct->year;
      int m = dct->month;
      temporal::add_months(y, m, p.rel == kBare ? 0 : p.rel);
      if (!temporal::valid_date(y, m, p.day)) return std::nullopt;
      return day_out({y, m, p.day});
    }
    case PK::NthWeekday:
    case PK::NthWeekdayRel: {
      int y = 0;
      int m = 0;
      if (p.kind == PK::NthWeekdayRel) {
        if (!dct) return unresolved("XXXX-XX-XX", Granularity::Day);
        y = dct->year;
        m = dct->month;
        temporal::add_months(y, m, p.rel == kBare ? 0 : p.rel);
      } else {
        Parsed mp = p;
        mp.kind = PK::Date;
        auto o = date(mp, dir);
        if (!o || !o->begin) return unresolved("XXXX-XX-XX", Granularity::Day);
        y = o->begin->year;
        m = o->begin->month;
      }
      auto d = temporal::nth_weekday(y, m, p.weekday, p.index);
      if (!d) return std::nullopt;
      return day_out(*d);
    }
  }
  return std::nullopt;
}

std::optional<Out> Resolver::date(const Parsed& p, Dir dir) const {
  if (p.has_year) {
    if (p.day > 0) {
      if (!temporal::valid_date(p.year, p.month, p.day)) return std::nullopt;
      return day_out({p.year, p.month, p.day});
    }
    if (p.month > 0) return month_out(p.year, p.month);
    return year_out(p.year);
  }
  if (p.day > 0) {
    if (!temporal::valid_date(2000, p.month, p.day)) return std::nullopt;  // Feb 30
    if (!dct) {
      return unresolved("XXXX-" + temporal::two_digits(p.month) + "-" + temporal::two_digits(p.day),
                        Granularity::Day);
    }
    if (p.weekday > 0) {
      // The weekday must agree: the year nearest the DCT in which it does.
      std::optional<CivilDate> best;
      for (int dy = -11; dy <= 11; ++dy) {
        const int y = dct->year + dy;
        if (!temporal::valid_date(y, p.month, p.day)) continue;
        const CivilDate c{y, p.month, p.day};
        if (c.iso_weekday() != p.weekday) continue;
        // The direction still applies when the weekday agrees on both sides.
        if (dir == Dir::Back && c > *dct) continue;
        if (dir == Dir::Fwd && c < *dct) continue;
        if (!best || distance(c, *dct) < distance(*best, *dct)) best = c;
      }
      if (best) return day_out(*best);
    }
    auto d = pick_year(p.month, p.day, dir == Dir::Nearest ? Dir::Nearest : dir);
    if (!d) return std::nullopt;
    return day_out(*d);
  }
  // Month without a year.
  if (!dct) return unresolved("XXXX-" + temporal::two_digits(p.month), Granularity::Month);
  int y = dct->year;
  const int m = p.month;
  if (p.rel == -1) {
    y = m < dct->month ? dct->year : dct->year - 1;
  } else if (p.rel == 1) {
    y = m > dct->month ? dct->year : dct->year + 1;
  } else if (p.rel == 0) {
    y = dct->year;
  } else if (dir == Dir::Back) {
    if (m > dct->month) y = dct->year - 1;
  } else if (dir == Dir::Fwd) {
    if (m < dct->month) y = dct->year + 1;
  } else if (dir == Dir::Nearest) {
    const int diff = m - dct->month;
    if (diff > 6) y = dct->year - 1;
    if (diff < -6) y = dct->year + 1;
  }
  return month_out(y, m);
}

std::optional<Out> Resolver::weekday(const Parsed& p, Dir dir) const {
  if (!dct) {
    if (p.week_rel != kBare)
      return unresolved("XXXX-WXX-" + std::to_string(p.weekday), Granularity::Day);
    return unresolved("XXXX-WXX-" + std::to_string(p.weekday), Granularity::Day);
  }
  const int wd = dct->iso_weekday();
  if (p.week_rel != kBare) {
    const IsoWeek w = temporal::add_weeks(*dct, p.week_rel);
    return day_out(temporal::add_days(temporal::iso_week_monday(w.year, w.week), p.weekday - 1));
  }
  const int back = (wd - p.weekday + 7) % 7;  // days back to the most recent one
  const int fwd = (p.weekday - wd + 7) % 7;   // days forward to the next one
  int off = 0;
  if (p.rel == -1) {
    off = -(back == 0 ? 7 : back);
  } else if (p.rel == 1) {
    off = fwd == 0 ? 7 : fwd;
  } else if (p.rel == 0) {
    off = p.weekday - wd;  // within the DCT's ISO week
  } else if (dir == Dir::Fwd) {
    off = fwd;
  } else if (dir == Dir::Nearest) {
    off = fwd < back ? fwd : -back;
  } else {
    off = -back;
  }
  return day_out(temporal::add_days(*dct, off));
}

std::optional<Out> Resolver::day_of_month(const Parsed& p, Dir dir) const {
  if (!dct) return unresolved("XXXX-XX-" + temporal::two_digits(p.day), Granularity::Day);
  std::optional<CivilDate> best;
  for (int dm = -13; dm <= 13; ++dm) {
    int y = dct->year;
    int m = dct->month;
    temporal::add_months(y, m, dm);
    if (!temporal::valid_date(y, m, p.day)) continue;
    const CivilDate c{y, m, p.day};
    if (p.weekday > 0) {
      if (c.iso_weekday() != p.weekday) continue;
    } else if (dir == Dir::None && dm != 0) {
      // no tense: the DCT's month
      if (temporal::valid_date(dct->year, dct->month, p.day)) continue;
    }
    if ((dir == Dir::Back) && c > *dct) continue;
    if ((dir == Dir::Fwd) && c < *dct) continue;
    if (!best || distance(c, *dct) < distance(*best, *dct)) best = c;
  }
  if (!best) return std::nullopt;
  return day_out(*best);
}

std::optional<Out> Resolver::shift_unit(CivilDate base, Unit u, int n) const {
  switch (u) {
    case Unit::Day:
      return day_out(temporal::add_days(base, n));
    case Unit::Week:
      return week_out(temporal::add_weeks(base, n));
    case Unit::Weekend:
      return weekend_out(temporal::add_weeks(base, n));
    case Unit::Month: {
      int y = base.year;
      int m = base.month;
      temporal::add_months(y, m, n);
      return month_out(y, m);
    }
    case Unit::Quarter: {
      int y = base.year;
      int m = (quarter_of(base.month) - 1) * 3 + 1;
      temporal::add_months(y, m, 3 * n);
      return quarter_out(y, quarter_of(m));
    }
    case Unit::Year:
      return year_out(base.year + n);
    case Unit::Decade: {
      const int start = base.year - ((base.year % 10) + 10) % 10 + 10 * n;
      return decade_out(start);
    }
    case Unit::Century: {
      const int h = base.year / 100 + n;
      return century_out(h);
    }
  }
  return std::nullopt;
}

std::string Resolver::unresolved_value(Unit u) {
  switch (u) {
    case Unit::Day:
      return "XXXX-XX-XX";
    case Unit::Week:
      return "XXXX-WXX";
    case Unit::Weekend:
      return "XXXX-WXX-WE";
    case Unit::Month:
      return "XXXX-XX";
    case Unit::Quarter:
      return "XXXX-QX";
    case Unit::Year:
      return "XXXX";
    case Unit::Decade:
      return "XXXX";
    case Unit::Century:
      return "XXXX";
  }
  return "XXXX";
}

Granularity Resolver::unit_granularity(Unit u) {
  switch (u) {
    case Unit::Day:
      return Granularity::Day;
    case Unit::Week:
    case Unit::Weekend:
      return Granularity::Week;
    case Unit::Month:
      return Granularity::Month;
    case Unit::Quarter:
      return Granularity::Quarter;
    case Unit::Year:
      return Granularity::Year;
    case Unit::Decade:
      return Granularity::Decade;
    case Unit::Century:
      return Granularity::Century;
  }
  return Granularity::Day;
}

std::optional<Out> Resolver::rel_unit(const Parsed& p) const {
  if (!dct) return unresolved(unresolved_value(p.unit), unit_granularity(p.unit));
  return shift_unit(*dct, p.unit, p.rel == kBare ? 0 : p.rel);
}

// TIMEX3 duration: "P25Y", "P2W", "PT5H", "P2DE" (decades), "PXY" when the count is vague;
// "the past week" and "the next three months" also get their day interval at the DCT.
std::optional<Out> Resolver::duration(const Parsed& p) const {
  const char* letter = "D";
  switch (p.unit) {
    case Unit::Day:
    case Unit::Weekend:
      letter = "D";
      break;
    case Unit::Week:
      letter = "W";
      break;
    case Unit::Month:
      letter = "M";
      break;
    case Unit::Quarter:
      letter = "Q";
      break;
    case Unit::Year:
      letter = "Y";
      break;
    case Unit::Decade:
      letter = "DE";
      break;
    case Unit::Century:
      letter = "CE";
      break;
  }
  const std::string count = p.index == 0 ? std::string("X") : std::to_string(p.count);
  Out o;
  o.duration = true;
  o.g = unit_granularity(p.unit);
  if (p.per < 0) {
    o.value = "PT" + count + (p.per == -24 ? "H" : "M");  // hours and minutes of a day
  } else {
    o.value = "P" + count + letter;
  }
  if (p.span == 0 || !dct || p.index == 0 || p.per < 0) return o;
  // The span of N units that ends at (or starts from) the DCT, in days.
  CivilDate far = *dct;
  const int n = p.span * p.count;
  switch (p.unit) {
    case Unit::Day:
    case Unit::Weekend:
      far = add_days(*dct, n);
      break;
    case Unit::Week:
      far = add_days(*dct, 7 * n);
      break;
    default: {
      int months = n;
      if (p.unit == Unit::Quarter) months = 3 * n;
      if (p.unit == Unit::Year) months = 12 * n;
      if (p.unit == Unit::Decade) months = 120 * n;
      if (p.unit == Unit::Century) months = 1200 * n;
      int y = dct->year;
      int m = dct->month;
      add_months(y, m, months);
      far = CivilDate{y, m, std::min(dct->day, days_in_month(y, m))};
    }
  }
  o.begin = p.span < 0 ? far : *dct;
  o.end = p.span < 0 ? *dct : far;
  return o;
}

std::optional<Out> Resolver::offset(const Parsed& p) const {
  const std::optional<CivilDate> base = p.anaphoric ? anchor_for(p.unit) : dct;
  if (!base) return unresolved(unresolved_value(p.unit), unit_granularity(p.unit));
  return shift_unit(*base, p.unit, p.sign * p.count);
}

std::optional<Out> Resolver::anaphor(const Parsed& p) const {
  const std::optional<CivilDate> base = anchor_for(p.unit);
  if (!base) return unresolved(unresolved_value(p.unit), unit_granularity(p.unit));
  return shift_unit(*base, p.unit, p.count);
}

std::optional<Out> Resolver::holiday(const Parsed& p, Dir dir) const {
  if (p.has_year) {
    auto d = holiday_in(p.year, p.index);
    if (!d) return std::nullopt;
    return day_out(*d);
  }
  const auto& h = t.holidays[static_cast<size_t>(p.index)];
  if (!dct) {
    if (h.day > 0 && !h.easter && h.offset_days == 0) {
      return unresolved("XXXX-" + temporal::two_digits(h.month) + "-" + temporal::two_digits(h.day),
                        Granularity::Day);
    }
    return unresolved("XXXX-XX-XX", Granularity::Day);
  }
  std::optional<CivilDate> best;
  for (int dy = -2; dy <= 2; ++dy) {
    auto c = holiday_in(dct->year + dy, p.index);
    if (!c) continue;
    if (p.rel == -1 && !(*c < *dct)) continue;
    if (p.rel == 1 && !(*c > *dct)) continue;
    if (p.rel == 0 && c->year != dct->year) continue;
    if (p.rel == kBare) {
      if ((dir == Dir::Back || dir == Dir::None) && *c > *dct) continue;
      if (dir == Dir::Fwd && *c < *dct) continue;
    }
    if (!best || distance(*c, *dct) < distance(*best, *dct)) best = c;
  }
  if (!best) return std::nullopt;
  return day_out(*best);
}

std::optional<Out> Resolver::season(const Parsed& p, Dir dir) const {
  const auto& s = t.seasons[static_cast<size_t>(p.index)];
  if (p.has_year) return season_out(p.year, s);
  if (!dct) return unresolved("XXXX-" + s.code, Granularity::Season);
  // Instances of this season around the DCT.
  std::optional<Out> best;
  int best_dist = 0;
  for (int dy = -2; dy <= 2; ++dy) {
    Out o = season_out(dct->year + dy, s);
    const bool contains = *o.begin <= *dct && *dct <= *o.end;
    const bool before = *o.end < *dct;
    const bool after = *o.begin > *dct;
    bool ok = true;
    if (p.rel == -1) ok = before;
    if (p.rel == 1) ok = after;
    if (p.rel == 0) {
      ok = dct->year + dy == (s.first_month == 12 && dct->month <= 2 ? dct->year - 1 : dct->year);
    }
    if (p.rel == kBare) {
      if (dir == Dir::Back) ok = before || contains;
      if (dir == Dir::Fwd) ok = after || contains;
      if (dir == Dir::None) {
        ok = dct->year + dy == (s.first_month == 12 && dct->month <= 2 ? dct->year - 1 : dct->year);
      }
    }
    if (!ok) continue;
    const int dist = contains ? 0 : std::min(distance(*o.begin, *dct), distance(*o.end, *dct));
    if (!best || dist < best_dist) {
      best = o;
      best_dist = dist;
    }
  }
  return best;
}

std::optional<Out> Resolver::quarter(const Parsed& p, Dir dir) const {
  if (p.has_year) return quarter_out(p.year, p.index);
  if (!dct) return unresolved("XXXX-Q" + std::to_string(p.index), Granularity::Quarter);
  const int q = quarter_of(dct->month);
  int y = dct->year;
  if (dir == Dir::Back && p.index > q) y -= 1;
  if (dir == Dir::Fwd && p.index < q) y += 1;
  return quarter_out(y, p.index);
}

}  // namespace entente::temporal
