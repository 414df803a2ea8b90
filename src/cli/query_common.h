// Private to the CLI: what the query and export subcommands share (filters, store loading,
// actor resolution).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "entente/graph.h"
#include "entente/match.h"
#include "entente/query.h"
#include "entente/store.h"

namespace entente::cli {

// A value or the exit code to return.
template <class T>
struct OrExit {
  std::optional<T> v;
  int code = kExitOk;
  explicit operator bool() const { return v.has_value(); }
  int error() const { return code; }
  T& value() { return *v; }
};

inline int usage_error(Context& ctx, const std::string& message) {
  ctx.diagnose(make_error(Errc::InvalidInput, message));
  return kExitUsage;
}

// Flags every query shares: filters and the output format (declared in app.cc).
struct QueryArgs {
  std::string format = "table";
  std::string from, to, codes, quads;
  bool include_negated = false;

  // The filter, or nullopt after printing what is wrong.
  std::optional<EventFilter> filter(Context& ctx) const {
    EventFilter f;
    for (auto [text, slot, flag] : {std::tuple{&from, &f.from, "--from"}, std::tuple{&to, &f.to, "--to"}}) {
      if (text->empty()) continue;
      auto d = CivilDate::parse_iso(*text);
      if (!d) {
        usage_error(ctx, std::string(flag) + ": " + d.error().message);
        return std::nullopt;
      }
      *slot = *d;
    }
    if (f.from && f.to && *f.to < *f.from) {
      usage_error(ctx, "--to " + to + " is before --from " + from);
      return std::nullopt;
    }
    if (!codes.empty()) {
      auto c = parse_code_list(codes);
      if (!c) {
        usage_error(ctx, "--codes: " + c.error().message);
        return std::nullopt;
      }
      f.codes = *c;
    }
    if (!quads.empty()) {
      auto qd = parse_quad_list(quads);
      if (!qd) {
        usage_error(ctx, "--quad: " + qd.error().message);
        return std::nullopt;
      }
      f.quad_classes = *qd;
    }
    return f;
  }
};

// Opens the store read-only and loads the graph, printing any failure.
inline OrExit<std::unique_ptr<KnowledgeGraph>> load_graph(Context& ctx, bool include_negated) {
  OrExit<std::unique_ptr<KnowledgeGraph>> out;
  auto store = Store::open(ctx.global.store, StoreOptions{false, 1, true});
  if (!store) {
    ctx.diagnose(store.error());
    out.code = exit_code_for(store.error().code);
    return out;
  }
  auto g = KnowledgeGraph::load(*store, GraphOptions{include_negated, 10u << 20});
  if (!g) {
    ctx.diagnose(g.error());
    out.code = exit_code_for(g.error().code);
    return out;
  }
  if (!g->from_snapshot()) {
    // Best effort: keep a snapshot in the store so that the next query loads fast. A store we
    // cannot write to (permissions, another writer) is simply not cached.
    auto writable = Store::open(ctx.global.store, StoreOptions{false, 1, false, true});
    if (writable) (void)g->save_snapshot(*writable);
  }
  out.v = std::make_unique<KnowledgeGraph>(std::move(g).value());
  return out;
}

// Resolves an actor argument; an unknown actor is a usage error (64) with suggestions.
inline OrExit<std::vector<ActorId>> resolve(Context& ctx, const KnowledgeGraph& graph,
                                            const std::string& text) {
  OrExit<std::vector<ActorId>> out;
  auto r = resolve_actor(graph, text);
  if (!r && r.error().code == Errc::NotFound) {
    // Not a code or a name the store has seen: ask the actor lexicon ("Li Qiang" -> CHNGOV,
    // "the Kremlin" -> RUSGOV) and use its code when the store holds that actor.
    if (auto lex = Lexicon::load(ctx.lexicon_options())) {
      if (auto matcher = ActorMatcher::create(*lex.value(), {})) {
        for (const auto& actor : matcher->lookup(text)) {
          if (auto id = graph.find_code(actor.code)) {
            out.v = std::vector<ActorId>{*id};
            return out;
          }
        }
      }
    }
  }
  if (!r) {
    ctx.diagnose(r.error());
    out.code = r.error().code == Errc::NotFound ? kExitUsage : exit_code_for(r.error().code);
    return out;
  }
  out.v = std::move(r).value();
  return out;
}

}  // namespace entente::cli
