// `entente parse`: part-of-speech tags, lemmas and dependency trees as CoNLL-U or JSON, for
// raw stories (our segmenter and UD word splitting) or for the sentences of a CoNLL-U file
// (--input conllu: tokens kept, predicted columns replaced).
// `entente train-parser`: trains a model file from CoNLL-U treebanks.
#include <fstream>
#include <iostream>
#include <ostream>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/json_out.h"
#include "entente/io.h"
#include "entente/pipeline.h"
#include "entente/syntax.h"
#include "pipeline/text_rules.h"

namespace entente::cli {
namespace {

Result<Parser> load_parser(const std::string& path) {
  return path.empty() ? Parser::load_default() : Parser::load(path);
}

// CoNLL-U columns of one parsed word (1-based head, 0 = root).
void fill_predicted(const SyntaxWord& w, ConlluWord& out) {
  out.lemma = w.lemma.empty() ? "_" : w.lemma;
  out.upos = std::string(upos_name(w.upos));
  out.xpos = w.xpos.empty() ? "_" : w.xpos;
  out.feats = "_";
  out.head = std::to_string(w.head + 1);
  out.deprel = w.deprel;
  out.deps = "_";
}

void append_words_json(const std::vector<SyntaxWord>& words, const std::vector<Span>* spans,
                       std::string& buf) {
  buf += "\"words\":[";
  for (size_t i = 0; i < words.size(); ++i) {
    const SyntaxWord& w = words[i];
    if (i > 0) buf += ',';
    buf += "{\"id\":" + std::to_string(i + 1) + ",\"form\":";
    append_json_string(w.form, buf);
    buf += ",\"lemma\":";
    append_json_string(w.lemma, buf);
    buf += ",\"upos\":";
    append_json_string(upos_name(w.upos), buf);
    buf += ",\"xpos\":";
    append_json_string(w.xpos, buf);
    buf += ",\"head\":" + std::to_string(w.head + 1) + ",\"deprel\":";
    append_json_string(w.deprel, buf);
    if (spans != nullptr) {
      buf += ",\"begin\":" + std::to_string((*spans)[i].begin) +
             ",\"end\":" + std::to_string((*spans)[i].end);
    }
    buf += '}';
  }
  buf += "]}\n";
}

// The sentence text on one line (CoNLL-U comments cannot hold line breaks).
std::string flat(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

int parse_conllu_inputs(Context& ctx, const ParseArgs& args, const Parser& parser) {
  std::vector<std::string> inputs = args.inputs;
  if (inputs.empty()) inputs.push_back("-");
  int code = kExitOk;
  for (const std::string& path : inputs) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
      file.open(path, std::ios::binary);
      if (!file) {
        ctx.diagnose(make_error(Errc::NotFound, "cannot open CoNLL-U file", path));
        code = kExitNoInput;
        continue;
      }
      in = &file;
    }
    auto sentences = read_conllu(*in, path == "-" ? "<stdin>" : path);
    if (!sentences) {
      ctx.diagnose(sentences.error());
      code = kExitDataErr;
      continue;
    }
    std::string buf;
    size_t index = 0;
    for (ConlluSentence& s : sentences.value()) {
      std::vector<std::string_view> forms;
      std::vector<ConlluWord*> words;
      for (ConlluWord& w : s.lines) {
        if (w.is_word()) {
          forms.push_back(w.form);
          words.push_back(&w);
        }
      }
      const auto parsed = parser.parse(forms);
      if (args.format == "json") {
        buf = "{\"doc\":";
        append_json_string(path, buf);
        buf += ",\"sentence\":" + std::to_string(index) + ",";
        append_words_json(parsed, nullptr, buf);
        ctx.out->write(buf.data(), static_cast<std::streamsize>(buf.size()));
      } else {
        for (size_t i = 0; i < parsed.size(); ++i) fill_predicted(parsed[i], *words[i]);
        // Empty nodes belong to the enhanced graph, which is not predicted.
        std::erase_if(s.lines,
                      [](const ConlluWord& w) { return w.id.find('.') != std::string::npos; });
        write_conllu({s}, *ctx.out);
      }
      ++index;
    }
  }
  return finish_output(ctx, code);
}

}  // namespace

