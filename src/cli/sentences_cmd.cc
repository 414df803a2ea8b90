// `entente sentences`: one sentence a line, or with --json one object a line:
// {"doc","index","begin","end","text"} (byte offsets into the story text).
#include <iostream>
#include <ostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/json_out.h"
#include "entente/io.h"
#include "entente/pipeline.h"
#include "pipeline/text_rules.h"

namespace entente::cli {
namespace {

// The sentence on one line: line breaks and tabs inside it become spaces.
void append_flat(std::string_view text, std::string& out) {
  for (char c : text) {
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
}

}  // namespace

int run_sentences(Context& ctx, const SentencesArgs& args) {
  auto lexicon = Lexicon::load(ctx.lexicon_options());
  if (!lexicon) {
    ctx.diagnose(lexicon.error());
    return exit_code_for(lexicon.error().code);
  }
  auto rules = load_segmenter_rules(*lexicon.value());
  if (!rules) {
    ctx.diagnose(rules.error());
    return exit_code_for(rules.error().code);
  }
  SegmenterOptions sopts;
  sopts.max_sentence_tokens = args.max_sentence_tokens;
  const Segmenter segmenter(std::move(rules.value()), sopts);
  ReadOptions ropts;
  ropts.lenient_utf8 = args.lenient_utf8;
  ropts.limits.max_document_bytes = args.max_story_bytes;
  ropts.stdin_stream = &std::cin;
  if (int c = apply_reader_options(ctx, *lexicon.value(), args.columns, args.format, ropts);
      c != kExitOk)
    return c;
  std::vector<std::string> inputs = args.inputs;
  if (inputs.empty()) inputs.push_back("-");
  int code = kExitOk;
  std::string buf;
  read_stories(
      inputs, ropts,
      [&](Document&& doc) {
        auto seg = segmenter.segment(doc);
        if (!seg) {
          ctx.diagnose(seg.error());
          if (code == kExitOk) code = kExitDataErr;
          return !ctx.global.fail_fast;
        }
        buf.clear();
        uint32_t index = 0;
        for (const auto& s : seg->sentences) {
          if (args.json) {
            buf += "{\"doc\":";
            append_json_string(doc.id, buf);
            buf += ",\"index\":" + std::to_string(index) +
                   ",\"begin\":" + std::to_string(s.span.begin) +
                   ",\"end\":" + std::to_string(s.span.end) + ",\"text\":";
            append_json_string(span_text(doc, s.span), buf);
            buf += "}\n";
          } else {
            append_flat(span_text(doc, s.span), buf);
            buf += '\n';
          }
          ++index;
        }
        ctx.out->write(buf.data(), static_cast<std::streamsize>(buf.size()));
        return true;
      },
      [&](const Error& e) {
        ctx.diagnose(e);
        if (code == kExitOk) code = e.code == Errc::NotFound ? kExitNoInput : exit_code_for(e.code);
      });
  return finish_output(ctx, code);
}

}  // namespace entente::cli
