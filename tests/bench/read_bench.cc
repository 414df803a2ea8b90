// Reading speed of the story readers alone (read_stories, no pipeline stage): for each input
// (a file or a folder), the best of three runs on one core, in stories/s and MB/s of input
// bytes and of story text. scripts/bench_read.sh makes the inputs from one JSON Lines corpus.
// Usage: entente_read_bench INPUT...
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "entente/lexicon.h"
#include "entente/pipeline.h"

namespace {

uintmax_t input_bytes(const std::filesystem::path& p) {
  std::error_code ec;
  if (!std::filesystem::is_directory(p, ec)) return std::filesystem::file_size(p, ec);
  uintmax_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(p, ec)) {
    if (e.is_regular_file(ec)) n += e.file_size(ec);
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace entente;
  auto lexicon = Lexicon::load({});
  if (!lexicon) {
    std::fprintf(stderr, "%s\n", lexicon.error().to_string().c_str());
    return 78;
  }
  ReadOptions options;
  options.limits.max_document_bytes = size_t{1} << 30;  // one XML message holds every story
  options.columns.names = load_column_names(*lexicon.value()).value().names;
  options.page = load_page_rules(*lexicon.value()).value();
  std::printf("%-28s %10s %9s %10s %9s %9s %9s\n", "input", "input MB", "stories", "text MB",
              "seconds", "in MB/s", "text MB/s");
  for (int i = 1; i < argc; ++i) {
    double best = 1e30;
    size_t stories = 0, text = 0, problems = 0;
    for (int run = 0; run < 3; ++run) {
      stories = text = problems = 0;
      const auto t0 = std::chrono::steady_clock::now();
      read_stories(
          {argv[i]}, options,
          [&](Document&& d) {
            ++stories;
            text += d.text.size();
            return true;
          },
          [&](const Error&) { ++problems; });
      const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
      best = std::min(best, dt.count());
    }
    const double in_mb = static_cast<double>(input_bytes(argv[i])) / 1e6;
    const double text_mb = static_cast<double>(text) / 1e6;
    std::printf("%-28s %10.1f %9zu %10.1f %9.3f %9.1f %9.1f%s\n",
                std::filesystem::path(argv[i]).filename().c_str(), in_mb, stories, text_mb, best,
                in_mb / best, text_mb / best, problems > 0 ? "  (problems!)" : "");
  }
  return 0;
}
