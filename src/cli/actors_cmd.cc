// `entente actors`: what the actor lexicon covers (the built-in data, or --data-dir, plus any
// --lexicon files): entries per kind with their sectors, and dated roles per decade. A table,
// or with --json one object.
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "cli/args.h"
#include "cli/commands.h"
#include "entente/io.h"
#include "entente/match.h"

namespace entente::cli {
namespace {

// Appends "key":n pairs joined by commas.
void append_counts(std::initializer_list<std::pair<std::string_view, size_t>> counts,
                   std::string& out) {
  bool first = true;
  for (const auto& [key, n] : counts) {
    if (!first) out += ',';
    first = false;
    append_json_string(key, out);
    out += ':';
    out += std::to_string(n);
  }
}

std::string coverage_json(const ActorCoverage& c) {
  std::string out = "{\"kinds\":[";
  for (size_t i = 0; i < c.kinds.size(); ++i) {
    const auto& k = c.kinds[i];
    if (i > 0) out += ',';
    out += "{\"kind\":";
    append_json_string(k.kind, out);
    out += ',';
    append_counts({{"entries", k.entries}}, out);
    out += ",\"sectors\":{";
    for (size_t j = 0; j < k.sectors.size(); ++j) {
      if (j > 0) out += ',';
      append_counts({{k.sectors[j].first, k.sectors[j].second}}, out);
    }
    out += "}}";
  }
  out += "],";
  append_counts({{"person_roles", c.person_roles},
                 {"group_roles", c.group_roles},
                 {"role_words", c.role_words}},
                out);
  out += ",\"decades\":[";
  for (size_t i = 0; i < c.decades.size(); ++i) {
    const auto& d = c.decades[i];
    if (i > 0) out += ',';
    out += "{\"decade\":" + std::to_string(d.decade) + ',';
    append_counts({{"people", d.people}, {"roles", d.roles}, {"began", d.began}}, out);
    out += '}';
  }
  out += "]}\n";
  return out;
}

std::string pad(std::string s, size_t width) {
  while (s.size() < width) s.insert(s.begin(), ' ');
  return s;
}

std::string coverage_table(const ActorCoverage& c) {
  std::string out = "kind          entries  sectors\n";
  for (const auto& k : c.kinds) {
    std::string name = k.kind;
    name.resize(12, ' ');
    out += name + pad(std::to_string(k.entries), 9) + ' ';
    for (size_t j = 0; j < k.sectors.size(); ++j) {
      out += (j > 0 ? ", " : " ") + k.sectors[j].first + ' ' + std::to_string(k.sectors[j].second);
    }
    out += '\n';
  }
  out += "dated roles: " + std::to_string(c.person_roles) + " of people, " +
         std::to_string(c.group_roles) + " of groups; role words: " + std::to_string(c.role_words) +
         "\n\ndecade   people    roles    began\n";
  for (const auto& d : c.decades) {
    out += std::to_string(d.decade) + "s" + pad(std::to_string(d.people), 9) +
           pad(std::to_string(d.roles), 9) + pad(std::to_string(d.began), 9) + '\n';
  }
  return out;
}

}  // namespace

int run_actors(Context& ctx, const ActorsArgs& args) {
  auto lexicon = Lexicon::load(ctx.lexicon_options());
  if (!lexicon) {
    ctx.diagnose(lexicon.error());
    return exit_code_for(lexicon.error().code);
  }
  auto matcher = ActorMatcher::create(*lexicon.value(), {});
  if (!matcher) {
    ctx.diagnose(matcher.error());
    return exit_code_for(matcher.error().code);
  }
  const ActorCoverage c = matcher->coverage();
  *ctx.out << (args.json ? coverage_json(c) : coverage_table(c));
  return finish_output(ctx, kExitOk);
}

}  // namespace entente::cli
