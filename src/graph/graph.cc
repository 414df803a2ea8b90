#include "entente/graph.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>

// GCC 12 reports a maybe-uninitialized edge iterator inside Boost.Graph's adjacency_list copy
// once inlined at -O2: third-party code, silenced for these includes only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#pragma GCC diagnostic pop

namespace entente {

std::string_view GraphEvent::code_view() const {
  size_t n = 0;
  while (n < sizeof code && code[n] != '\0') ++n;
  return {code, n};
}

namespace {
using DyadGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

// Collects events in any order, then sorts and indexes them.
struct Builder {
  std::vector<GraphEvent> events;
  std::string ids;
  std::vector<uint32_t> id_off{0};
  std::string dates;
  std::vector<uint32_t> date_off{0};

  void add(std::string_view id, std::string_view date, const GraphEvent& e) {
    events.push_back(e);
    ids.append(id);
    id_off.push_back(static_cast<uint32_t>(ids.size()));
    // Most dates are the plain day of day_begin: keep only the others ("2023-08", "2023-W35").
    if (!(e.day_begin != kUndated && e.day_begin == e.day_end && date.size() == 10 &&
          date == CivilDate::from_serial(e.day_begin).iso()))
      dates.append(date);
    date_off.push_back(static_cast<uint32_t>(dates.size()));
  }
  std::string_view id(size_t i) const { return {ids.data() + id_off[i], id_off[i + 1] - id_off[i]}; }
};

void set_code(GraphEvent& e, std::string_view code) {
  std::memset(e.code, 0, sizeof e.code);
  std::memcpy(e.code, code.data(), std::min(code.size(), sizeof e.code));
}
}  // namespace

struct KnowledgeGraph::Impl {
  std::vector<GraphActor> actors;
  std::vector<GraphEvent> events;
  std::string ids;
  std::vector<uint32_t> id_off;
  std::string dates;
  std::vector<uint32_t> date_off;
  size_t dated = 0;
  std::vector<EventId> dyad_event_storage;
  std::vector<Dyad> dyads;
  std::vector<DyadId> out_storage, in_storage;
  std::vector<uint32_t> out_off, in_off;
  std::vector<std::pair<std::string, ActorId>> names;
  std::map<std::string, std::string, std::less<>> labels;  // code -> smallest label given
  DyadGraph graph;
  void add_label(std::string_view code, std::string_view label) {
    if (label.empty()) return;
    auto it = labels.find(code);
    if (it == labels.end()) labels.emplace(std::string(code), std::string(label));
    else if (label < it->second) it->second = std::string(label);
  }

  bool include_negated = false;
  bool from_snapshot = false;

  void finish(Builder&& b, bool sorted = false);
  void index_dyads();
  std::string serialize() const;
  bool deserialize(std::string_view bytes, size_t max_vertices);
};

// Sorts events by (dated first, day_begin, id), then groups them into dyads with two stable
// counting sorts (by target, then by source), which keeps each dyad's events in time order.
void KnowledgeGraph::Impl::finish(Builder&& b, bool sorted) {
  const size_t n_events = b.events.size();
  if (sorted) {
    events = std::move(b.events);
    ids = std::move(b.ids);
    id_off = std::move(b.id_off);
    dates = std::move(b.dates);
    date_off = std::move(b.date_off);
    dated = 0;
    for (size_t i = 0; i < n_events; ++i)
      if (events[i].day_begin != kUndated) dated = i + 1;
    b = Builder{};
    index_dyads();
    return;
  }
  std::vector<uint32_t> order(n_events);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&b](uint32_t x, uint32_t y) {
    const int32_t dx = b.events[x].day_begin, dy = b.events[y].day_begin;
    const bool ux = dx == kUndated, uy = dy == kUndated;
    if (ux != uy) return uy;
    if (dx != dy) return dx < dy;
    return b.id(x) < b.id(y);
  });
  events.resize(n_events);
  id_off.assign(1, 0);
  date_off.assign(1, 0);
  ids.reserve(b.ids.size());
  dates.reserve(b.dates.size());
  for (size_t i = 0; i < n_events; ++i) {
    const uint32_t k = order[i];
    events[i] = b.events[k];
    ids.append(b.id(k));
    id_off.push_back(static_cast<uint32_t>(ids.size()));
    dates.append(b.dates, b.date_off[k], b.date_off[k + 1] - b.date_off[k]);
    date_off.push_back(static_cast<uint32_t>(dates.size()));
    if (events[i].day_begin != kUndated) dated = i + 1;
  }
  b = Builder{};
  index_dyads();
}