int run_parse(Context& ctx, const ParseArgs& args) {
  auto parser = load_parser(args.model);
  if (!parser) {
    ctx.diagnose(parser.error());
    return exit_code_for(parser.error().code);
  }
  if (args.input == "conllu") return parse_conllu_inputs(ctx, args, parser.value());

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
  const Segmenter segmenter(std::move(rules.value()), SegmenterOptions{});
  int code = kExitOk;
  ReadOptions ropts;
  ropts.lenient_utf8 = args.lenient_utf8;
  ropts.limits.max_document_bytes = args.max_story_bytes;
  ropts.stdin_stream = &std::cin;
  if (int c = apply_reader_options(ctx, *lexicon.value(), args.columns, "", ropts); c != kExitOk)
    return c;
  std::vector<std::string> inputs = args.inputs;
  if (inputs.empty()) inputs.push_back("-");
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
        for (size_t si = 0; si < seg->sentences.size(); ++si) {
          const Sentence& sentence = seg->sentences[si];
          const auto pieces = parser->split(doc, seg.value(), sentence);
          std::vector<std::string_view> forms;
          std::vector<Span> spans;
          for (const WordPiece& p : pieces) {
            forms.push_back(p.form);
            spans.push_back(p.span);
          }
          const auto parsed = parser->parse(forms);
          if (args.format == "json") {
            buf += "{\"doc\":";
            append_json_string(doc.id, buf);
            buf += ",\"sentence\":" + std::to_string(si) +
                   ",\"begin\":" + std::to_string(sentence.span.begin) +
                   ",\"end\":" + std::to_string(sentence.span.end) + ",\"text\":";
            append_json_string(span_text(doc, sentence.span), buf);
            buf += ',';
            append_words_json(parsed, &spans, buf);
            continue;
          }
          ConlluSentence out;
          out.comments.push_back("# sent_id = " + flat(doc.id) + ":" + std::to_string(si));
          out.comments.push_back("# text = " + flat(span_text(doc, sentence.span)));
          for (size_t i = 0; i < parsed.size(); ++i) {
            ConlluWord w;
            w.id = std::to_string(i + 1);
            w.form = parsed[i].form;
            fill_predicted(parsed[i], w);
            const bool glued = i + 1 < parsed.size() && spans[i + 1].begin == spans[i].end;
            w.misc = glued ? "SpaceAfter=No" : "_";
            out.lines.push_back(std::move(w));
          }
          std::ostringstream os;
          write_conllu({out}, os);
          buf += os.str();
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

namespace {

Result<std::vector<ConlluSentence>> read_treebank(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::NotFound, "cannot open treebank", path);
  return read_conllu(in, path);
}

}  // namespace

int run_train_parser(Context& ctx, TrainParserArgs& args) {
  auto train = read_treebank(args.train);
  if (!train) {
    ctx.diagnose(train.error());
    return train.error().code == Errc::NotFound ? kExitNoInput : kExitDataErr;
  }
  std::vector<ConlluSentence> dev;
  if (!args.dev.empty()) {
    auto d = read_treebank(args.dev);
    if (!d) {
      ctx.diagnose(d.error());
      return d.error().code == Errc::NotFound ? kExitNoInput : kExitDataErr;
    }
    dev = std::move(d.value());
  }
  if (!ctx.global.quiet) args.options.log = ctx.err;
  auto model = train_parser(train.value(), dev, args.options);
  if (!model) {
    ctx.diagnose(model.error());
    return kExitDataErr;
  }
  std::ofstream out(args.output, std::ios::binary | std::ios::trunc);
  out.write(model->data(), static_cast<std::streamsize>(model->size()));
  out.close();
  if (!out) {
    ctx.diagnose(make_error(Errc::Io, "cannot write the model file", args.output));
    return kExitIoErr;
  }
  if (!ctx.global.quiet) {
    *ctx.err << "wrote " << args.output << " (" << model->size() << " bytes)\n";
  }
  return kExitOk;
}

}  // namespace entente::cli
