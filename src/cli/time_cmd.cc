// `entente time`: the time expressions of a text or of stories, one JSON object a line:
// {"text","begin","end","value","granularity","mod","date_begin","date_end"} (byte offsets).
#include <iostream>
#include <ostream>

#include "cli/args.h"
#include "cli/json_out.h"
#include "entente/io.h"
#include "pipeline/text_rules.h"

namespace entente::cli {

int run_time(Context& ctx, const TimeArgs& args) {
  PipelineOptions popts;
  ReadOptions ropts;
  if (!args.story.dct.empty()) {
    // Accept "2023-08-29" and "2023-08-29T12:00:00-04:00"; the time part is ignored.
    auto d = TimeTagger::parse_reference_date(args.story.dct);
    if (!d) {
      ctx.diagnose(make_error(Errc::InvalidInput, "--dct: " + d.error().message +
                                                      "; give a day such as --dct 2023-08-29"));
      return kExitUsage;
    }
    StoryOptions plain = args.story;
    plain.dct.clear();
    (void)plain.apply(popts, ropts);
    popts.default_dct = d.value();
  } else if (auto ok = args.story.apply(popts, ropts); !ok) {
    ctx.diagnose(ok.error());
    return kExitUsage;
  }
  if (args.has_text && !args.inputs.empty()) {
    ctx.diagnose(make_error(Errc::InvalidInput, "give either --text or input files, not both"));
    return kExitUsage;
  }
  auto lexicon = Lexicon::load(ctx.lexicon_options());
  if (!lexicon) {
    ctx.diagnose(lexicon.error());
    return exit_code_for(lexicon.error().code);
  }
  if (int c =
          apply_reader_options(ctx, *lexicon.value(), args.story.columns, args.story.format, ropts);
      c != kExitOk) {
    return c;
  }
  auto rules = load_segmenter_rules(*lexicon.value());
  if (!rules) {
    ctx.diagnose(rules.error());
    return exit_code_for(rules.error().code);
  }
  const Segmenter segmenter(std::move(rules.value()), popts.segmenter);
  auto tagger = TimeTagger::create(*lexicon.value(), popts.temporal);
  if (!tagger) {
    ctx.diagnose(tagger.error());
    return exit_code_for(tagger.error().code);
  }
  const bool with_doc = !args.has_text;
  int code = kExitOk;
  std::string buf;
  auto one = [&](Document&& doc) {
    if (!doc.dct) {
      if (auto d = tagger->dateline_date(doc, popts.default_dct)) {
        doc.dct = d;
        doc.dct_origin = "dateline";
      } else if (popts.default_dct) {
        doc.dct = popts.default_dct;
        doc.dct_origin = "option";
      }
    }
    auto seg = segmenter.segment(doc);
    if (!seg) {
      ctx.diagnose(seg.error());
      code = kExitDataErr;
      return !ctx.global.fail_fast;
    }
    auto times = tagger->tag(doc, seg.value());
    if (!times) {
      ctx.diagnose(times.error());
      code = kExitDataErr;
      return !ctx.global.fail_fast;
    }
    buf.clear();
    for (const auto& t : times.value()) {
      std::string obj;
      append_time_json(doc, t, obj);
      if (with_doc && !obj.empty() && obj.back() == '}') {
        obj.pop_back();
        obj += ",\"doc\":";
        append_json_string(doc.id, obj);
        obj += '}';
      }
      buf += obj;
      buf += '\n';
    }
    ctx.out->write(buf.data(), static_cast<std::streamsize>(buf.size()));
    return true;
  };
  if (args.has_text) {
    Document doc;
    doc.id = "text";
    doc.origin = "--text";
    doc.text = args.text;
    if (auto bad = find_invalid_utf8(doc.text)) {
      ctx.diagnose(make_error(Errc::InvalidInput,
                              "invalid UTF-8 at byte offset " + std::to_string(*bad), "--text"));
      return kExitDataErr;
    }
    one(std::move(doc));
  } else {
    std::vector<std::string> inputs = args.inputs;
    if (inputs.empty()) inputs.push_back("-");
    read_stories(inputs, ropts, one, [&](const Error& e) {
      ctx.diagnose(e);
      const int c = e.code == Errc::NotFound ? kExitNoInput : exit_code_for(e.code);
      if (code == kExitOk) code = c;
    });
  }
  return finish_output(ctx, code);
}

}  // namespace entente::cli
