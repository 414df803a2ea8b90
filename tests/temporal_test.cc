#include "entente/temporal.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "lexicon/data.h"

namespace entente {
namespace {

// The temporal and abbreviation data of the source tree (not the other lexicons).
std::shared_ptr<const Lexicon> temporal_lexicon() {
  LexiconOptions o;
  o.data_dir = std::string(ENTENTE_SOURCE_DIR) + "/data/temporal";
  o.extra_files = {std::string(ENTENTE_SOURCE_DIR) + "/data/text/abbreviations.json"};
  auto lex = Lexicon::load(o);
  REQUIRE_MESSAGE(lex.ok(), (lex.ok() ? std::string() : lex.error().to_string()));
  return lex.value();
}

// The abbreviation lists, read the way the pipeline reads them.
SegmenterRules rules_of(const Lexicon& lex) {
  SegmenterRules r;
  for (const auto& kd : detail::docs_of_kind(lex, "abbreviations")) {
    auto read = [&](const char* key, std::vector<std::string>& out) {
      auto it = kd.root->FindMember(key);
      if (it == kd.root->MemberEnd()) return;
      for (const auto& w : it->value.GetArray()) out.emplace_back(w.GetString());
    };
    read("abbreviations", r.abbreviations);
    read("sentence_final", r.sentence_final_abbrev);
    read("number_prefixes", r.number_prefixes);
    read("capitalized_abbreviations", r.capitalized_abbreviations);
    read("sentence_starters", r.sentence_starters);
  }
  return r;
}

struct Fixture {
  std::shared_ptr<const Lexicon> lex = temporal_lexicon();
  Segmenter seg{rules_of(*lex), {}};

  std::vector<TimeExpr> tag(const std::string& text, std::optional<CivilDate> dct,
                            TemporalOptions opts = {}) {
    auto tagger = TimeTagger::create(*lex, opts);
    REQUIRE(tagger.ok());
    Document doc;
    doc.text = text;
    doc.dct = dct;
    auto s = seg.segment(doc);
    REQUIRE(s.ok());
    auto t = tagger->tag(doc, s.value());
    REQUIRE(t.ok());
    return t.value();
  }

  // The longest expression (the first on a tie), if any.
  std::optional<TimeExpr> longest(const std::string& text, CivilDate dct,
                                  TemporalOptions opts = {}) {
    const auto all = tag(text, dct, opts);
    const TimeExpr* best = nullptr;
    for (const auto& e : all) {
      if (!best || e.span.size() > best->span.size()) best = &e;
    }
    return best ? std::optional<TimeExpr>(*best) : std::nullopt;
  }