void KnowledgeGraph::Impl::index_dyads() {
  const size_t n_events = events.size();
  const size_t n = actors.size();
  // Events grouped by (source, target) keep their time order within each dyad (stable
  // counting sorts on a compact key array).
  std::vector<uint64_t> key(n_events);
  for (size_t i = 0; i < n_events; ++i)
    key[i] = uint64_t{index_of(events[i].source)} * n + index_of(events[i].target);
  std::vector<uint32_t> by(n_events);
  auto counting_sort = [n_events](const std::vector<uint32_t>* in, size_t buckets, auto bucket_of,
                                  std::vector<uint32_t>& out) {
    std::vector<uint32_t> count(buckets + 1, 0);
    for (size_t i = 0; i < n_events; ++i) ++count[bucket_of(in ? (*in)[i] : i) + 1];
    for (size_t i = 1; i <= buckets; ++i) count[i] += count[i - 1];
    for (size_t i = 0; i < n_events; ++i) {
      const size_t e = in ? (*in)[i] : i;
      out[count[bucket_of(e)]++] = static_cast<uint32_t>(e);
    }
  };
  if (n * n <= (size_t{1} << 24)) {
    counting_sort(nullptr, n * n, [&key](size_t e) { return key[e]; }, by);
  } else {
    std::vector<uint32_t> tmp(n_events);
    counting_sort(nullptr, n, [&key, n](size_t e) { return key[e] % n; }, tmp);
    counting_sort(&tmp, n, [&key, n](size_t e) { return key[e] / n; }, by);
  }
  dyad_event_storage.resize(n_events);
  for (size_t i = 0; i < n_events; ++i) dyad_event_storage[i] = EventId{by[i]};
  dyads.clear();
  size_t start = 0;
  for (size_t i = 1; i <= n_events; ++i) {
    if (i == n_events || key[by[i]] != key[by[start]]) {
      const GraphEvent& e = events[by[start]];
      dyads.push_back(Dyad{e.source, e.target,
                           std::span<const EventId>(dyad_event_storage.data() + start, i - start)});
      start = i;
    }
  }
  // Dyads are in (source, target) order: out lists are runs; in lists need one more sort.
  out_off.assign(n + 1, 0);
  in_off.assign(n + 1, 0);
  for (const Dyad& d : dyads) {
    ++out_off[index_of(d.source) + 1];
    ++in_off[index_of(d.target) + 1];
  }
  for (size_t i = 1; i <= n; ++i) {
    out_off[i] += out_off[i - 1];
    in_off[i] += in_off[i - 1];
  }
  out_storage.resize(dyads.size());
  in_storage.resize(dyads.size());
  {
    std::vector<uint32_t> pos_out(out_off.begin(), out_off.end() - 1);
    std::vector<uint32_t> pos_in(in_off.begin(), in_off.end() - 1);
    for (uint32_t d = 0; d < dyads.size(); ++d) {
      out_storage[pos_out[index_of(dyads[d].source)]++] = DyadId{d};
      in_storage[pos_in[index_of(dyads[d].target)]++] = DyadId{d};
    }
  }
  graph = DyadGraph(n);
  for (const Dyad& d : dyads) boost::add_edge(index_of(d.source), index_of(d.target), graph);
}

