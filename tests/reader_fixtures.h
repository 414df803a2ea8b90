// Fixtures of the reader tests (pipeline_test*.cc): a scratch folder and read_stories
// collected into vectors.
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "entente/pipeline.h"

namespace entente {
inline namespace reader_fixtures {

namespace fs = std::filesystem;

// A scratch folder removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("entente-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  static int& counter() {
    static int n = 0;  // test-only scratch numbering
    return n;
  }
  std::string write(const std::string& name, const std::string& bytes) const {
    const fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
};

struct Collected {
  std::vector<Document> docs;
  std::vector<Error> problems;
};

inline Collected read(const std::vector<std::string>& inputs, ReadOptions options = {}) {
  Collected c;
  read_stories(
      inputs, options,
      [&](Document&& d) {
        c.docs.push_back(std::move(d));
        return true;
      },
      [&](const Error& e) { c.problems.push_back(e); });
  return c;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace reader_fixtures
}  // namespace entente
