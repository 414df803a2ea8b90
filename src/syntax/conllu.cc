// CoNLL-U reading and writing (https://universaldependencies.org/format.html).
#include <charconv>
#include <istream>
#include <ostream>

#include "entente/syntax.h"

namespace entente {

bool ConlluWord::is_word() const {
  return !id.empty() && id.find('-') == std::string::npos && id.find('.') == std::string::npos;
}

namespace {

bool is_number(std::string_view s) {
  if (s.empty()) return false;
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() && v >= 0;
}

}  // namespace

Result<std::vector<ConlluSentence>> read_conllu(std::istream& in, std::string_view name) {
  std::vector<ConlluSentence> out;
  ConlluSentence cur;
  std::string line;
  size_t lineno = 0;
  auto flush = [&] {
    if (!cur.lines.empty() || !cur.comments.empty()) out.push_back(std::move(cur));
    cur = ConlluSentence{};
  };
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = std::string(name) + ":" + std::to_string(lineno);
    if (line.empty()) {
      flush();
      continue;
    }
    if (line[0] == '#') {
      if (!cur.lines.empty()) flush();
      cur.comments.push_back(line);
      continue;
    }
    std::string cols[10];
    size_t n = 0, start = 0;
    while (n < 10) {
      const size_t tab = line.find('\t', start);
      if (tab == std::string::npos) {
        cols[n++] = line.substr(start);
        break;
      }
      cols[n++] = line.substr(start, tab - start);
      start = tab + 1;
      if (n == 10) {
        n = 11;  // too many columns
        break;
      }
    }
    if (n != 10) {
      return make_error(
          Errc::InvalidInput,
          "expected 10 tab-separated columns in CoNLL-U line " + quote_for_message(line), where);
    }
    ConlluWord w{cols[0], cols[1], cols[2], cols[3], cols[4],
                 cols[5], cols[6], cols[7], cols[8], cols[9]};
    const std::string_view id = w.id;
    const size_t dash = id.find('-'), dot = id.find('.');
    bool ok;
    if (dash != std::string::npos) {
      ok = is_number(id.substr(0, dash)) && is_number(id.substr(dash + 1));
    } else if (dot != std::string::npos) {
      ok = is_number(id.substr(0, dot)) && is_number(id.substr(dot + 1));
    } else {
      ok = is_number(id) && (w.head == "_" || is_number(w.head));
    }
    if (!ok) {
      return make_error(Errc::InvalidInput,
                        "bad word id or head in CoNLL-U line " + quote_for_message(line), where);
    }
    cur.lines.push_back(std::move(w));
  }
  flush();
  return out;
}

void write_conllu(const std::vector<ConlluSentence>& sentences, std::ostream& out) {
  std::string buf;
  for (const ConlluSentence& s : sentences) {
    buf.clear();
    for (const std::string& c : s.comments) {
      buf += c;
      buf += '\n';
    }
    for (const ConlluWord& w : s.lines) {
      for (const std::string* col : {&w.id, &w.form, &w.lemma, &w.upos, &w.xpos, &w.feats, &w.head,
                                     &w.deprel, &w.deps, &w.misc}) {
        buf += *col;
        buf += col == &w.misc ? '\n' : '\t';
      }
    }
    buf += '\n';
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  }
}

}  // namespace entente