namespace {
constexpr std::string_view kSnapshotMagic = "entente-graph-snapshot-2\n";

// Little-endian writer and bounds-checked reader for the snapshot.
struct Out {
  std::string b;
  void u8(uint8_t v) { b.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) b.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  void str(std::string_view s) {
    u64(s.size());
    b.append(s);
  }
  void var(uint64_t v) {
    while (v >= 0x80) {
      b.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    b.push_back(static_cast<char>(v));
  }
};
struct In {
  std::string_view b;
  size_t pos = 0;
  bool ok = true;
  bool need(size_t n) {
    if (!ok || b.size() - pos < n) ok = false;
    return ok;
  }
  uint8_t u8() { return need(1) ? static_cast<uint8_t>(b[pos++]) : 0; }
  uint32_t u32() {
    if (!need(4)) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<uint8_t>(b[pos++])} << (8 * i);
    return v;
  }
  uint64_t u64() {
    if (!need(8)) return 0;
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(b[pos++])} << (8 * i);
    return v;
  }
  uint64_t var() {
    if (ok && pos < b.size() && static_cast<uint8_t>(b[pos]) < 0x80)
      return static_cast<uint8_t>(b[pos++]);  // the common one-byte case
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!need(1)) return 0;
      const auto c = static_cast<uint8_t>(b[pos++]);
      v |= uint64_t{c & 0x7Fu} << shift;
      if ((c & 0x80) == 0) return v;
    }
    ok = false;
    return 0;
  }
  std::string str() {
    const uint64_t n = u64();
    if (!need(n)) return {};
    std::string s(b.substr(pos, n));
    pos += n;
    return s;
  }
};

std::string snapshot_key(bool include_negated) {
  return include_negated ? "graph/negated" : "graph/default";
}
}  // namespace

namespace {
// The (code, Goldstein, QuadClass, negated) of an event: few distinct values, so the snapshot
// stores them once in a palette.
using Look = std::tuple<std::string, uint64_t, uint8_t, uint8_t>;
Look look_of(const GraphEvent& e) {
  uint64_t bits;
  std::memcpy(&bits, &e.goldstein, sizeof bits);
  return {std::string(e.code_view()), bits, e.quad_class, e.negated ? uint8_t{1} : uint8_t{0}};
}
uint64_t zigzag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }
}  // namespace

std::string KnowledgeGraph::Impl::serialize() const {
  Out o;
  o.b.reserve(events.size() * 8 + ids.size() + dates.size() + 4096);
  o.b.append(kSnapshotMagic);
  o.u64(actors.size());
  for (const auto& a : actors) {
    o.str(a.code);
    o.str(a.name);
    o.str(a.country);
    o.str(a.sector);
    o.str(a.type);
  }
  o.u64(names.size());
  for (const auto& [name, id] : names) {
    o.str(name);
    o.u32(index_of(id));
  }
  o.u64(labels.size());
  for (const auto& [code, label] : labels) {
    o.str(code);
    o.str(label);
  }
  std::map<Look, uint64_t> palette;
  for (const GraphEvent& e : events) palette.emplace(look_of(e), 0);
  uint64_t next = 0;
  o.u64(palette.size());
  for (auto& [look, idx] : palette) {
    idx = next++;
    o.str(std::get<0>(look));
    o.u64(std::get<1>(look));
    o.u8(std::get<2>(look));
    o.u8(std::get<3>(look));
  }
  o.u64(events.size());
  int64_t prev_day = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    const GraphEvent& e = events[i];
    o.var(index_of(e.source));
    o.var(index_of(e.target));
    if (e.day_begin == kUndated) {
      o.var(0);
    } else {
      o.var(zigzag(int64_t{e.day_begin} - prev_day) + 1);
      prev_day = e.day_begin;
      o.var(static_cast<uint64_t>(int64_t{e.day_end} - int64_t{e.day_begin}));
    }
    o.var(palette[look_of(e)]);
    o.var(e.count);
    o.var(id_off[i + 1] - id_off[i]);
    o.var(date_off[i + 1] - date_off[i]);
  }
  o.str(ids);
  o.str(dates);
  return std::move(o.b);
}

