// Weight tables, the perceptron trainer and the model file format.
//
// File layout (little endian): 16-byte magic "ENTENTE-PARSER\0\0", u32 format version,
// u64 payload size, payload, u32 CRC-32 (IEEE) of the payload. Every read is bounds-checked,
// so a truncated or corrupt file is an error value, never a crash.
#include "syntax/model.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace entente::syntax {

namespace {

constexpr char kMagic[16] = {'E', 'N', 'T', 'E', 'N', 'T', 'E',  '-',
                             'P', 'A', 'R', 'S', 'E', 'R', '\0', '\0'};

class Writer {
 public:
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(uint16_t v) { raw(&v, 2); }
  void u32(uint32_t v) { raw(&v, 4); }
  void u64(uint64_t v) { raw(&v, 8); }
  void f32(float v) { raw(&v, 4); }
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    out_.append(s.data(), s.size());
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    u64(v.size());
    if (!v.empty()) raw(v.data(), v.size() * sizeof(T));
  }
  void raw(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }
  uint8_t u8() {
    uint8_t v = 0;
    raw(&v, 1);
    return v;
  }
  uint16_t u16() {
    uint16_t v = 0;
    raw(&v, 2);
    return v;
  }
  uint32_t u32() {
    uint32_t v = 0;
    raw(&v, 4);
    return v;
  }
  uint64_t u64() {
    uint64_t v = 0;
    raw(&v, 8);
    return v;
  }
  float f32() {
    float v = 0;
    raw(&v, 4);
    return v;
  }
  std::string str() {
    const uint32_t n = u32();
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return {};
    }
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  template <class T>
  std::vector<T> vec() {
    const uint64_t n = u64();
    if (!ok_ || n > (in_.size() - pos_) / sizeof(T)) {
      ok_ = false;
      return {};
    }
    std::vector<T> v(static_cast<size_t>(n));
    if (n > 0) raw(v.data(), static_cast<size_t>(n) * sizeof(T));
    return v;
  }
  // A count of items that each take at least `min_bytes`: guards allocations.
  uint64_t count(size_t min_bytes) {
    const uint64_t n = u64();
    if (!ok_ || n > (in_.size() - pos_) / std::max<size_t>(min_bytes, 1)) {
      ok_ = false;
      return 0;
    }
    return n;
  }
  void raw(void* p, size_t n) {
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      std::memset(p, 0, n);
      return;
    }
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// A table is written as its rows in key order: keys as LEB128 deltas, entry counts, then the
// entries' classes and weights, weights quantized to int16 with one scale per table (bytes
// for counts and classes when there are at most 256 classes). Hash slots are rebuilt on load.
void write_table(Writer& w, const WeightTable& t) {
  std::vector<std::pair<uint32_t, size_t>> rows;
  for (size_t i = 0; i < t.slots.size(); ++i) {
    if (t.slots[i].key != 0) rows.emplace_back(t.slots[i].key, i);
  }
  std::sort(rows.begin(), rows.end());
  float max_abs = 0;
  for (float f : t.entry_weight) max_abs = std::max(max_abs, std::fabs(f));
  const float scale = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  const bool small = t.classes <= 256;
  w.u32(t.classes);
  w.f32(scale);
  w.u64(rows.size());
  std::string keys, counts, classes;
  std::vector<int16_t> weights;
  uint32_t last = 0;
  for (const auto& [key, slot] : rows) {
    for (uint32_t d = key - last;; d >>= 7) {
      if (d < 0x80) {
        keys += static_cast<char>(d);
        break;
      }
      keys += static_cast<char>((d & 0x7f) | 0x80);
    }
    last = key;
    const auto [first, count] = t.sparse(t.slots[slot]);
    const auto n = static_cast<uint16_t>(count);
    if (small) {
      counts += static_cast<char>(n - 1);
    } else {
      counts.append(reinterpret_cast<const char*>(&n), 2);
    }
    for (uint32_t e = first; e < first + n; ++e) {
      const uint16_t c = t.entry_class[e];
      if (small) {
        classes += static_cast<char>(c);
      } else {
        classes.append(reinterpret_cast<const char*>(&c), 2);
      }
      weights.push_back(static_cast<int16_t>(std::lround(t.entry_weight[e] / scale)));
    }
  }
  w.str(keys);
  w.str(counts);
  w.str(classes);
  w.vec(weights);
}

// Reads a table and checks that keys, counts and classes are in range.
bool read_table(Reader& r, WeightTable& t) {
  t.classes = r.u32();
  const float scale = r.f32();
  const uint64_t nrows = r.count(3);
  const std::string keys = r.str(), counts = r.str(), classes = r.str();
  const auto weights = r.vec<int16_t>();
  if (!r.ok() || !std::isfinite(scale) || t.classes == 0 || t.classes > 65536) return false;
  const bool small = t.classes <= 256;
  if (counts.size() != nrows * (small ? 1 : 2)) return false;
  if (classes.size() != weights.size() * (small ? 1 : 2)) return false;
  std::vector<uint32_t> row_keys(static_cast<size_t>(nrows));
  std::vector<uint16_t> row_counts(static_cast<size_t>(nrows));
  size_t at = 0;
  uint64_t key = 0, total = 0;
  for (size_t i = 0; i < row_keys.size(); ++i) {
    uint64_t d = 0;
    for (unsigned shift = 0;; shift += 7) {
      if (at >= keys.size() || shift > 28) return false;
      const auto b = static_cast<unsigned char>(keys[at++]);
      d |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) break;
    }
    key += d;
    if (key == 0 || key > 0xffffffffULL || (i > 0 && d == 0)) return false;
    row_keys[i] = static_cast<uint32_t>(key);
    uint16_t n;
    if (small) {
      n = static_cast<uint16_t>(static_cast<unsigned char>(counts[i]) + 1);
    } else {
      std::memcpy(&n, counts.data() + 2 * i, 2);
    }
    row_counts[i] = n;
    total += n;
  }
  if (at != keys.size() || total != weights.size()) return false;
  t.entry_class.resize(weights.size());
  t.entry_weight.resize(weights.size());
  for (size_t i = 0; i < weights.size(); ++i) {
    uint16_t c;
    if (small) {
      c = static_cast<unsigned char>(classes[i]);
    } else {
      std::memcpy(&c, classes.data() + 2 * i, 2);
    }
    if (c >= t.classes) return false;
    t.entry_class[i] = c;
    t.entry_weight[i] = static_cast<float>(weights[i]) * scale;
  }
  t.index(row_keys, row_counts);
  return true;
}

}  // namespace

