// entente io: the event record as JSON (one object per line) and other plain writers.
// Pipeline position: after code; used by the CLI (extract, annotate) and by exports.
// Thread safety: free functions without shared state.
#pragma once

#include <string>
#include <string_view>

#include "entente/code.h"
#include "entente/core.h"

namespace entente {

// Appends `event` as one JSON object (no newline) matching schemas/event.schema.json.
// Keys are written in a fixed order; doubles in shortest round-trip form.
void append_event_json(const Event& event, std::string& out);

// Appends `text` as a JSON string literal (with quotes), escaping as RFC 8259 requires.
void append_json_string(std::string_view text, std::string& out);

// Appends `value` in the shortest form that reads back to the same double ("2.8", "-10").
void append_json_number(double value, std::string& out);

// Reads one event back from its JSON form (as written by append_event_json).
// Fails with InvalidInput naming the offending key.
[[nodiscard]] Result<Event> parse_event_json(std::string_view json);

}  // namespace entente