// Reads a snapshot; false (and a half-filled Impl to throw away) when it does not parse.
bool KnowledgeGraph::Impl::deserialize(std::string_view bytes, size_t max_vertices) {
  if (bytes.substr(0, kSnapshotMagic.size()) != kSnapshotMagic) return false;
  In in{bytes, kSnapshotMagic.size()};
  const uint64_t n = in.u64();
  if (!in.ok || n > max_vertices || n > bytes.size()) return false;
  actors.resize(n);
  for (auto& a : actors) {
    a.code = in.str();
    a.name = in.str();
    a.country = in.str();
    a.sector = in.str();
    a.type = in.str();
  }
  const uint64_t n_names = in.u64();
  if (!in.ok || n_names > bytes.size()) return false;
  for (uint64_t i = 0; i < n_names && in.ok; ++i) {
    std::string name = in.str();
    const uint32_t id = in.u32();
    if (id >= n) return false;
    names.emplace_back(std::move(name), ActorId{id});
  }
  const uint64_t n_labels = in.u64();
  if (!in.ok || n_labels > bytes.size()) return false;
  for (uint64_t i = 0; i < n_labels && in.ok; ++i) {
    std::string code = in.str();
    labels[code] = in.str();
  }
  const uint64_t n_looks = in.u64();
  if (!in.ok || n_looks > bytes.size()) return false;
  std::vector<GraphEvent> looks(n_looks);
  for (GraphEvent& l : looks) {
    const std::string code = in.str();
    const uint64_t bits = in.u64();
    std::memcpy(&l.goldstein, &bits, sizeof bits);
    l.quad_class = in.u8();
    l.negated = in.u8() != 0;
    set_code(l, code);
  }
  const uint64_t n_events = in.u64();
  if (!in.ok || n_events > bytes.size()) return false;
  Builder b;
  b.events.resize(n_events);
  b.id_off.resize(n_events + 1);
  b.date_off.resize(n_events + 1);
  int64_t prev_day = 0;
  for (size_t i = 0; i < n_events; ++i) {
    GraphEvent& e = b.events[i];
    const uint64_t s = in.var(), t = in.var();
    const uint64_t day = in.var();
    if (day == 0) {
      e.day_begin = e.day_end = kUndated;
    } else {
      prev_day += unzigzag(day - 1);
      e.day_begin = static_cast<int32_t>(prev_day);
      e.day_end = static_cast<int32_t>(prev_day + static_cast<int64_t>(in.var()));
    }
    const uint64_t look = in.var();
    if (!in.ok || s >= n || t >= n || look >= n_looks) return false;
    const GraphEvent& l = looks[look];
    e.source = ActorId{static_cast<uint32_t>(s)};
    e.target = ActorId{static_cast<uint32_t>(t)};
    e.goldstein = l.goldstein;
    e.quad_class = l.quad_class;
    e.negated = l.negated;
    std::memcpy(e.code, l.code, sizeof e.code);
    e.count = static_cast<uint32_t>(in.var());
    b.id_off[i + 1] = b.id_off[i] + static_cast<uint32_t>(in.var());
    b.date_off[i + 1] = b.date_off[i] + static_cast<uint32_t>(in.var());
  }
  b.ids = in.str();
  b.dates = in.str();
  if (!in.ok || in.pos != bytes.size() || b.id_off.back() != b.ids.size() ||
      b.date_off.back() != b.dates.size())
    return false;
  finish(std::move(b), true);
  return true;
}

