// `entente extract` (events as JSON Lines) and `entente annotate` (the debugging view: one
// JSON object per sentence with tokens, time expressions, actors, actions and events).
#include <memory>
#include <ostream>

#include "cli/args.h"
#include "cli/json_out.h"
#include "entente/io.h"
#include "entente/store.h"

namespace entente::cli {

int run_extract(Context& ctx, const ExtractArgs& args) {
  ReadOptions ropts;
  int failed = kExitOk;
  auto pipeline = build_pipeline(ctx, args.story, ropts, failed);
  if (!pipeline) return failed;
  std::string buf;
  const int code = run_stories(ctx, pipeline.value(), args.inputs, ropts, args.story.threads(),
                               [&](StoryResult&& r) {
                                 buf.clear();
                                 size_t n = 0;
                                 for (const auto& e : r.coded.events) {
                                   if (e.negated && args.story.drop_negated) continue;
                                   append_event_json(e, buf);
                                   buf += '\n';
                                   ++n;
                                 }
                                 if (args.stories) {
                                   std::string head;
                                   const Document& d = r.doc;
                                   append_story_json({d.id, d.title, d.dct ? d.dct->iso() : "",
                                                      d.source, story_content_hash(d), n},
                                                     head);
                                   head += '\n';
                                   buf.insert(0, head);
                                 }
                                 ctx.out->write(buf.data(), static_cast<std::streamsize>(buf.size()));
                               });
  return finish_output(ctx, code);
}

namespace {

void annotate_story(const StoryResult& r, std::string& out) {
  const Document& doc = r.doc;
  const auto& seg = r.segmentation;
  size_t ti = 0, ai = 0, ci = 0, ei = 0, pi = 0;
  for (uint32_t s = 0; s < seg.sentences.size(); ++s) {
    const Sentence& sent = seg.sentences[s];
    out += "{\"doc\":";
    append_json_string(doc.id, out);
    out += ",\"dct\":";
    if (doc.dct) {
      append_json_string(doc.dct->iso(), out);
    } else {
      out += "null";
    }
    out += ",\"sentence\":";
    out += std::to_string(s);
    out += ",\"begin\":";
    out += std::to_string(sent.span.begin);
    out += ",\"end\":";
    out += std::to_string(sent.span.end);
    out += ",\"text\":";
    append_json_string(span_text(doc, sent.span), out);
    out += ",\"tokens\":[";
    for (uint32_t t = sent.first_token; t < sent.first_token + sent.token_count; ++t) {
      if (t != sent.first_token) out += ',';
      append_json_string(span_text(doc, seg.tokens[t].span), out);
    }
    out += "],\"times\":[";
    for (bool first = true; ti < r.times.size() && r.times[ti].sentence == s; ++ti) {
      if (!first) out += ',';
      first = false;
      append_time_json(doc, r.times[ti], out);
    }
    out += "],\"actors\":[";
    for (bool first = true; ai < r.actors.size() && r.actors[ai].sentence == s; ++ai) {
      if (!first) out += ',';
      first = false;
      append_mention_json(doc, r.actors[ai], out);
    }
    out += "],\"actions\":[";
    for (bool first = true; ci < r.coded.actions.size() && r.coded.actions[ci].sentence == s;
         ++ci) {
      if (!first) out += ',';
      first = false;
      append_action_json(doc, r.coded.actions[ci], out);
    }
    out += "],\"events\":[";
    for (bool first = true; ei < r.coded.events.size() && r.coded.events[ei].sentence == s;
         ++ei) {
      if (!first) out += ',';
      first = false;
      append_event_json(r.coded.events[ei], out);
    }
    out += "],\"tree\":";
    while (pi < r.coded.trees.size() && r.coded.trees[pi].sentence < s) ++pi;
    if (pi < r.coded.trees.size() && r.coded.trees[pi].sentence == s) {
      append_tree_json(doc, r.coded.trees[pi], out);
    } else {
      out += "null";  // not parsed: no actor mention or no word that may head a pattern
    }
    out += "}\n";
  }
}

}  // namespace

int run_annotate(Context& ctx, const AnnotateArgs& args) {
  if (!args.text.empty() && !args.inputs.empty()) {
    ctx.diagnose(make_error(Errc::InvalidInput, "give either --text or files, not both"));
    return kExitUsage;
  }
  ReadOptions ropts;
  int failed = kExitOk;
  StoryOptions story = args.story;
  story.keep_trees = true;
  auto pipeline = build_pipeline(ctx, story, ropts, failed);
  if (!pipeline) return failed;
  std::string buf;
  auto sink = [&](StoryResult&& r) {
    buf.clear();
    annotate_story(r, buf);
    ctx.out->write(buf.data(), static_cast<std::streamsize>(buf.size()));
  };
  if (!args.text.empty()) {
    Document doc;
    doc.id = "text";
    doc.origin = "--text";
    doc.text = args.text;
    auto r = pipeline->process(std::move(doc));
    if (!r) {
      ctx.diagnose(r.error());
      return exit_code_for(r.error().code);
    }
    sink(std::move(r.value()));
    return kExitOk;
  }
  return run_stories(ctx, pipeline.value(), args.inputs, ropts, 1, sink);
}

}  // namespace entente::cli
