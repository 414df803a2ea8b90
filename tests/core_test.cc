#include "entente/core.h"

#include <doctest/doctest.h>

namespace entente {
TEST_SUITE("core") {
  TEST_CASE("CivilDate: leap days exist only in leap years") {
    CHECK(CivilDate{2024, 2, 29}.valid());
    CHECK_FALSE(CivilDate{2023, 2, 29}.valid());
    CHECK_FALSE(CivilDate{1900, 2, 29}.valid());
    CHECK(CivilDate{2000, 2, 29}.valid());
    CHECK_FALSE(CivilDate{2023, 4, 31}.valid());
    CHECK_FALSE(CivilDate{2023, 13, 1}.valid());
  }

  TEST_CASE("CivilDate: serial days round-trip and weekdays are ISO") {
    const CivilDate d{2023, 8, 29};
    CHECK(CivilDate::from_serial(d.serial()) == d);
    CHECK(d.iso_weekday() == 2);  // a Tuesday
    CHECK(CivilDate{1970, 1, 1}.serial() == 0);
    CHECK(CivilDate::from_serial(-1) == CivilDate{1969, 12, 31});
    CHECK(d.iso() == "2023-08-29");
  }

  TEST_CASE("CivilDate: parse_iso rejects impossible dates with the text quoted") {
    auto ok = CivilDate::parse_iso("2024-02-29");
    REQUIRE(ok.ok());
    CHECK(ok.value() == CivilDate{2024, 2, 29});
    auto bad = CivilDate::parse_iso("2023-02-30");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == Errc::InvalidInput);
    CHECK(bad.error().message.find("\"2023-02-30\" is not a calendar date") != std::string::npos);
    auto shape = CivilDate::parse_iso("29/08/2023");
    REQUIRE_FALSE(shape.ok());
    CHECK(shape.error().message.find("YYYY-MM-DD") != std::string::npos);
  }

  TEST_CASE("UTF-8: the first invalid byte is located") {
    CHECK_FALSE(find_invalid_utf8("plain ascii").has_value());
    CHECK_FALSE(find_invalid_utf8("caf\xC3\xA9 \xE2\x80\x9Cquote\xE2\x80\x9D").has_value());
    CHECK(find_invalid_utf8("ab\xFF" "cd").value() == 2);
    CHECK(find_invalid_utf8("ab\xC3").value() == 2);           // truncated sequence
    CHECK(find_invalid_utf8("\xC0\xAF").value() == 0);         // overlong slash
    CHECK(find_invalid_utf8("x\xED\xA0\x80").value() == 1);    // surrogate
    CHECK(repair_utf8("ab\xFF" "cd") == "ab\xEF\xBF\xBD" "cd");
  }

  TEST_CASE("Messages: quoted text is cut at 60 bytes on a character boundary") {
    CHECK(quote_for_message("Feb 30") == "\"Feb 30\"");
    std::string long_text(58, 'a');
    long_text += "\xC3\xA9\xC3\xA9";  // the cut falls inside the second e-acute
    const std::string q = quote_for_message(long_text);
    CHECK(q == "\"" + std::string(58, 'a') + "\xC3\xA9...\"");
    CHECK(quote_for_message("a\nb") == "\"a\\x0Ab\"");
  }

  TEST_CASE("Result: holds a value or an error, never both") {
    Result<int> good = 7;
    CHECK(good.ok());
    CHECK(good.value() == 7);
    Result<int> bad = make_error(Errc::NotFound, "no such file", "x.txt");
    CHECK_FALSE(bad.ok());
    CHECK(bad.error().to_string() == "x.txt: no such file");
  }
}
}  // namespace entente
