// Private: calendar arithmetic for the time tagger (Howard Hinnant's date underneath; no
// date types leave this header). All functions are pure.
#pragma once

#include <optional>
#include <string>

#include "entente/core.h"

namespace entente::temporal {

bool valid_date(int year, int month, int day);
int days_in_month(int year, int month);
CivilDate add_days(CivilDate d, int days);

struct IsoWeek {
  int year;
  int week;  // 1..53
};
IsoWeek iso_week(CivilDate d);
// Monday of ISO week `week` of ISO year `year`.
CivilDate iso_week_monday(int year, int week);
// The ISO week that is `weeks` after the week of `d` (negative before).
IsoWeek add_weeks(CivilDate d, int weeks);

// Month arithmetic on (year, month).
void add_months(int& year, int& month, int months);

// Easter Sunday of a Gregorian year (anonymous Gregorian computus).
CivilDate easter_sunday(int year);
// The nth (1..5, or -1 = last) ISO weekday (1 = Monday) of a month; nullopt when there is
// no fifth one.
std::optional<CivilDate> nth_weekday(int year, int month, int weekday, int nth);

// "2023", zero-padded to four digits.
std::string year_string(int year);
// "08".
std::string two_digits(int v);

}  // namespace entente::temporal
