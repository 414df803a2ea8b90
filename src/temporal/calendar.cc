#include "temporal/calendar.h"

#include <date/date.h>

namespace entente::temporal {
namespace {

date::year_month_day ymd(CivilDate d) {
  return date::year{d.year} / date::month{static_cast<unsigned>(d.month)} /
         date::day{static_cast<unsigned>(d.day)};
}

CivilDate civil(date::year_month_day v) {
  return {static_cast<int>(v.year()), static_cast<int>(static_cast<unsigned>(v.month())),
          static_cast<int>(static_cast<unsigned>(v.day()))};
}

}  // namespace

bool valid_date(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return ymd({year, month, day}).ok();
}

int days_in_month(int year, int month) {
  const auto last = date::year{year} / date::month{static_cast<unsigned>(month)} / date::last;
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

CivilDate add_days(CivilDate d, int days) {
  return civil(date::year_month_day{date::sys_days{ymd(d)} + date::days{days}});
}

IsoWeek iso_week(CivilDate d) {
  const date::sys_days sd{ymd(d)};
  const auto wd = date::weekday{sd}.iso_encoding();  // 1 = Monday
  const date::sys_days thursday = sd + date::days{4 - static_cast<int>(wd)};
  const date::year_month_day ty{thursday};
  const date::sys_days jan1{ty.year() / date::January / 1};
  return {static_cast<int>(ty.year()), static_cast<int>((thursday - jan1).count() / 7 + 1)};
}

CivilDate iso_week_monday(int year, int week) {
  // Week 1 holds January 4th.
  const date::sys_days jan4{date::year{year} / date::January / 4};
  const auto wd = static_cast<int>(date::weekday{jan4}.iso_encoding());
  const date::sys_days monday1 = jan4 - date::days{wd - 1};
  return civil(date::year_month_day{monday1 + date::days{7 * (week - 1)}});
}

IsoWeek add_weeks(CivilDate d, int weeks) { return iso_week(add_days(d, 7 * weeks)); }

void add_months(int& year, int& month, int months) {
  int index = year * 12 + (month - 1) + months;
  year = index >= 0 ? index / 12 : -((-index + 11) / 12);
  month = index - year * 12 + 1;
}

CivilDate easter_sunday(int year) {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return {year, month, day};
}

std::optional<CivilDate> nth_weekday(int year, int month, int weekday, int nth) {
  const date::weekday wd{static_cast<unsigned>(weekday % 7)};  // date: 0 = Sunday
  const auto ym = date::year{year} / date::month{static_cast<unsigned>(month)};
  if (nth < 0) {
    return civil(date::year_month_day{date::sys_days{ym / wd[date::last]}});
  }
  const auto v = ym / wd[static_cast<unsigned>(nth)];
  if (!v.ok()) return std::nullopt;
  return civil(date::year_month_day{date::sys_days{v}});
}

std::string year_string(int year) {
  std::string s = std::to_string(year < 0 ? -year : year);
  while (s.size() < 4) s.insert(s.begin(), '0');
  if (year < 0) s.insert(s.begin(), '-');
  return s;
}

std::string two_digits(int v) {
  std::string s = std::to_string(v);
  if (s.size() < 2) s.insert(s.begin(), '0');
  return s;
}

}  // namespace entente::temporal
