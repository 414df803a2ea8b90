// Replays every kept regression input through all fuzz entry points.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_entry.h"

namespace {

std::vector<std::filesystem::path> regress_files() {
  std::vector<std::filesystem::path> out;
  const std::filesystem::path dir = std::string(ENTENTE_TEST_DATA) + "/regress";
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->is_regular_file()) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_SUITE("regress") {
  TEST_CASE("Regressions: every kept input gives a result or an error, no crash") {
    const auto files = regress_files();
    CHECK(files.size() >= 5);
    for (const auto& f : files) {
      CAPTURE(f.string());
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      const std::string bytes = ss.str();
      entente::fuzz::stories(bytes);
      entente::fuzz::segment_and_time(bytes);
      entente::fuzz::lexicon(bytes);
      entente::fuzz::lexicon_alone(bytes);
      entente::fuzz::store(bytes);
      entente::fuzz::parser_model(bytes);
      entente::fuzz::csv(bytes);
      entente::fuzz::xml(bytes);
      entente::fuzz::html(bytes);
    }
  }
}