KnowledgeGraph::KnowledgeGraph(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KnowledgeGraph::~KnowledgeGraph() = default;
KnowledgeGraph::KnowledgeGraph(KnowledgeGraph&&) noexcept = default;
KnowledgeGraph& KnowledgeGraph::operator=(KnowledgeGraph&&) noexcept = default;

namespace {
GraphActor to_graph_actor(const StoredActor& a) {
  return GraphActor{a.code, a.name, a.country, a.sector, a.type};
}

Result<void> check_limit(size_t n, const GraphOptions& options) {
  if (n > options.max_vertices)
    return make_error(Errc::LimitExceeded,
                      "the graph would have " + std::to_string(n) + " actors, more than the limit of " +
                          std::to_string(options.max_vertices));
  return {};
}

void sort_names(std::vector<std::pair<std::string, ActorId>>& names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
}
}  // namespace

Result<KnowledgeGraph> KnowledgeGraph::load(const Store& store, GraphOptions options) {
  if (options.use_snapshot) {
    auto cached = store.read_cache(snapshot_key(options.include_negated));
    if (!cached) return cached.error();
    if (cached->has_value()) {
      auto impl = std::make_unique<Impl>();
      if (impl->deserialize(**cached, options.max_vertices)) {
        impl->include_negated = options.include_negated;
        impl->from_snapshot = true;
        return KnowledgeGraph(std::move(impl));
      }
      // A snapshot that does not parse is rebuilt from the tables.
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->include_negated = options.include_negated;
  auto actors = store.actors();
  if (!actors) return actors.error();
  if (auto r = check_limit(actors->size(), options); !r) return r.error();
  impl->actors.reserve(actors->size());
  for (const auto& a : *actors) impl->actors.push_back(to_graph_actor(a));
  auto names = store.actor_names();
  if (!names) return names.error();
  KnowledgeGraph g(std::move(impl));
  for (const auto& n : *names) {
    if (auto id = g.find_code(n.code)) g.impl_->names.emplace_back(n.name, *id);
  }
  for (size_t i = 0; i < g.impl_->actors.size(); ++i)
    if (!g.impl_->actors[i].name.empty())
      g.impl_->names.emplace_back(g.impl_->actors[i].name, ActorId{static_cast<uint32_t>(i)});
  sort_names(g.impl_->names);
  Builder b;
  Impl* impl_ptr = g.impl_.get();
  auto r = store.scan_events(
      [&b, impl_ptr](const EventRow& row) {
        impl_ptr->add_label(row.code, row.label);
        GraphEvent e;
        e.source = ActorId{row.source};
        e.target = ActorId{row.target};
        e.day_begin = row.day_begin;
        e.day_end = row.day_end;
        e.goldstein = row.goldstein;
        e.count = static_cast<uint32_t>(row.count);
        e.quad_class = static_cast<uint8_t>(row.quad_class);
        e.negated = row.negated;
        set_code(e, row.code);
        b.add(row.id, row.date, e);
      },
      options.include_negated);
  if (!r) return r.error();
  g.impl_->finish(std::move(b));
  return g;
}

Result<KnowledgeGraph> KnowledgeGraph::build(const std::vector<StoredActor>& actors,
                                             const std::vector<StoredEvent>& events,
                                             GraphOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->include_negated = options.include_negated;
  if (auto r = check_limit(actors.size(), options); !r) return r.error();
  std::vector<StoredActor> sorted = actors;
  std::sort(sorted.begin(), sorted.end(),
            [](const StoredActor& x, const StoredActor& y) { return x.code < y.code; });
  for (const auto& a : sorted) impl->actors.push_back(to_graph_actor(a));
  KnowledgeGraph g(std::move(impl));
  for (size_t i = 0; i < g.impl_->actors.size(); ++i)
    if (!g.impl_->actors[i].name.empty())
      g.impl_->names.emplace_back(g.impl_->actors[i].name, ActorId{static_cast<uint32_t>(i)});
  sort_names(g.impl_->names);
  Builder b;
  for (const StoredEvent& se : events) {
    if (se.negated && !options.include_negated) continue;
    auto s = g.find_code(se.source);
    auto t = g.find_code(se.target);
    if (!s || !t)
      return make_error(Errc::InvalidData,
                        "event " + quote_for_message(se.id) + " names an unknown actor " +
                            quote_for_message(!s ? se.source : se.target));
    GraphEvent e;
    e.source = *s;
    e.target = *t;
    if (se.date_begin) e.day_begin = se.date_begin->serial();
    if (se.date_end) e.day_end = se.date_end->serial();
    e.goldstein = se.goldstein;
    e.count = static_cast<uint32_t>(se.count);
    e.quad_class = static_cast<uint8_t>(se.quad_class);
    e.negated = se.negated;
    set_code(e, se.code);
    g.impl_->add_label(se.code, se.label);
    b.add(se.id, se.date, e);
  }
  g.impl_->finish(std::move(b));
  return g;
}

bool KnowledgeGraph::from_snapshot() const { return impl_->from_snapshot; }

Result<void> KnowledgeGraph::save_snapshot(Store& store) const {
  return store.write_cache(snapshot_key(impl_->include_negated), impl_->serialize());
}

size_t KnowledgeGraph::actor_count() const { return impl_->actors.size(); }
size_t KnowledgeGraph::event_count() const { return impl_->events.size(); }
size_t KnowledgeGraph::dyad_count() const { return impl_->dyads.size(); }
size_t KnowledgeGraph::dated_event_count() const { return impl_->dated; }
const GraphActor& KnowledgeGraph::actor(ActorId a) const { return impl_->actors[index_of(a)]; }
const GraphEvent& KnowledgeGraph::event(EventId e) const { return impl_->events[index_of(e)]; }
std::string_view KnowledgeGraph::event_id(EventId e) const {
  const uint32_t i = index_of(e);
  return {impl_->ids.data() + impl_->id_off[i], impl_->id_off[i + 1] - impl_->id_off[i]};
}
std::string KnowledgeGraph::event_date(EventId e) const {
  const uint32_t i = index_of(e);
  const GraphEvent& ev = impl_->events[i];
  if (impl_->date_off[i + 1] == impl_->date_off[i] && ev.day_begin != kUndated && ev.day_begin == ev.day_end)
    return CivilDate::from_serial(ev.day_begin).iso();
  return impl_->dates.substr(impl_->date_off[i], impl_->date_off[i + 1] - impl_->date_off[i]);
}
const Dyad& KnowledgeGraph::dyad(DyadId d) const { return impl_->dyads[index_of(d)]; }
std::string_view KnowledgeGraph::code_label(std::string_view code) const {
  auto it = impl_->labels.find(code);
  return it == impl_->labels.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<ActorId> KnowledgeGraph::find_code(std::string_view code) const {
  const auto& a = impl_->actors;
  auto it = std::lower_bound(a.begin(), a.end(), code,
                             [](const GraphActor& x, std::string_view c) { return x.code < c; });
  if (it == a.end() || it->code != code) return std::nullopt;
  return ActorId{static_cast<uint32_t>(it - a.begin())};
}

const std::vector<std::pair<std::string, ActorId>>& KnowledgeGraph::names() const {
  return impl_->names;
}

std::span<const DyadId> KnowledgeGraph::out_dyads(ActorId a) const {
  const uint32_t i = index_of(a);
  return {impl_->out_storage.data() + impl_->out_off[i], impl_->out_off[i + 1] - impl_->out_off[i]};
}
std::span<const DyadId> KnowledgeGraph::in_dyads(ActorId a) const {
  const uint32_t i = index_of(a);
  return {impl_->in_storage.data() + impl_->in_off[i], impl_->in_off[i + 1] - impl_->in_off[i]};
}

std::optional<DyadId> KnowledgeGraph::find_dyad(ActorId source, ActorId target) const {
  auto out = out_dyads(source);
  auto it = std::lower_bound(out.begin(), out.end(), target, [this](DyadId d, ActorId t) {
    return index_of(impl_->dyads[index_of(d)].target) < index_of(t);
  });
  if (it == out.end() || impl_->dyads[index_of(*it)].target != target) return std::nullopt;
  return *it;
}

std::vector<double> KnowledgeGraph::betweenness() const {
  std::vector<double> c(impl_->actors.size(), 0.0);
  if (c.empty()) return c;
  boost::brandes_betweenness_centrality(
      impl_->graph, boost::centrality_map(boost::make_iterator_property_map(
                        c.begin(), boost::get(boost::vertex_index, impl_->graph))));
  return c;
}

}  // namespace entente
