// Skipping a test case whose outside requirement (../shared, a Python module, a program) is
// missing, so that it shows as skipped instead of passing without testing anything.
//
// ctest runs each test case in a process of its own with ENTENTE_TEST_SKIP_CODE=77 set and
// SKIP_RETURN_CODE 77 (tests/CMakeLists.txt): ENTENTE_SKIP prints "SKIPPED: why" and ends the
// process with that code, and ctest lists the case as skipped. Run by hand (no such variable),
// it prints the same line and leaves the test case, and the other cases go on.
#pragma once

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace entente::test {

inline void announce_skip(const std::string& why) {
  std::fprintf(stderr, "SKIPPED: %s\n", why.c_str());
  if (const char* code = std::getenv("ENTENTE_TEST_SKIP_CODE"); code && *code) {
    std::fflush(nullptr);
    std::_Exit(std::atoi(code));
  }
}

}  // namespace entente::test

// Skips the rest of the current test case (see above). `why` names what is missing.
#define ENTENTE_SKIP(why)                     \
  do {                                        \
    ::entente::test::announce_skip(why);      \
    MESSAGE("SKIPPED: " << std::string(why)); \
    return;                                   \
  } while (0)
