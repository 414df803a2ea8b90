// Test helpers shared by the store, graph, query and io suites: hand-made events and stories.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

#include "entente/code.h"
#include "entente/core.h"
#include "entente/store.h"
#include "entente/text.h"

namespace entente::test {

// A fresh folder under the system temp folder, removed with its files at the end of scope.
class TempDir {
 public:
  TempDir() {
    namespace fs = std::filesystem;
    const auto base = fs::temp_directory_path();
    for (int i = 0;; ++i) {
      path_ = base / ("entente_test_" + std::to_string(reinterpret_cast<uintptr_t>(this)) + "_" +
                      std::to_string(i));
      std::error_code ec;
      if (fs::create_directory(path_, ec)) break;
    }
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline Document story(const std::string& id, const std::string& text) {
  Document d;
  d.id = id;
  d.title = "Title of " + id;
  d.text = text;
  d.dct = CivilDate{2023, 9, 1};
  d.source = "test";
  d.origin = id + ".txt";
  return d;
}

inline ActorRef actor(const std::string& code, const std::string& name = {}) {
  ActorRef a;
  a.code = code;
  if (code.substr(0, 3) != "IGO" && code.substr(0, 3) != "NGO") {
    a.country = code.substr(0, 3);
    if (code.size() > 3) a.sector = code.substr(3);
  }
  a.name = name;
  a.text = name.empty() ? code : name;
  return a;
}

// A day-dated event; `goldstein` and `quad` default from the code's root.
inline Event day_event(const std::string& id, const std::string& source, const std::string& target,
                       const std::string& code, const std::string& day,
                       const std::string& source_name = {}, double goldstein = 1.0,
                       int quad = 1) {
  Event e;
  e.id = id;
  e.date = day;
  auto d = CivilDate::parse_iso(day);
  if (d.ok()) {
    e.date_begin = *d;
    e.date_end = *d;
  }
  e.source = actor(source, source_name);
  e.target = actor(target);
  e.code = code;
  e.root = code.substr(0, code.size() < 2 ? code.size() : 2);
  e.label = "label " + code;
  e.goldstein = goldstein;
  e.quad_class = quad;
  e.doc_id = id.substr(0, id.find(':'));
  e.text = "A sentence about " + source + " and " + target + ".";
  e.span = Span{0, 5};
  return e;
}

// Everything a store holds, one line per row, for comparing two stores; "error: ..." lines
// when a read fails.
inline std::string dump(const Store& s) {
  std::string out;
  auto stories = s.stories();
  if (!stories) return "error: " + stories.error().message;
  for (const auto& st : *stories)
    out += "S " + st.id + " " + st.hash + " " + std::to_string(st.events) + " " + st.title + "|" +
           st.published + "|" + st.source + "\n";
  auto actors = s.actors();
  if (!actors) return out + "error: " + actors.error().message;
  for (const auto& a : *actors)
    out += "A " + a.code + "|" + a.name + "|" + a.country + "|" + a.sector + "|" + a.type + "|" +
           std::to_string(a.events) + "\n";
  auto names = s.actor_names();
  if (!names) return out + "error: " + names.error().message;
  for (const auto& n : *names) out += "N " + n.code + "|" + n.name + "|" + std::to_string(n.count) + "\n";
  auto events = s.events({true, true});
  if (!events) return out + "error: " + events.error().message;
  for (const auto& e : *events) {
    out += "E " + e.id + " " + e.date + " " + e.source + ">" + e.target + " " + e.code + " " +
           std::to_string(e.count) + (e.negated ? " neg" : "") + " [";
    for (const auto& src : e.sources) out += src.raw_id + ",";
    out += "]\n";
  }
  auto st = s.stats();
  if (!st) return out + "error: " + st.error().message;
  out += "T " + std::to_string(st->stories) + " " + std::to_string(st->events) + " " +
         std::to_string(st->negated) + " " + std::to_string(st->raw_events) + " " +
         std::to_string(st->actors) + " " + st->first_date + " " + st->last_date + "\n";
  return out;
}

inline Event negated(Event e) {
  e.negated = true;
  return e;
}

inline Event undated(Event e) {
  e.date.clear();
  e.date_begin.reset();
  e.date_end.reset();
  return e;
}

}  // namespace entente::test