  // The value of the longest expression, or "" when none.
  std::string value(const std::string& text, CivilDate dct, TemporalOptions opts = {}) {
    const auto best = longest(text, dct, opts);
    return best ? best->value : std::string();
  }
};

CivilDate d(int y, int m, int day) { return CivilDate{y, m, day}; }

struct Row {
  const char* text;
  CivilDate dct;
  const char* expected;  // "" = no expression
};

void check_rows(const std::vector<Row>& rows, TemporalOptions opts = {}) {
  Fixture f;
  for (const auto& row : rows) {
    const std::string text = row.text;
    const std::string dct = row.dct.iso();
    CAPTURE(text);
    CAPTURE(dct);
    CHECK(f.value(row.text, row.dct, opts) == row.expected);
  }
}

const CivilDate kTue = d(2023, 8, 29);  // a Tuesday

}  // namespace

TEST_SUITE("temporal") {
  TEST_CASE("TimeTagger: weekdays follow the tense of their clause") {
    check_rows({
        {"Tuesday", kTue, "2023-08-29"},
        {"the ministers met on Monday", kTue, "2023-08-28"},
        {"On Wednesday, the delegation flew home", kTue, "2023-08-23"},
        {"the ministers will meet on Monday", kTue, "2023-09-04"},
        {"the envoy is due to arrive on Thursday", kTue, "2023-08-31"},
        {"the vote is expected to take place on Friday", kTue, "2023-09-01"},
        {"the ministers would meet on Saturday, he said", kTue, "2023-09-02"},
        {"talks have been held since Sunday", kTue, "2023-08-27"},
        {"the treaty will be signed on Friday", kTue, "2023-09-01"},
        {"the treaty was signed on Friday", kTue, "2023-08-25"},
        {"the president is meeting the envoy on Friday", kTue, "2023-09-01"},
        {"the president was meeting the envoy on Friday", kTue, "2023-08-25"},
        {"the bill is passed on Sept. 12", kTue, "2023-09-12"},
        {"the two sides agreed to meet on Thursday", kTue, "2023-08-31"},
        {"the summit, which opened Tuesday, will close on Thursday", kTue, "2023-08-31"},
        {"the envoy, who will leave soon, arrived on Sunday", kTue, "2023-08-27"},
        {"last Tuesday", kTue, "2023-08-22"},
        {"next Tuesday", kTue, "2023-09-05"},
        {"last Wednesday", kTue, "2023-08-23"},
        {"next Monday", kTue, "2023-09-04"},
        {"this Saturday", kTue, "2023-09-02"},
        {"this Monday", kTue, "2023-08-28"},
        {"Monday next week", kTue, "2023-09-04"},
        {"Friday last week", kTue, "2023-08-25"},
        {"the ministry said late Monday", kTue, "2023-08-28"},
        {"Monday night", kTue, "2023-08-28"},
        {"Sunday's vote", kTue, "2023-08-27"},
    });
  }

  TEST_CASE("TimeTagger: deictic words and unit offsets") {
    check_rows({
        {"today", kTue, "2023-08-29"},
        {"tonight", kTue, "2023-08-29"},
        {"yesterday", kTue, "2023-08-28"},
        {"tomorrow", kTue, "2023-08-30"},
        {"last night", kTue, "2023-08-28"},
        {"this morning", kTue, "2023-08-29"},
        {"yesterday afternoon", kTue, "2023-08-28"},
        {"the day after tomorrow", kTue, "2023-08-31"},
        {"the day before yesterday", kTue, "2023-08-27"},
        {"two days ago", kTue, "2023-08-27"},
        {"a week ago", kTue, "2023-W34"},
        {"three weeks ago", kTue, "2023-W32"},
        {"two months ago", kTue, "2023-06"},
        {"three years ago", kTue, "2020"},
        {"a decade ago", kTue, "201X"},
        {"in two weeks", kTue, "2023-W37"},
        {"in 3 days", kTue, "2023-09-01"},
        {"five days from now", kTue, "2023-09-03"},
        {"a couple of days ago", kTue, "2023-08-27"},
        {"twenty five years ago", kTue, "1998"},
        {"in 2 hours", kTue, "2023-08-29"},
        {"48 hours ago", kTue, "2023-08-27"},
        {"a fortnight ago", kTue, "2023-W33"},
    });
  }

  TEST_CASE("TimeTagger: this, last and next units, and part words") {
    check_rows({
        {"last week", kTue, "2023-W34"},
        {"this week", kTue, "2023-W35"},
        {"next week", kTue, "2023-W36"},
        {"earlier this week", kTue, "2023-W35"},
        {"last month", kTue, "2023-07"},
        {"next month", kTue, "2023-09"},
        {"later this month", kTue, "2023-08"},
        {"last year", kTue, "2022"},
        {"next year", kTue, "2024"},
        {"earlier this year", kTue, "2023"},
        {"by the end of the year", kTue, "2023"},
        {"the end of next month", kTue, "2023-09"},
        {"end of month", kTue, "2023-08"},
        {"late last year", kTue, "2022"},
        {"last quarter", kTue, "2023-Q2"},
        {"this weekend", kTue, "2023-W35-WE"},
        {"last weekend", kTue, "2023-W34-WE"},
        {"over the weekend", kTue, "2023-W34-WE"},
        {"this decade", kTue, "202X"},
    });
  }

  TEST_CASE("TimeTagger: month names without a year follow the tense") {
    check_rows({
        {"in July", kTue, "2023-07"},
        {"in March", kTue, "2023-03"},
        {"in October", kTue, "2023-10"},
        {"talks began in September", kTue, "2022-09"},
        {"elections will be held in September", kTue, "2023-09"},
        {"he will visit in March", kTue, "2024-03"},
        {"last September", kTue, "2022-09"},
        {"last August", kTue, "2022-08"},
        {"last February", kTue, "2023-02"},
        {"next March", kTue, "2024-03"},
        {"next September", kTue, "2023-09"},
        {"in mid-August", kTue, "2023-08"},
        {"in early March", kTue, "2023-03"},
        {"at the end of August", kTue, "2023-08"},
        {"the offensive began in March", d(2024, 1, 3), "2023-03"},
    });
  }

  TEST_CASE("TimeTagger: explicit and partial dates") {
    check_rows({
        {"Aug. 28", kTue, "2023-08-28"},
        {"the envoys will meet again on Sept. 5", kTue, "2023-09-05"},
        {"the council voted on Dec. 12", kTue, "2022-12-12"},
        {"the council will vote on Dec. 12", kTue, "2023-12-12"},
        {"on Monday, Aug. 28, 2023", kTue, "2023-08-28"},
        {"Aug. 28, 2023", kTue, "2023-08-28"},
        {"28 August 2023", kTue, "2023-08-28"},
        {"the 3rd of March 2021", kTue, "2021-03-03"},
        {"March 5th, 2024", kTue, "2024-03-05"},
        {"on the twenty-first of June 2022", kTue, "2022-06-21"},
        {"in 2019", kTue, "2019"},
        {"since 2019", kTue, "2019"},
        {"in August 2021", kTue, "2021-08"},
        {"in May of 2020", kTue, "2020-05"},
        {"Aug. 28-30", kTue, "2023-08-28"},
        {"from Aug. 28 to Sept. 1", kTue, "2023-08-28"},
        {"the 1990s", kTue, "199X"},
        {"the '80s", kTue, "198X"},
        {"the 19th century", kTue, "18XX"},
        {"in the third quarter of 2022", kTue, "2022-Q3"},
        {"Q1 2024", kTue, "2024-Q1"},
        {"the summer of 2019", kTue, "2019-SU"},
        {"last winter", kTue, "2022-WI"},
        {"this summer", kTue, "2023-SU"},
        {"2020-W53", kTue, "2020-W53"},
        {"the first Monday of September 2023", kTue, "2023-09-04"},
        {"the last Friday of next month", kTue, "2023-09-29"},
        {"on the 28th", kTue, "2023-08-28"},
        {"the week after next", kTue, "2023-W37"},
        {"the month before last", kTue, "2023-06"},
        {"the 5th of next month", kTue, "2023-09-05"},
        {"next week Friday", kTue, "2023-09-08"},
        {"from 1990-95", kTue, "1990"},
        {"since 9/11", kTue, "2022-09-11"},
        {"relations have been tense since October", kTue, "2022-10"},
        {"right now", kTue, "2023-08-29"},
        {"the vote took place on the 30th", kTue, "2023-07-30"},
    });
  }

  TEST_CASE("TimeTagger: numeric dates in ISO, US and day-first order") {
    check_rows({
        {"2023-08-28", kTue, "2023-08-28"},
        {"08/28/2023", kTue, "2023-08-28"},
        {"8/7/2023", kTue, "2023-08-07"},
        {"8/7/23", kTue, "2023-08-07"},
        {"28/08/2023", kTue, "2023-08-28"},
        {"2023/08/28", kTue, "2023-08-28"},
        {"on 5/6", kTue, "2023-05-06"},
        {"payment due by 12/1", kTue, "2023-12-01"},
    });
    TemporalOptions dmy;
    dmy.date_order = DateOrder::DayMonth;
    check_rows({{"8/7/2023", kTue, "2023-07-08"},
                {"28.08.2023", kTue, "2023-08-28"},
                {"on 5/6", kTue, "2023-06-05"}},
               dmy);
  }

  TEST_CASE("TimeTagger: a weekday with a date picks the year in which it agrees") {
    check_rows({
        {"Monday, Aug. 28", kTue, "2023-08-28"},
        {"Sunday, Feb. 10", kTue, "2019-02-10"},
        {"Friday the 13th", kTue, "2023-10-13"},
    });
  }

  TEST_CASE("TimeTagger: holidays take the most recent occurrence, or the next one ahead") {
    const CivilDate jan3 = d(2024, 1, 3);
    check_rows({
        {"on New Year's Day", jan3, "2024-01-01"},
        {"on Christmas Day", jan3, "2023-12-25"},
        {"on Christmas Eve", jan3, "2023-12-24"},
        {"on Independence Day", jan3, "2023-07-04"},
        {"Thanksgiving", jan3, "2023-11-23"},
        {"Easter", jan3, "2023-04-09"},
        {"the talks will resume after Easter", jan3, "2024-03-31"},
        {"Good Friday 2025", jan3, "2025-04-18"},
        {"Easter Monday 2000", jan3, "2000-04-24"},
        {"Labor Day", kTue, "2022-09-05"},
        {"Memorial Day 2023", kTue, "2023-05-29"},
        {"Election Day 2024", kTue, "2024-11-05"},
        {"last Christmas", kTue, "2022-12-25"},
        {"next Christmas", kTue, "2023-12-25"},
    });
  }

  TEST_CASE("TimeTagger: anaphoric phrases count from the last mentioned date") {
    check_rows({
        {"the previous day", d(2023, 8, 28), "2023-08-27"},
        {"the following day", d(2023, 8, 28), "2023-08-29"},
        {"the next day", d(2023, 8, 24), "2023-08-25"},
        {"two days later", d(2023, 8, 24), "2023-08-26"},
        {"a day earlier", d(2023, 8, 28), "2023-08-27"},
        {"the day before", d(2023, 8, 28), "2023-08-27"},
        {"the following week", d(2023, 8, 28), "2023-W36"},
    });
    Fixture f;
    const auto all = f.tag(
        "The talks opened on Monday, Aug. 21, in Geneva. The following day, the envoys left. "
        "Three days later they met again.",
        kTue);
    REQUIRE(all.size() == 3);
    CHECK(all[0].value == "2023-08-21");
    CHECK(all[1].value == "2023-08-22");
    CHECK(all[1].anaphoric);
    CHECK(all[2].value == "2023-08-25");

    // A coarser anaphor counts from the last date of its own granularity or finer.
    const auto years = f.tag(
        "The war began in 2014. The following year a truce was signed. "
        "Two years later it collapsed.",
        kTue);
    REQUIRE(years.size() == 3);
    CHECK(years[1].value == "2015");
    CHECK(years[2].value == "2017");
    const auto months = f.tag("Talks opened in March 2021. The next month they stalled.", kTue);
    REQUIRE(months.size() == 2);
    CHECK(months[1].value == "2021-04");
  }

  TEST_CASE("TimeTagger: --prefer overrides the tense for the whole run") {
    TemporalOptions future;
    future.prefer = Prefer::Future;
    check_rows({{"next Friday at 5pm", kTue, "2023-09-01"},
                {"Friday", kTue, "2023-09-01"},
                {"the ministers met on Friday", kTue, "2023-09-01"},
                {"Jan 5th", kTue, "2024-01-05"},
                {"the 3rd of March", kTue, "2024-03-03"},
                {"on 5/6", kTue, "2024-05-06"},
                {"tomorrow", kTue, "2023-08-30"},
                {"this Saturday", kTue, "2023-09-02"},
                {"in 3 days", kTue, "2023-09-01"},
                {"Christmas", kTue, "2023-12-25"},
                {"in March", kTue, "2024-03"},
                {"Monday, January 3rd", kTue, "2028-01-03"},
                {"March", kTue, "2024-03"}},
               future);
    TemporalOptions past;
    past.prefer = Prefer::Past;
    check_rows({{"they will meet on Friday", kTue, "2023-08-25"},
                {"in October", kTue, "2022-10"},
                {"Jan 5th", kTue, "2023-01-05"}},
               past);
    TemporalOptions nearest;
    nearest.prefer = Prefer::Nearest;
    check_rows({{"Wednesday", kTue, "2023-08-30"},
                {"Sunday", kTue, "2023-08-27"},
                {"in January", kTue, "2024-01"},
                {"in May", kTue, "2023-05"}},
               nearest);
  }

  TEST_CASE("TimeTagger: false positives are not dates") {
    check_rows({
        {"Theresa May said the plan had failed", kTue, ""},
        {"May said no", kTue, ""},
        {"you may leave soon", kTue, ""},
        {"the cut was reduced by 2/3", kTue, ""},
        {"protesters march on the capital", kTue, ""},
        {"March on, they said", kTue, ""},
        {"the sun rose over the hills", kTue, ""},
        {"Lakers beat the Celtics 2-15", kTue, ""},
        {"the motion passed by 12-3", kTue, ""},
        {"call 555-1234 for details", kTue, ""},
        {"the account number is 1234567", kTue, ""},
        {"a 2/3 majority is needed", kTue, ""},
        {"he scored 1500 points", kTue, ""},
        {"the fall of the Berlin Wall", kTue, ""},
        {"the Arab Spring", kTue, ""},
        {"the 28th floor", kTue, ""},
        {"an asteroid that stays close to the Sun", kTue, ""},
        {"the fall-out from the report", kTue, ""},
        {"the Spring Festival holiday", kTue, ""},
        {"the first United States case", kTue, ""},
        {"the film Apocalypse Now", kTue, ""},
        {"celebrations for the Lunar New Year", kTue, ""},
        {"shares of 21st Century Fox", kTue, ""},
        {"the vote on the first", kTue, "2023-08-01"},
        {"on Sun. the talks ended", kTue, "2023-08-27"},
        {"Feb. 30", kTue, ""},
        {"Feb. 29, 2023", kTue, ""},
        {"02/30/2023", kTue, ""},
        {"2023-13-01", kTue, ""},
        {"a fourth quarter of the pie", kTue, "2023-Q4"},
    });
  }

  TEST_CASE("TimeTagger: durations are DURATION values and never points") {
    struct DurRow {
      const char* text;
      const char* value;  // "" = no expression
      const char* begin;  // "" = no interval (not anchored)
      const char* end;
    };
    const std::vector<DurRow> rows = {
        // The WCEP sentences of issue 15 as regressions, then the general shapes.
        {"It is the first time in 27 years that the party lost.", "P27Y", "", ""},
        {"A court jails the former minister for 25 years.", "P25Y", "", ""},
        {"the first visit by a head of state in 300 years", "P300Y", "", ""},
        {"The highest level visit in 42 years prompted anger.", "P42Y", "", ""},
        {"They sign the sixth peace agreement in five years.", "P5Y", "", ""},
        {"Shares slide to their lowest levels in 13 years.", "P13Y", "", ""},
        {"The bridge was built in three years.", "P3Y", "", ""},
        {"It is banned from politics for eight years.", "P8Y", "", ""},
        {"Fiji must hold elections within two years.", "P2Y", "", ""},
        {"He is arrested after more than 24 years on the run.", "P24Y", "", ""},
        {"The wall is removed four years after a court ordered it.", "P4Y", "", ""},
        {"after two decades of war", "P2DE", "", ""},
        {"talks went on for five hours", "PT5H", "", ""},
        {"for several weeks", "PXW", "", ""},
        {"Deaths rose over the past week.", "P1W", "2023-08-22", "2023-08-29"},
        {"in the past year", "P1Y", "2022-08-29", "2023-08-29"},
        {"the last two weeks", "P2W", "2023-08-15", "2023-08-29"},
        {"the next three months", "P3M", "2023-08-29", "2023-11-29"},
        // Points stay points.
        {"The plant will be built in five years.", "2028", "2028-01-01", "2028-12-31"},
        {"two days later the talks resumed", "2023-08-31", "2023-08-31", "2023-08-31"},
        {"three years ago", "2020", "2020-01-01", "2020-12-31"},
        {"last week", "2023-W34", "2023-08-21", "2023-08-27"},
        {"next week", "2023-W36", "2023-09-04", "2023-09-10"},
    };
    Fixture f;
    for (const auto& row : rows) {
      CAPTURE(row.text);
      const auto best = f.longest(row.text, kTue);
      REQUIRE(best.has_value());
      CHECK(best->value == std::string(row.value));
      const bool duration = row.value[0] == 'P';
      CHECK((best->type == TimexType::Duration) == duration);
      CHECK((best->date_begin ? best->date_begin->iso() : std::string()) == row.begin);
      CHECK((best->date_end ? best->date_end->iso() : std::string()) == row.end);
    }
  }

  TEST_CASE("TimeTagger: counts before nouns are not years, years in noun phrases are marked") {
    check_rows({
        {"During demonstrations approximately 1000 people call for jobs.", kTue, ""},
        {"The army sends 1000 troops and 2000 police.", kTue, ""},
        {"2,000 refugees cross the border.", kTue, ""},
        {"some 1500 soldiers were deployed", kTue, ""},
        {"the Security Council passes Resolution 2087", kTue, ""},
        {"He was born in 1994.", kTue, "1994"},
        {"the 1994-95 season", kTue, "1994"},
        {"the 2004 elections", kTue, "2004"},
    });
    struct NpRow {
      const char* text;
      bool modifies_noun;
    };
    const std::vector<NpRow> rows = {
        {"the 1994 genocide", true},
        {"its 2019 budget", true},
        {"bids for the 2016 Summer Olympics", true},
        {"Qatar's 2022 World Cup venues", true},
        {"the talks failed in 1994", false},
        {"In 2014 Obama visited Tokyo", false},
        {"Elections are held in 2007 and 2008.", false},
    };
    Fixture f;
    for (const auto& row : rows) {
      CAPTURE(row.text);
      const auto all = f.tag(row.text, kTue);
      REQUIRE(!all.empty());
      CHECK(all.front().type == TimexType::Date);
      CHECK(all.front().modifies_noun == row.modifies_noun);
    }
  }

  TEST_CASE("TimeTagger: leap days and ISO week 53") {
    check_rows({
        {"yesterday", d(2024, 3, 1), "2024-02-29"},
        {"the summit ended on Thursday", d(2024, 3, 1), "2024-02-29"},
        {"tomorrow", d(2024, 2, 28), "2024-02-29"},
        {"tomorrow", d(2023, 2, 28), "2023-03-01"},
        {"Feb. 29, 2024", kTue, "2024-02-29"},
        {"on Feb. 29", d(2024, 3, 10), "2024-02-29"},
        {"a year ago", d(2024, 2, 29), "2023"},
        {"last week", d(2021, 1, 4), "2020-W53"},
        {"this week", d(2021, 1, 1), "2020-W53"},
        {"next week", d(2020, 12, 24), "2020-W53"},
        {"next week", d(2020, 12, 31), "2021-W01"},
        {"this week", d(2019, 12, 30), "2020-W01"},
        {"a week ago", d(2016, 1, 8), "2015-W53"},
    });
  }

  TEST_CASE("TimeTagger: granularity, modifier, interval and span of an expression") {
    Fixture f;
    const std::string text = "Prices rose in mid-August and fell last week.";
    const auto all = f.tag(text, kTue);
    REQUIRE(all.size() == 2);
    CHECK(text.substr(all[0].span.begin, all[0].span.size()) == "mid-August");
    CHECK(all[0].granularity == Granularity::Month);
    CHECK(all[0].mod == "MID");
    CHECK(all[0].date_begin == d(2023, 8, 1));
    CHECK(all[0].date_end == d(2023, 8, 31));
    CHECK(text.substr(all[1].span.begin, all[1].span.size()) == "last week");
    CHECK(all[1].granularity == Granularity::Week);
    CHECK(all[1].date_begin == d(2023, 8, 21));
    CHECK(all[1].date_end == d(2023, 8, 27));
    CHECK(all[1].sentence == 0);

    const auto w = f.tag("last winter", kTue);
    REQUIRE(w.size() == 1);
    CHECK(w[0].date_begin == d(2022, 12, 1));
    CHECK(w[0].date_end == d(2023, 2, 28));
    CHECK(granularity_name(w[0].granularity) == "season");

    const auto q = f.tag("Q4 2023", kTue);
    REQUIRE(q.size() == 1);
    CHECK(q[0].date_begin == d(2023, 10, 1));
    CHECK(q[0].date_end == d(2023, 12, 31));
  }

  TEST_CASE("TimeTagger: without a DCT relative values stay unresolved") {
    Fixture f;
    struct U {
      const char* text;
      const char* value;
    };
    const std::vector<U> rows = {
        {"on Monday", "XXXX-WXX-1"},       {"yesterday", "XXXX-XX-XX"}, {"in July", "XXXX-07"},
        {"last week", "XXXX-WXX"},         {"two years ago", "XXXX"},   {"Aug. 28", "XXXX-08-28"},
        {"on Christmas Day", "XXXX-12-25"}};
    for (const auto& row : rows) {
      const std::string text = row.text;
      CAPTURE(text);
      const auto all = f.tag(row.text, std::nullopt);
      REQUIRE(all.size() == 1);
      CHECK(all[0].value == row.value);
      CHECK_FALSE(all[0].date_begin.has_value());
      CHECK_FALSE(all[0].date_end.has_value());
    }
    const auto fixed = f.tag("Aug. 28, 2023", std::nullopt);
    REQUIRE(fixed.size() == 1);
    CHECK(fixed[0].value == "2023-08-28");
    CHECK(fixed[0].date_begin == d(2023, 8, 28));
  }

  TEST_CASE("TimeTagger: dateline_date reads the publication date of a dateline") {
    Fixture f;
    auto tagger = TimeTagger::create(*f.lex, {});
    REQUIRE(tagger.ok());
    struct DRow {
      const char* text;
      std::optional<CivilDate> hint;
      std::optional<CivilDate> expected;
    };
    const std::vector<DRow> rows = {
        {"BEIJING, Aug. 29 (Reuters) - China said on Tuesday", d(2023, 9, 2), d(2023, 8, 29)},
        {"Aug. 29, 2023 -- The talks", std::nullopt, d(2023, 8, 29)},
        {"WASHINGTON, Tuesday, Aug. 29, 2023 (AP) The talks", std::nullopt, d(2023, 8, 29)},
        {"LONDON, Dec. 30 (Reuters) - Britain said", d(2024, 1, 2), d(2023, 12, 30)},
        {"BEIJING, Aug. 29 (Reuters) - China said", std::nullopt, std::nullopt},
        {"BEIJING (AP) -- China said on Aug. 28", d(2023, 9, 2), std::nullopt},
        {"The talks ended on Aug. 28, 2023.", std::nullopt, std::nullopt},
        {"Russia and Ukraine swap prisoners\n\nSunday, January 8, 2023\nKYIV, Ukraine (AP) "
         "\xE2\x80\x94 "
         "Russia and Ukraine exchanged prisoners on Sunday.",
         std::nullopt, d(2023, 1, 8)},
        {"International\n\nTalks resume\n\nRaimondo speaks in Beijing, Monday, Aug. 28, 2023. "
         "(AP Photo/Andy Wong)\n\nA top official said",
         d(2023, 8, 29), std::nullopt},
        {"Talks set for Sept. 5\nBy Jane Doe\nGENEVA (Reuters) - Envoys will meet.", d(2023, 8, 29),
         std::nullopt},
        {"", d(2023, 9, 2), std::nullopt},
    };
    for (const auto& row : rows) {
      const std::string text = row.text;
      CAPTURE(text);
      Document doc;
      doc.text = row.text;
      const auto got = tagger->dateline_date(doc, row.hint);
      const std::string got_iso = got ? got->iso() : "none";
      const std::string expected_iso = row.expected ? row.expected->iso() : "none";
      CHECK(got_iso == expected_iso);
    }
  }

  TEST_CASE("TimeTagger: parse_reference_date accepts a day and rejects anything else") {
    auto ok = TimeTagger::parse_reference_date("2023-08-29T12:00:00-04:00");
    REQUIRE(ok.ok());
    CHECK(ok.value() == kTue);
    CHECK(TimeTagger::parse_reference_date("2024-02-29").ok());
    for (const char* bad_text : {"2023-02-30", "yesterday", "2023-8-29", "2023-08-29x", ""}) {
      const std::string bad = bad_text;
      CAPTURE(bad);
      auto r = TimeTagger::parse_reference_date(bad);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().code == Errc::InvalidInput);
      CHECK(r.error().message.find("YYYY-MM-DD") != std::string::npos);
    }
  }

