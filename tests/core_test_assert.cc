// ENTENTE_ASSERT as a release build compiles it (NDEBUG): a broken invariant returns Internal
// from the enclosing function instead of going unnoticed. (The debug form aborts; the other
// test files see that one.)
#ifndef NDEBUG
#define NDEBUG 1
#endif
#include <doctest/doctest.h>

#include <string>

#include "entente/core.h"

namespace entente {
namespace {

Result<int> halve(int n) {
  ENTENTE_ASSERT(n % 2 == 0, "callers pass even numbers");
  return n / 2;
}

Result<void> check_size(size_t used, size_t size) {
  ENTENTE_ASSERT(used <= size, "arena sized to the text");
  return {};
}

}  // namespace

TEST_SUITE("core") {
  TEST_CASE("ENTENTE_ASSERT in a release build returns Internal with the place") {
    auto ok = halve(4);
    REQUIRE(ok.ok());
    CHECK(ok.value() == 2);
    auto bad = halve(3);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == Errc::Internal);
    CHECK(bad.error().message ==
          "assertion failed: n % 2 == 0 (callers pass even numbers); "
          "please report it");
    // The place is the path in the source tree, not the build machine's.
    CHECK(bad.error().where.rfind("tests/core_test_assert.cc:", 0) != std::string::npos);
    CHECK(check_size(3, 4).ok());
    auto v = check_size(5, 4);
    REQUIRE_FALSE(v.ok());
    CHECK(v.error().code == Errc::Internal);
  }
}

}  // namespace entente
