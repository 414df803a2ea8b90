// entente io: the event record as JSON (one object per line) and other plain writers.
// Pipeline position: after code; used by the CLI (extract, annotate) and by exports.
// Thread safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "entente/code.h"
#include "entente/core.h"
#include "entente/match.h"
#include "entente/temporal.h"
#include "entente/text.h"

namespace entente {

// Appends `event` as one JSON object (no newline) matching schemas/event.schema.json.
// Keys are written in a fixed order; doubles in shortest round-trip form.
void append_event_json(const Event& event, std::string& out);

// Appends `text` as a JSON string literal (with quotes), escaping as RFC 8259 requires.
void append_json_string(std::string_view text, std::string& out);

// Appends `value` in the shortest form that reads back to the same double ("2.8", "-10").
void append_json_number(double value, std::string& out);

// JSON objects of the stage outputs for `time` and `annotate` (no newline); spans are bytes
// of doc.text. Keys in a fixed order; an empty optional field is null.
// {"text","begin","end","value","granularity","mod","date_begin","date_end"}
void append_time_json(const Document& doc, const TimeExpr& t, std::string& out);
// {"text","begin","end","code","country","sector","name","type","how","entry","group"}
void append_mention_json(const Document& doc, const ActorMention& m, std::string& out);
// {"text","begin","end","code","pattern","negated","modality","source","target","date","why"}:
// source and target are the texts of the mentions read as such, date the time expression that
// dates the action (null: the story's date), why the reason it gave no event (null: it did).
void append_action_json(const Document& doc, const ActionMention& a, std::string& out);
// [{"text","lemma","upos","head","deprel"}, ...]: one parsed sentence as the coder read it.
void append_tree_json(const Document& doc, const SentenceTree& t, std::string& out);

// Reads one event back from its JSON form (as written by append_event_json).
// Fails with InvalidInput naming the offending key.
[[nodiscard]] Result<Event> parse_event_json(std::string_view json);

// A story as `extract --stories` announces it, before its events.
struct StoryHeader {
  std::string id;
  std::string title;
  std::string published;  // ISO date or empty
  std::string source;
  std::string hash;       // the store's content hash of the story (16 hex digits)
  uint64_t events = 0;    // event lines that follow
};

// Appends {"story": {"id", "title", "published", "source", "hash", "events"}} (no newline).
void append_story_json(const StoryHeader& story, std::string& out);

// True when `line` is a story line rather than an event.
bool is_story_json(std::string_view line);

// Reads a story line back. Fails with InvalidInput naming the missing or mistyped key.
[[nodiscard]] Result<StoryHeader> parse_story_json(std::string_view json);

}  // namespace entente