  TEST_CASE("TimeTagger: create fails with InvalidData when the temporal data is missing") {
    LexiconOptions o;
    o.data_dir = std::string(ENTENTE_SOURCE_DIR) + "/data/text";
    auto lex = Lexicon::load(o);
    REQUIRE(lex.ok());
    auto t = TimeTagger::create(*lex.value(), {});
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().code == Errc::InvalidData);
    CHECK(t.error().message.find("temporal") != std::string::npos);
    CHECK(t.error().where == "data/temporal");
  }

  TEST_CASE("TimeTagger: a holiday without a usable rule is rejected with its pointer") {
    const auto path = std::filesystem::temp_directory_path() / "entente_bad_holiday.json";
    {
      std::ofstream out(path);
      out << R"({"kind": "temporal", "version": 1,
                 "holidays": [{"id": "ODD", "names": ["odd day"], "month": 5}]})";
    }
    LexiconOptions o;
    o.data_dir = std::string(ENTENTE_SOURCE_DIR) + "/data/temporal";
    o.extra_files = {path.string()};
    auto lex = Lexicon::load(o);
    REQUIRE(lex.ok());
    auto t = TimeTagger::create(*lex.value(), {});
    std::filesystem::remove(path);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().code == Errc::InvalidData);
    CHECK(t.error().message.find("month+day") != std::string::npos);
    CHECK(t.error().where.find("#/holidays/0") != std::string::npos);
  }

  TEST_CASE("TimeTagger: a segmentation from another document is InvalidInput") {
    Fixture f;
    auto tagger = TimeTagger::create(*f.lex, {});
    REQUIRE(tagger.ok());
    Document doc;
    doc.id = "a";
    doc.text = "on Monday";
    Segmentation seg;
    seg.sentences.push_back({{0, 9}, 0, 5, false});
    auto r = tagger->tag(doc, seg);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::InvalidInput);
    CHECK(r.error().message.find("segmentation") != std::string::npos);
    CHECK(r.error().where == "a");
  }
}

}  // namespace entente
