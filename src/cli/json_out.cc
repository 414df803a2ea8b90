#include "cli/json_out.h"

#include <iostream>
#include <thread>

#include "entente/io.h"

namespace entente::cli {

Result<void> StoryOptions::apply(PipelineOptions& p, ReadOptions& r) const {
  if (!dct.empty()) {
    auto d = CivilDate::parse_iso(dct);
    if (!d) return make_error(Errc::InvalidInput, "--dct: " + d.error().message);
    p.default_dct = d.value();
  }
  if (prefer == "past") p.temporal.prefer = Prefer::Past;
  if (prefer == "future") p.temporal.prefer = Prefer::Future;
  if (prefer == "nearest") p.temporal.prefer = Prefer::Nearest;
  if (date_order == "dmy") p.temporal.date_order = DateOrder::DayMonth;
  p.code.keep_negated = !drop_negated;
  p.code.parser_model = parser_model;
  p.code.keep_trees = keep_trees;
  r.lenient_utf8 = lenient_utf8;
  r.limits.max_document_bytes = max_story_bytes;
  r.stdin_stream = &std::cin;
  return {};
}

size_t StoryOptions::threads() const {
  if (jobs > 0) return jobs;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

std::optional<Pipeline> build_pipeline(Context& ctx, const StoryOptions& story, ReadOptions& read,
                                       int& code) {
  PipelineOptions popts;
  popts.lexicon = ctx.lexicon_options();
  if (auto ok = story.apply(popts, read); !ok) {
    ctx.diagnose(ok.error());
    code = kExitUsage;
    return std::nullopt;
  }
  auto pipeline = Pipeline::create(popts);
  if (!pipeline) {
    ctx.diagnose(pipeline.error());
    code = exit_code_for(pipeline.error().code);
    return std::nullopt;
  }
  if (int c = apply_reader_options(ctx, pipeline->lexicon(), story.columns, story.format, read);
      c != kExitOk) {
    code = c;
    return std::nullopt;
  }
  return std::move(pipeline.value());
}

int apply_reader_options(Context& ctx, const Lexicon& lexicon, const std::string& columns,
                         const std::string& format, ReadOptions& read) {
  auto names = load_column_names(lexicon);
  if (!names) {
    ctx.diagnose(names.error());
    return exit_code_for(names.error().code);
  }
  read.columns.names = std::move(names->names);
  auto page = load_page_rules(lexicon);
  if (!page) {
    ctx.diagnose(page.error());
    return exit_code_for(page.error().code);
  }
  read.page = std::move(page.value());
  if (auto ok = parse_column_spec(columns, read.columns); !ok) {
    ctx.diagnose(ok.error());
    return kExitUsage;
  }
  if (!format.empty()) {
    auto f = parse_story_format(format);
    if (!f) {
      ctx.diagnose(f.error());
      return kExitUsage;
    }
    read.format = f.value();
  }
  return kExitOk;
}

int finish_output(Context& ctx, int code) {
  ctx.out->flush();
  if (!*ctx.out) {
    ctx.diagnose(make_error(Errc::Io, "cannot write to standard output"));
    return kExitIoErr;
  }
  return code;
}

int run_stories(Context& ctx, const Pipeline& pipeline, const std::vector<std::string>& inputs,
                const ReadOptions& read, size_t threads,
                const std::function<void(StoryResult&&)>& sink) {
  constexpr size_t kChunkStories = 512;
  constexpr size_t kChunkBytes = 16u << 20;
  bool missing = false, rejected = false, stop = false;
  size_t stories = 0;
  std::vector<Document> chunk;
  size_t chunk_bytes = 0;
  auto report = [&](const Error& e) {
    if (e.code == Errc::NotFound) {
      missing = true;
    } else {
      rejected = true;
    }
    ctx.diagnose(e);
    if (ctx.global.fail_fast) stop = true;
  };
  auto flush = [&] {
    pipeline.process_all(std::move(chunk), threads, [&](Result<StoryResult>&& r) {
      if (!r) {
        report(r.error());
        return;
      }
      ++stories;
      sink(std::move(r.value()));
    });
    chunk.clear();
    chunk_bytes = 0;
    if (ctx.err_is_terminal && !ctx.global.quiet) {
      *ctx.err << "\r" << stories << " stories" << std::flush;
    }
  };
  std::vector<std::string> in = inputs;
  if (in.empty()) in.push_back("-");
  read_stories(
      in, read,
      [&](Document&& doc) {
        chunk_bytes += doc.text.size();
        chunk.push_back(std::move(doc));
        if (chunk.size() >= kChunkStories || chunk_bytes >= kChunkBytes) flush();
        return !stop;
      },
      report);
  if (!chunk.empty()) flush();
  if (ctx.err_is_terminal && !ctx.global.quiet) *ctx.err << "\r" << std::string(24, ' ') << "\r";
  if (missing) return kExitNoInput;
  if (rejected) return kExitDataErr;
  return kExitOk;
}

}  // namespace entente::cli