uint32_t crc32(std::string_view bytes) {
  static constexpr auto kTable = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xffffffffu;
  for (char b : bytes) c = kTable[(c ^ static_cast<unsigned char>(b)) & 0xffu] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

WeightTable WeightTable::build(uint32_t classes, const std::vector<Row>& rows) {
  // Sorted by (folded key, key), so the merged weights do not depend on the order of `rows`.
  std::vector<std::pair<std::pair<uint32_t, uint64_t>, size_t>> order;
  order.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i)
    order.push_back({{fold_key(rows[i].key), rows[i].key}, i});
  std::sort(order.begin(), order.end());
  WeightTable t;
  t.classes = classes;
  std::vector<uint32_t> keys;
  std::vector<uint16_t> counts;
  std::vector<std::pair<uint16_t, float>> merged;
  for (size_t i = 0; i < order.size();) {
    const uint32_t k = order[i].first.first;
    merged.clear();
    for (; i < order.size() && order[i].first.first == k; ++i) {
      for (const auto& cw : rows[order[i].second].weights) merged.push_back(cw);
    }
    std::stable_sort(merged.begin(), merged.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    const size_t before = t.entry_class.size();
    for (const auto& [c, w] : merged) {
      if (t.entry_class.size() > before && t.entry_class.back() == c) {
        t.entry_weight.back() += w;
      } else {
        t.entry_class.push_back(c);
        t.entry_weight.push_back(w);
      }
    }
    keys.push_back(k);
    counts.push_back(static_cast<uint16_t>(t.entry_class.size() - before));
  }
  t.index(keys, counts);
  return t;
}

void WeightTable::index(const std::vector<uint32_t>& row_keys,
                        const std::vector<uint16_t>& row_counts) {
  size_t size = 16;
  while (size < row_keys.size() * 2) size *= 2;  // load factor <= 0.5
  slots.assign(size, Slot{});
  const size_t mask = size - 1;
  uint32_t offset = 0;
  for (size_t i = 0; i < row_keys.size(); ++i) {
    size_t slot = static_cast<size_t>(row_keys[i]) & mask;
    while (slots[slot].key != 0) slot = (slot + 1) & mask;
    slots[slot] = {row_keys[i], offset, row_counts[i]};
    offset += row_counts[i];
  }
  dense.clear();
  dense_entries.clear();
  for (Slot& s : slots) {
    if (s.key == 0 || s.count < kDenseMinEntries || s.count * 5 < classes) continue;
    const size_t at = dense.size();
    dense_entries.emplace_back(s.offset, s.count);
    dense.resize(at + classes, 0.0f);
    for (uint32_t e = s.offset; e < s.offset + s.count; ++e) {
      dense[at + entry_class[e]] = entry_weight[e];
    }
    s.offset = static_cast<uint32_t>(at);
    s.count = kDense;
  }
}

void Perceptron::score(const uint64_t* feats, size_t n, float* scores) const {
  for (size_t f = 0; f < n; ++f) {
    auto it = rows_.find(feats[f]);
    if (it == rows_.end()) continue;
    for (const Entry& e : it->second) scores[e.cls] += e.w;
  }
}

void Perceptron::update(const uint64_t* feats, size_t n, uint16_t cls, float delta) {
  for (size_t f = 0; f < n; ++f) {
    auto& row = rows_[feats[f]];
    Entry* found = nullptr;
    for (Entry& e : row) {
      if (e.cls == cls) {
        found = &e;
        break;
      }
    }
    if (found == nullptr) {
      row.push_back(Entry{cls, 0.0f, 0.0, now_});
      found = &row.back();
    }
    found->total += static_cast<double>(found->w) * static_cast<double>(now_ - found->ts);
    found->ts = now_;
    found->w += delta;
  }
}

WeightTable Perceptron::averaged(float min_abs) const {
  std::vector<WeightTable::Row> rows;
  rows.reserve(rows_.size());
  const double now = static_cast<double>(std::max<int64_t>(now_, 1));
  for (const auto& [key, entries] : rows_) {
    WeightTable::Row row{key, {}};
    for (const Entry& e : entries) {
      const double total = e.total + static_cast<double>(e.w) * static_cast<double>(now_ - e.ts);
      const auto avg = static_cast<float>(total / now);
      if (std::fabs(avg) >= min_abs) row.weights.emplace_back(e.cls, avg);
    }
    if (row.weights.empty()) continue;
    std::sort(row.weights.begin(), row.weights.end());
    rows.push_back(std::move(row));
  }
  // Hash-map order must not reach the file: sort by key.
  std::sort(rows.begin(), rows.end(),
            [](const WeightTable::Row& a, const WeightTable::Row& b) { return a.key < b.key; });
  return WeightTable::build(classes_, rows);
}

namespace {

template <class Map>
std::vector<std::pair<std::string, typename Map::mapped_type>> sorted_items(const Map& m) {
  std::vector<std::pair<std::string, typename Map::mapped_type>> v(m.begin(), m.end());
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

std::string serialize(const Model& m) {
  Writer w;
  w.u64(m.tags.size());
  for (const TagClass& t : m.tags) {
    w.u8(static_cast<uint8_t>(t.upos));
    w.str(t.xpos);
    w.u8(t.finite ? 1 : 0);
  }
  w.u64(m.labels.size());
  for (const auto& l : m.labels) w.str(l);
  const auto dict = sorted_items(m.tag_dict);
  w.u64(dict.size());
  for (const auto& [k, v] : dict) {
    w.str(k);
    w.u16(v);
  }
  const auto options = sorted_items(m.tag_options);
  w.u64(options.size());
  for (const auto& [k, v] : options) {
    w.str(k);
    w.u16(static_cast<uint16_t>(v.size()));
    for (uint16_t t : v) w.u16(t);
  }
  const auto lem = sorted_items(m.lemma_dict);
  w.u64(lem.size());
  for (const auto& [k, v] : lem) {
    w.str(k);
    w.str(v);
  }
  const auto suf = sorted_items(m.lemma_suffix_rule);
  w.u64(suf.size());
  for (const auto& [k, v] : suf) {
    w.str(k);
    w.vec(v);
  }
  w.u64(m.lemma_rules.size());
  for (const LemmaRule& r : m.lemma_rules) {
    w.u8(r.strip);
    w.u8(r.keep_case ? 1 : 0);
    w.str(r.append);
  }
  std::vector<std::string> known(m.known_words.begin(), m.known_words.end());
  std::sort(known.begin(), known.end());
  w.u64(known.size());
  for (const auto& k : known) w.str(k);
  const auto whole = sorted_items(m.split.whole);
  w.u64(whole.size());
  for (const auto& [k, v] : whole) {
    w.str(k);
    w.str(std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
  }
  w.u64(m.split.suffixes.size());
  for (const auto& s : m.split.suffixes) w.str(s);
  w.u8(m.split.split_hyphens ? 1 : 0);
  w.f32(m.finite_margin_sentence);
  w.f32(m.finite_margin);
  write_table(w, m.tagger);
  write_table(w, m.parser);

  std::string payload = std::move(w.bytes());
  Writer file;
  file.raw(kMagic, sizeof kMagic);
  file.u32(Parser::kFormatVersion);
  file.u64(payload.size());
  file.raw(payload.data(), payload.size());
  file.u32(crc32(payload));
  return std::move(file.bytes());
}

Result<Model> deserialize(std::string_view bytes, std::string_view name) {
  const std::string where(name);
  auto bad = [&](std::string what) {
    return make_error(Errc::InvalidData, "parser model " + what, where);
  };
  if (bytes.size() < sizeof kMagic + 4 + 8 + 4) {
    return bad("is truncated (" + std::to_string(bytes.size()) + " bytes)");
  }
  if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return bad("is not an entente parser model (bad magic bytes)");
  }
  Reader head(bytes.substr(sizeof kMagic, 12));
  const uint32_t version = head.u32();
  const uint64_t size = head.u64();
  if (version != Parser::kFormatVersion) {
    return bad("has format version " + std::to_string(version) + ", this build reads version " +
               std::to_string(Parser::kFormatVersion) + "; retrain it with entente train-parser");
  }
  const size_t body = sizeof kMagic + 12;
  if (size != bytes.size() - body - 4) {
    return bad("is truncated or has trailing bytes (payload " + std::to_string(size) +
               " bytes, file " + std::to_string(bytes.size()) + " bytes)");
  }
  const std::string_view payload = bytes.substr(body, static_cast<size_t>(size));
  Reader tail(bytes.substr(body + static_cast<size_t>(size)));
  if (tail.u32() != crc32(payload)) return bad("is corrupt (checksum mismatch)");

  Model m;
  Reader r(payload);
  const uint64_t ntags = r.count(6);
  for (uint64_t i = 0; i < ntags && r.ok(); ++i) {
    TagClass t;
    const uint8_t u = r.u8();
    if (u > static_cast<uint8_t>(Upos::X)) return bad("has an unknown UPOS value");
    t.upos = static_cast<Upos>(u);
    t.xpos = r.str();
    const uint8_t finite = r.u8();
    if (finite > 1) return bad("has a tag with a bad finiteness flag");
    t.finite = finite == 1;
    m.tags.push_back(std::move(t));
  }
  const uint64_t nlabels = r.count(4);
  for (uint64_t i = 0; i < nlabels && r.ok(); ++i) m.labels.push_back(r.str());
  const uint64_t ndict = r.count(6);
  for (uint64_t i = 0; i < ndict && r.ok(); ++i) {
    std::string k = r.str();
    const uint16_t v = r.u16();
    if (v >= m.tags.size()) return bad("has a tag dictionary entry out of range");
    m.tag_dict.emplace(std::move(k), v);
  }
  const uint64_t noptions = r.count(8);
  for (uint64_t i = 0; i < noptions && r.ok(); ++i) {
    std::string k = r.str();
    const uint16_t count = r.u16();
    if (count == 0 || count > m.tags.size()) return bad("has a tag option list out of range");
    std::vector<uint16_t> v;
    for (uint16_t j = 0; j < count && r.ok(); ++j) {
      v.push_back(r.u16());
      if (v.back() >= m.tags.size()) return bad("has a tag option out of range");
    }
    m.tag_options.emplace(std::move(k), std::move(v));
  }
  const uint64_t nlem = r.count(8);
  for (uint64_t i = 0; i < nlem && r.ok(); ++i) {
    std::string k = r.str();
    m.lemma_dict.emplace(std::move(k), r.str());
  }
  const uint64_t nsuf = r.count(8);
  std::vector<std::pair<std::string, std::vector<uint32_t>>> suffix_rules;
  for (uint64_t i = 0; i < nsuf && r.ok(); ++i) {
    std::string k = r.str();
    suffix_rules.emplace_back(std::move(k), r.vec<uint32_t>());
  }
  const uint64_t nrules = r.count(6);
  for (uint64_t i = 0; i < nrules && r.ok(); ++i) {
    LemmaRule rule;
    rule.strip = r.u8();
    rule.keep_case = r.u8() != 0;
    rule.append = r.str();
    m.lemma_rules.push_back(std::move(rule));
  }
  for (auto& [k, v] : suffix_rules) {
    for (uint32_t rule : v) {
      if (rule >= m.lemma_rules.size()) return bad("has a lemma rule index out of range");
    }
    m.lemma_suffix_rule.emplace(std::move(k), v);
  }
  const uint64_t nknown = r.count(4);
  for (uint64_t i = 0; i < nknown && r.ok(); ++i) m.known_words.insert(r.str());
  const uint64_t nwhole = r.count(8);
  for (uint64_t i = 0; i < nwhole && r.ok(); ++i) {
    std::string k = r.str();
    std::string v = r.str();
    std::vector<uint8_t> lens(v.begin(), v.end());
    size_t total = 0;
    for (uint8_t l : lens) {
      if (l == 0) return bad("has an empty word piece in a split rule");
      total += l;
    }
    if (total != k.size()) return bad("has a split rule that does not cover its word");
    m.split.whole.emplace(std::move(k), std::move(lens));
  }
  const uint64_t nsuffixes = r.count(4);
  for (uint64_t i = 0; i < nsuffixes && r.ok(); ++i) m.split.suffixes.push_back(r.str());
  m.split.split_hyphens = r.u8() != 0;
  m.finite_margin_sentence = r.f32();
  m.finite_margin = r.f32();
  if (!r.ok()) return bad("is truncated inside its tables");
  if (!(m.finite_margin >= 0 && m.finite_margin < 1e9f && m.finite_margin_sentence >= 0 &&
        m.finite_margin_sentence < 1e9f)) {
    return bad("has a bad finite-verb margin");
  }
  if (!read_table(r, m.tagger) || !read_table(r, m.parser)) {
    return bad("has a malformed weight table");
  }
  if (!r.at_end()) return bad("has trailing bytes in its payload");
  if (m.tags.empty() || m.labels.empty() || m.labels[0] != "root") {
    return bad("has no tags or no relations");
  }
  if (m.tagger.classes != m.tags.size() ||
      m.parser.classes != 1 + 2 * static_cast<uint32_t>(m.labels.size())) {
    return bad("has weight tables that do not match its tag and relation sets");
  }
  return m;
}

}  // namespace entente::syntax
