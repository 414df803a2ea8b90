#include "cli/json_out.h"

#include <iostream>
#include <thread>

#include "entente/io.h"

namespace entente::cli {
namespace {

void span_fields(const Document& doc, Span span, std::string& out) {
  out += "\"text\":";
  append_json_string(span_text(doc, span), out);
  out += ",\"begin\":";
  out += std::to_string(span.begin);
  out += ",\"end\":";
  out += std::to_string(span.end);
}

void str_field(const char* key, std::string_view value, std::string& out, bool null_if_empty) {
  out += ",\"";
  out += key;
  out += "\":";
  if (value.empty() && null_if_empty) {
    out += "null";
  } else {
    append_json_string(value, out);
  }
}

}  // namespace

void append_time_json(const Document& doc, const TimeExpr& t, std::string& out) {
  out += '{';
  span_fields(doc, t.span, out);
  str_field("value", t.value, out, false);
  str_field("granularity", granularity_name(t.granularity), out, false);
  str_field("mod", t.mod, out, true);
  str_field("date_begin", t.date_begin ? t.date_begin->iso() : std::string(), out, true);
  str_field("date_end", t.date_end ? t.date_end->iso() : std::string(), out, true);
  out += '}';
}

void append_mention_json(const Document& doc, const ActorMention& m, std::string& out) {
  out += '{';
  span_fields(doc, m.span, out);
  str_field("code", m.actor.code, out, false);
  str_field("country", m.actor.country, out, true);
  str_field("sector", m.actor.sector, out, true);
  str_field("name", m.actor.name, out, true);
  str_field("type", actor_type_name(m.actor.type), out, true);
  str_field("how", mention_how_name(m.how), out, false);
  str_field("entry", m.entry_id, out, true);
  if (m.group >= 0) {
    out += ",\"group\":";
    out += std::to_string(m.group);
  }
  out += '}';
}

void append_action_json(const Document& doc, const ActionMention& a, std::string& out) {
  out += '{';
  span_fields(doc, a.span, out);
  str_field("code", a.code, out, false);
  str_field("pattern", a.pattern, out, true);
  out += ",\"negated\":";
  out += a.negated ? "true" : "false";
  str_field("modality", modality_name(a.modality), out, true);
  out += '}';
}

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
  return std::move(pipeline.value());
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
