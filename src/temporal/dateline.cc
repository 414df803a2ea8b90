// Datelines ("BEIJING, Aug. 29 (Reuters) -") and the --reference-date argument: where a
// story's own date comes from when its metadata has none.
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
#include "temporal/tagger_impl.h"

namespace entente {

using temporal::Dir;
using temporal::Grammar;
using temporal::Parsed;
using temporal::PK;
using temporal::Resolver;
using temporal::Tk;

std::optional<CivilDate> TimeTagger::dateline_date(const Document& doc,
                                                   std::optional<CivilDate> hint) const {
  // The first non-empty lines of the story (at most 6 lines within 800 bytes): a line that is
  // only a date ("Sunday, January 8, 2023"), or a dateline that ends at a dash or an agency
  // in parentheses ("BEIJING, Aug. 29 (Reuters) -") and has no lower-case word before it, so
  // that a photo caption or a headline does not count.
  const std::string_view text = doc.text;
  const size_t limit = std::min<size_t>(text.size(), 800);
  size_t pos = 0;
  int lines = 0;
  while (pos < limit && lines < 6) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos || nl > limit) nl = limit;
    size_t end = nl;
    while (end > pos && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end;
    const std::string_view line = text.substr(pos, end - pos);
    pos = nl + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    ++lines;
    Document head;
    head.text = std::string(line);
    if (find_invalid_utf8(head.text)) return std::nullopt;
    auto seg = impl_->plain.segment(head);
    if (!seg || seg->tokens.empty()) continue;
    std::vector<Tk> toks;
    std::string arena(head.text.size() + 1, '\0');
    size_t used = 0;
    // A broken invariant (never in a correct build) only costs the dateline date.
    if (!build_tokens(impl_->t, head, seg.value(), 0, seg->tokens.size(), toks, arena, used)) {
      return std::nullopt;
    }
    const Grammar g(impl_->t, impl_->options, toks);
    auto to_date = [&](const Parsed& p) -> std::optional<CivilDate> {
      if (p.has_year) {
        if (temporal::valid_date(p.year, p.month, p.day)) return CivilDate{p.year, p.month, p.day};
        return std::nullopt;
      }
      if (!hint) return std::nullopt;
      Resolver res{impl_->t, hint};
      auto o = res.date(p, Dir::Nearest);
      if (!o || !o->begin) return std::nullopt;
      return o->begin;
    };
    // A line that is only a date.
    if (auto m = g.parse_at(0); m && m->p.kind == PK::Date && m->p.day > 0) {
      size_t rest = m->end;
      while (rest < toks.size() && !toks[rest].word && !toks[rest].number) ++rest;
      if (rest == toks.size()) return to_date(m->p);
    }
    // A dateline.
    size_t stop = 0;
    for (size_t k = 0; k < toks.size() && k < 30; ++k) {
      const std::string_view w = toks[k].norm;
      if (w == "--" || w == "-" || w == "\xE2\x80\x94" || w == "\xE2\x80\x93" || w == "(") {
        stop = k;
        break;
      }
    }
    if (stop == 0 || !toks[0].word || !toks[0].cap) continue;
    bool clean = true;
    for (size_t k = 0; k < stop; ++k) clean = clean && !(toks[k].word && !toks[k].cap);
    if (!clean) continue;
    for (size_t i = 0; i < stop; ++i) {
      auto m = g.parse_at(i);
      if (!m || m->end > stop + 1) continue;
      if (m->p.kind != PK::Date || m->p.day == 0) continue;
      return to_date(m->p);
    }
    return std::nullopt;  // a dateline without a date: the story starts here
  }
  return std::nullopt;
}

Result<CivilDate> TimeTagger::parse_reference_date(std::string_view text) {
  std::string_view day = text.substr(0, std::min<size_t>(text.size(), 10));
  if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') {
    return make_error(Errc::InvalidInput,
                      "reference date " + quote_for_message(text) +
                          " is not YYYY-MM-DD (optionally followed by T and a time)");
  }
  auto d = CivilDate::parse_iso(day);
  if (!d) {
    return make_error(Errc::InvalidInput, "reference date " + quote_for_message(text) +
                                              " is not a calendar date in the form YYYY-MM-DD");
  }
  return d.value();
}

}  // namespace entente
