// The time tagger: a hand-written grammar over the tokens of each sentence (no regex), then
// resolution of what it read against the DCT or the last mentioned date (DATES.md).
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "entente/temporal.h"
#include "temporal/calendar.h"
#include "temporal/grammar.h"
#include "temporal/resolver.h"
#include "temporal/tables.h"
#include "temporal/tagger_impl.h"

namespace entente {

using temporal::Cat;
using temporal::Dir;
using temporal::Grammar;
using temporal::Mod;
using temporal::PK;
using temporal::Resolver;
using temporal::Tense;
using temporal::Tk;

std::string_view granularity_name(Granularity g) {
  switch (g) {
    case Granularity::Day:
      return "day";
    case Granularity::Week:
      return "week";
    case Granularity::Month:
      return "month";
    case Granularity::Quarter:
      return "quarter";
    case Granularity::Season:
      return "season";
    case Granularity::Year:
      return "year";
    case Granularity::Decade:
      return "decade";
    case Granularity::Century:
      return "century";
  }
  return "day";
}

namespace {

std::string_view mod_name(Mod m) {
  switch (m) {
    case Mod::None:
      return "";
    case Mod::Start:
      return "START";
    case Mod::Mid:
      return "MID";
    case Mod::End:
      return "END";
    case Mod::Approx:
      return "APPROX";
  }
  return "";
}

}  // namespace

std::string_view timex_type_name(TimexType t) {
  return t == TimexType::Duration ? "DURATION" : "DATE";
}

TimeTagger::TimeTagger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TimeTagger::~TimeTagger() = default;
TimeTagger::TimeTagger(TimeTagger&&) noexcept = default;
TimeTagger& TimeTagger::operator=(TimeTagger&&) noexcept = default;

Result<TimeTagger> TimeTagger::create(const Lexicon& lexicon, TemporalOptions options) {
  auto tables = temporal::load_tables(lexicon);
  if (!tables) return tables.error();
  if (tables->phrases.empty()) {
    return make_error(Errc::InvalidData,
                      "no \"temporal\" data found (data/temporal/*.json): the time tagger needs "
                      "month and weekday names",
                      "data/temporal");
  }
  auto impl = std::make_unique<Impl>();
  // Datelines are read without the pipeline's abbreviation lists: month and weekday
  // abbreviations keep their dots ("Aug. 29").
  SegmenterRules rules;
  for (const auto& ph : tables->phrases) {
    if ((ph.cat == Cat::Month || ph.cat == Cat::Weekday) && ph.words.size() == 1) {
      rules.abbreviations.push_back(ph.words.front());
    }
  }
  impl->plain = Segmenter(std::move(rules), SegmenterOptions{});
  impl->t = std::move(tables.value());
  impl->options = options;
  return TimeTagger(std::move(impl));
}

Result<std::vector<TimeExpr>> TimeTagger::tag(const Document& doc, const Segmentation& seg) const {
  std::vector<TimeExpr> out;
  std::vector<Tk> toks;
  std::string arena;
  toks.reserve(seg.tokens.size() + 8);
  arena.resize(doc.text.size() + 1);
  Resolver res{impl_->t, doc.dct};
  for (size_t si = 0; si < seg.sentences.size(); ++si) {
    const Sentence& sent = seg.sentences[si];
    if (sent.first_token + sent.token_count > seg.tokens.size()) {
      return make_error(Errc::InvalidInput, "segmentation does not belong to this document",
                        doc.origin.empty() ? doc.id : doc.origin);
    }
    size_t used = 0;
    if (auto built =
            build_tokens(impl_->t, doc, seg, sent.first_token, sent.token_count, toks, arena, used);
        !built) {
      return built.error();
    }
    Grammar g(impl_->t, impl_->options, toks);
    for (size_t i = 0; i < toks.size();) {
      if (!can_start(toks[i]) ||
          (!starts_alone(toks[i]) && !(i + 1 < toks.size() && continues(toks[i + 1])))) {
        ++i;
        continue;
      }
      auto m = g.parse_at(i);
      if (!m || m->end <= i || toks[m->end - 1].joined_next) {
        ++i;  // none here, or it would end inside a hyphenated word ("fall-out")
        continue;
      }
      Dir dir = Dir::None;
      switch (impl_->options.prefer) {
        case Prefer::Past:
          dir = Dir::Back;
          break;
        case Prefer::Future:
          dir = Dir::Fwd;
          break;
        case Prefer::Nearest:
          dir = Dir::Nearest;
          break;
        case Prefer::News: {
          if (g.after_since(i)) {
            dir = Dir::Back;  // "since March": the past, whatever the verb
            break;
          }
          const Tense tn = g.tense(i, m->end);
          dir = tn == Tense::Past ? Dir::Back : tn == Tense::Future ? Dir::Fwd : Dir::None;
          break;
        }
      }
      // "in 27 years" is a length in a past clause or after "first" or a superlative ("the
      // first visit in 27 years"), and with "within"; a point ahead otherwise.
      if (m->p.kind == PK::Offset && m->p.in_form &&
          (g.tense(i, m->end) == Tense::Past || g.duration_cue_before(i))) {
        m->p.kind = PK::Duration;
        m->p.span = 0;
      }
      auto o = res.resolve(m->p, dir);
      if (o) {
        TimeExpr e;
        e.span = {toks[i].span.begin, toks[m->end - 1].span.end};
        e.sentence = static_cast<uint32_t>(si);
        e.value = std::move(o->value);
        e.granularity = o->g;
        e.mod = std::string(mod_name(m->p.mod));
        e.date_begin = o->begin;
        e.date_end = o->end;
        e.anaphoric = m->p.anaphoric;
        e.type = o->duration ? TimexType::Duration : TimexType::Date;
        e.modifies_noun = m->p.noun_modifier;
        if (e.date_begin && !o->duration) res.remember(e.granularity, *e.date_begin);
        out.push_back(std::move(e));
      }
      i = m->end;
    }
  }
  return out;
}

}  // namespace entente
