#include "entente/export.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <ostream>
#include <system_error>

#include "export/export_internal.h"

namespace entente {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 forbids most control characters, even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x",
                        static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string format_double(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

Result<ExportFormat> parse_export_format(std::string_view text) {
  if (text == "graphml") return ExportFormat::GraphML;
  if (text == "gexf") return ExportFormat::Gexf;
  if (text == "json") return ExportFormat::Json;
  if (text == "csv") return ExportFormat::Csv;
  if (text == "dot") return ExportFormat::Dot;
  if (text == "html") return ExportFormat::Html;
  if (text == "icews") return ExportFormat::Icews;
  if (text == "phoenix") return ExportFormat::Phoenix;
  if (text == "gdelt") return ExportFormat::Gdelt;
  if (text == "neo4j") return ExportFormat::Neo4j;
  return make_error(
      Errc::InvalidInput,
      "export format " + quote_for_message(text) +
          " is not graphml, gexf, json, csv, dot, html, icews, phoenix, gdelt or neo4j");
}

Result<ExportShape> parse_export_shape(std::string_view text) {
  if (text == "events") return ExportShape::Events;
  if (text == "dyads") return ExportShape::Dyads;
  return make_error(Errc::InvalidInput,
                    "graph shape " + quote_for_message(text) + " is not events or dyads");
}

namespace detail {

Selection select_for_export(const KnowledgeGraph& g, const ExportOptions& o) {
  Selection s;
  const size_t n = g.actor_count();
  s.node.assign(n, 0);
  s.node_events.assign(n, 0);
  std::vector<uint8_t> allowed(n, 1);
  if (!o.focus.empty()) {
    allowed.assign(n, 0);
    for (ActorId a : o.focus) allowed[index_of(a)] = 1;
    for (const Neighbor& nb : neighbors(g, o.focus, o.depth, o.filter))
      allowed[index_of(nb.actor)] = 1;
  }
  const bool all_nodes = o.focus.empty() && o.filter.is_empty();
  if (all_nodes) s.node.assign(n, 1);
  for (ActorId a : o.focus) s.node[index_of(a)] = 1;
  const bool no_filter = o.filter.is_empty();
  for (uint32_t i = 0; i < g.event_count(); ++i) {
    const GraphEvent& e = g.event(EventId{i});
    if (!allowed[index_of(e.source)] || !allowed[index_of(e.target)]) continue;
    if (!no_filter && !o.filter.accepts(e)) continue;
    s.events.push_back(i);
    s.node[index_of(e.source)] = 1;
    s.node[index_of(e.target)] = 1;
    ++s.node_events[index_of(e.source)];
    if (e.target != e.source) ++s.node_events[index_of(e.target)];
  }
  if (o.shape == ExportShape::Dyads) {
    for (uint32_t d = 0; d < g.dyad_count(); ++d) {
      const Dyad& dy = g.dyad(DyadId{d});
      if (!allowed[index_of(dy.source)] || !allowed[index_of(dy.target)]) continue;
      Selection::DyadRow row;
      row.dyad = DyadId{d};
      std::map<std::string_view, int64_t> codes;
      for (EventId id : dy.events) {
        const GraphEvent& e = g.event(id);
        if (!no_filter && !o.filter.accepts(e)) continue;
        ++row.count;
        if (e.quad_class >= 1 && e.quad_class <= 4) ++row.quad[e.quad_class - 1u];
        row.sum += e.goldstein;
        if (e.day_begin != kUndated) {
          row.first = row.first == kUndated ? e.day_begin : std::min(row.first, e.day_begin);
          row.last = row.last == kUndated ? e.day_end : std::max(row.last, e.day_end);
        }
        ++codes[e.code_view()];
      }
      if (row.count == 0) continue;
      int64_t best = 0;
      for (const auto& [c, k] : codes)
        if (k > best) {
          best = k;
          row.code = std::string(c);
        }
      s.dyads.push_back(std::move(row));
    }
  }
  return s;
}

}  // namespace detail

namespace {

using detail::Selection;
using detail::Sink;

// Characters outside [A-Za-z0-9._:-] are written as _xHH_ so ids are XML NMTOKENs.
std::string nmtoken(std::string_view id) {
  std::string out;
  out.reserve(id.size());
  for (char c : id) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '-' || c == '_' || c == ':') {
      out += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "_x%02X_", static_cast<unsigned>(u));
      out += buf;
    }
  }
  if (out.empty()) out = "_";
  return out;
}

std::string iso_or_empty(int32_t day) {
  return day == kUndated ? std::string() : CivilDate::from_serial(day).iso();
}

std::string edge_label(const KnowledgeGraph& g, const GraphEvent& e) {
  const std::string_view name = g.code_label(e.code_view());
  return std::string(name.empty() ? e.code_view() : name);
}

std::string node_label(const GraphActor& a) { return a.name.empty() ? a.code : a.name; }

std::string timex(const KnowledgeGraph& g, EventId id) {
  std::string d = g.event_date(id);
  return d.empty() ? std::string("XXXX") : d;  // TIMEX3's unknown year
}

// ---- GraphML ----
void graphml_key(Sink& s, std::string_view id, std::string_view for_, std::string_view name,
                 std::string_view type) {
  s << "  <key id=\"" << id << "\" for=\"" << for_ << "\" attr.name=\"" << name << "\" attr.type=\""
    << type << "\"/>\n";
}
void graphml_data(Sink& s, std::string_view key, std::string_view value) {
  s << "<data key=\"" << key << "\">";
  s.esc(value) << "</data>";
}
void graphml_data(Sink& s, std::string_view key, int64_t value) {
  s << "<data key=\"" << key << "\">" << value << "</data>";
}
void graphml_double(Sink& s, std::string_view key, double value) {
  s << "<data key=\"" << key << "\">";
  s.num(value) << "</data>";
}
void graphml_day(Sink& s, std::string_view key, int32_t day) {
  s << "<data key=\"" << key << "\">";
  s.day(day) << "</data>";
}
// Writes an id as an XML NMTOKEN (see nmtoken()), without a copy in the common case.
void put_id(Sink& s, std::string_view id) {
  for (char c : id)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-' || c == '_' || c == ':')) {
      s << nmtoken(id);
      return;
    }
  if (id.empty()) s << "_";
  s << id;
}

// Key ids are short (the files get large); attr.name carries the meaning.
Result<void> write_graphml(const KnowledgeGraph& g, const ExportOptions& o, const Selection& sel,
                           std::ostream& out) {
  Sink s(out);
  s << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
       "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
       "http://graphml.graphdrawing.org/xmlns/1.1/graphml.xsd\">\n";
  graphml_key(s, "n0", "node", "label", "string");
  graphml_key(s, "n1", "node", "name", "string");
  graphml_key(s, "n2", "node", "country", "string");
  graphml_key(s, "n3", "node", "sector", "string");
  graphml_key(s, "n4", "node", "type", "string");
  graphml_key(s, "n5", "node", "events", "long");
  const bool events = o.shape == ExportShape::Events;
  graphml_key(s, "e0", "edge", "label", "string");
  graphml_key(s, "e1", "edge", "date", "string");
  graphml_key(s, "e2", "edge", "code", "string");
  if (events) {
    graphml_key(s, "e3", "edge", "event_id", "string");
    graphml_key(s, "e4", "edge", "date_begin", "string");
    graphml_key(s, "e5", "edge", "date_end", "string");
    graphml_key(s, "e6", "edge", "day_begin", "long");
    graphml_key(s, "e7", "edge", "day_end", "long");
    graphml_key(s, "e8", "edge", "root", "string");
    graphml_key(s, "e9", "edge", "goldstein", "double");
    graphml_key(s, "e10", "edge", "quad_class", "int");
    graphml_key(s, "e11", "edge", "sources", "long");
    graphml_key(s, "e12", "edge", "negated", "boolean");
  } else {
    graphml_key(s, "e3", "edge", "events", "long");
    for (int q = 1; q <= 4; ++q)
      graphml_key(s, "e" + std::to_string(3 + q), "edge", "quad" + std::to_string(q), "long");
    graphml_key(s, "e8", "edge", "goldstein_sum", "double");
    graphml_key(s, "e9", "edge", "goldstein_mean", "double");
    graphml_key(s, "e10", "edge", "first_date", "string");
    graphml_key(s, "e11", "edge", "last_date", "string");
    graphml_key(s, "e12", "edge", "first_day", "long");
    graphml_key(s, "e13", "edge", "last_day", "long");
  }
  s << "  <graph id=\"entente\" edgedefault=\"directed\">\n";
  for (uint32_t i = 0; i < g.actor_count(); ++i) {
    if (!sel.node[i]) continue;
    const GraphActor& a = g.actor(ActorId{i});
    s << "    <node id=\"";
    put_id(s, a.code);
    s << "\">";
    graphml_data(s, "n0", node_label(a));
    graphml_data(s, "n1", a.name);
    graphml_data(s, "n2", a.country);
    graphml_data(s, "n3", a.sector);
    graphml_data(s, "n4", a.type);
    graphml_data(s, "n5", sel.node_events[i]);
    s << "</node>\n";
  }
  if (events) {
    for (uint32_t i : sel.events) {
      const EventId id{i};
      const GraphEvent& e = g.event(id);
      s << "    <edge id=\"";
      put_id(s, g.event_id(id));
      s << "\" source=\"";
      put_id(s, g.actor(e.source).code);
      s << "\" target=\"";
      put_id(s, g.actor(e.target).code);
      s << "\">";
      const std::string_view label = g.code_label(e.code_view());
      graphml_data(s, "e0", label.empty() ? e.code_view() : label);
      graphml_data(s, "e1", timex(g, id));
      graphml_data(s, "e2", e.code_view());
      graphml_data(s, "e3", g.event_id(id));
      if (e.day_begin != kUndated) {
        graphml_day(s, "e4", e.day_begin);
        graphml_day(s, "e5", e.day_end);
        graphml_data(s, "e6", int64_t{e.day_begin});
        graphml_data(s, "e7", int64_t{e.day_end});
      }
      graphml_data(s, "e8", e.root());
      graphml_double(s, "e9", e.goldstein);
      graphml_data(s, "e10", int64_t{e.quad_class});
      graphml_data(s, "e11", int64_t{e.count});
      graphml_data(s, "e12", e.negated ? "true" : "false");
      s << "</edge>\n";
    }
  } else {
    for (const auto& row : sel.dyads) {
      const Dyad& dy = g.dyad(row.dyad);
      const std::string src = g.actor(dy.source).code, tgt = g.actor(dy.target).code;
      s << "    <edge id=\"";
      put_id(s, src + ":" + tgt);
      s << "\" source=\"";
      put_id(s, src);
      s << "\" target=\"";
      put_id(s, tgt);
      s << "\">";
      graphml_data(s, "e0", src + " -> " + tgt + " (" + std::to_string(row.count) + ")");
      const std::string first = iso_or_empty(row.first), last = iso_or_empty(row.last);
      graphml_data(s, "e1", first.empty() ? std::string("XXXX") : first + "/" + last);
      graphml_data(s, "e2", row.code);
      graphml_data(s, "e3", row.count);
      for (int q = 0; q < 4; ++q)
        graphml_data(s, "e" + std::to_string(4 + q), row.quad[static_cast<size_t>(q)]);
      graphml_double(s, "e8", row.sum);
      graphml_double(s, "e9", row.sum / static_cast<double>(row.count));
      if (!first.empty()) {
        graphml_data(s, "e10", first);
        graphml_data(s, "e11", last);
        graphml_data(s, "e12", int64_t{row.first});
        graphml_data(s, "e13", int64_t{row.last});
      }
      s << "</edge>\n";
    }
  }
  s << "  </graph>\n</graphml>\n";
  return s.finish();
}

// ---- GEXF 1.3 ----
void gexf_att(Sink& s, int id, std::string_view value) {
  s << "<attvalue for=\"" << int64_t{id} << "\" value=\"";
  s.esc(value) << "\"/>";
}
void gexf_att(Sink& s, int id, int64_t value) {
  s << "<attvalue for=\"" << int64_t{id} << "\" value=\"" << value << "\"/>";
}
void gexf_att_num(Sink& s, int id, double value) {
  s << "<attvalue for=\"" << int64_t{id} << "\" value=\"";
  s.num(value) << "\"/>";
}

Result<void> write_gexf(const KnowledgeGraph& g, const ExportOptions& o, const Selection& sel,
                        std::ostream& out) {
  Sink s(out);
  const bool events = o.shape == ExportShape::Events;
  s << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       "<gexf xmlns=\"http://gexf.net/1.3\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
       "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n"
       "  <meta><creator>entente</creator><description>actors and dated "
       "events</description></meta>\n"
       "  <graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\" "
       "timerepresentation=\"interval\">\n"
       "    <attributes class=\"node\">\n"
       "      <attribute id=\"0\" title=\"name\" type=\"string\"/>\n"
       "      <attribute id=\"1\" title=\"country\" type=\"string\"/>\n"
       "      <attribute id=\"2\" title=\"sector\" type=\"string\"/>\n"
       "      <attribute id=\"3\" title=\"type\" type=\"string\"/>\n"
       "      <attribute id=\"4\" title=\"events\" type=\"long\"/>\n"
       "    </attributes>\n"
       "    <attributes class=\"edge\">\n";
  if (events) {
    s << "      <attribute id=\"0\" title=\"date\" type=\"string\"/>\n"
         "      <attribute id=\"1\" title=\"code\" type=\"string\"/>\n"
         "      <attribute id=\"2\" title=\"root\" type=\"string\"/>\n"
         "      <attribute id=\"3\" title=\"goldstein\" type=\"double\"/>\n"
         "      <attribute id=\"4\" title=\"quad_class\" type=\"integer\"/>\n"
         "      <attribute id=\"5\" title=\"sources\" type=\"long\"/>\n"
         "      <attribute id=\"6\" title=\"negated\" type=\"boolean\"/>\n"
         "      <attribute id=\"7\" title=\"event_id\" type=\"string\"/>\n";
  } else {
    s << "      <attribute id=\"0\" title=\"date\" type=\"string\"/>\n"
         "      <attribute id=\"1\" title=\"code\" type=\"string\"/>\n"
         "      <attribute id=\"2\" title=\"events\" type=\"long\"/>\n"
         "      <attribute id=\"3\" title=\"quad1\" type=\"long\"/>\n"
         "      <attribute id=\"4\" title=\"quad2\" type=\"long\"/>\n"
         "      <attribute id=\"5\" title=\"quad3\" type=\"long\"/>\n"
         "      <attribute id=\"6\" title=\"quad4\" type=\"long\"/>\n"
         "      <attribute id=\"7\" title=\"goldstein_sum\" type=\"double\"/>\n"
         "      <attribute id=\"8\" title=\"goldstein_mean\" type=\"double\"/>\n";
  }
  s << "    </attributes>\n    <nodes>\n";
  // A node lives from its first to its last event.
  std::vector<int32_t> first(g.actor_count(), kUndated), last(g.actor_count(), kUndated);
  for (uint32_t i : sel.events) {
    const GraphEvent& e = g.event(EventId{i});
    if (e.day_begin == kUndated) continue;
    for (ActorId a : {e.source, e.target}) {
      auto& f = first[index_of(a)];
      auto& l = last[index_of(a)];
      f = f == kUndated ? e.day_begin : std::min(f, e.day_begin);
      l = l == kUndated ? e.day_end : std::max(l, e.day_end);
    }
  }
  for (uint32_t i = 0; i < g.actor_count(); ++i) {
    if (!sel.node[i]) continue;
    const GraphActor& a = g.actor(ActorId{i});
    s << "      <node id=\"" << xml_escape(a.code) << "\" label=\"" << xml_escape(node_label(a))
      << "\"><attvalues>";
    gexf_att(s, 0, a.name);
    gexf_att(s, 1, a.country);
    gexf_att(s, 2, a.sector);
    gexf_att(s, 3, a.type);
    gexf_att(s, 4, sel.node_events[i]);
    s << "</attvalues>";
    if (first[i] != kUndated)
      s << "<spells><spell start=\"" << iso_or_empty(first[i]) << "\" end=\""
        << iso_or_empty(last[i]) << "\"/></spells>";
    s << "</node>\n";
  }
  s << "    </nodes>\n    <edges>\n";
  if (events) {
    for (uint32_t i : sel.events) {
      const EventId id{i};
      const GraphEvent& e = g.event(id);
      s << "      <edge id=\"";
      s.esc(g.event_id(id)) << "\" source=\"";
      s.esc(g.actor(e.source).code) << "\" target=\"";
      s.esc(g.actor(e.target).code) << "\" label=\"";
      const std::string_view name = g.code_label(e.code_view());
      s.esc(name.empty() ? e.code_view() : name)
          << "\" kind=\"" << e.code_view() << "\"><attvalues>";
      if (e.day_begin != kUndated) {
        gexf_att(s, 0, g.event_date(id));
      } else {
        gexf_att(s, 0, std::string_view("XXXX"));
      }
      gexf_att(s, 1, e.code_view());
      gexf_att(s, 2, e.root());
      gexf_att_num(s, 3, e.goldstein);
      gexf_att(s, 4, int64_t{e.quad_class});
      gexf_att(s, 5, int64_t{e.count});
      gexf_att(s, 6, std::string_view(e.negated ? "true" : "false"));
      gexf_att(s, 7, g.event_id(id));
      s << "</attvalues>";
      if (e.day_begin != kUndated) {
        s << "<spells><spell start=\"";
        s.day(e.day_begin) << "\" end=\"";
        s.day(e.day_end) << "\"/></spells>";
      }
      s << "</edge>\n";
    }
  } else {
    for (const auto& row : sel.dyads) {
      const Dyad& dy = g.dyad(row.dyad);
      const std::string src = g.actor(dy.source).code, tgt = g.actor(dy.target).code;
      s << "      <edge id=\"" << xml_escape(src + ":" + tgt) << "\" source=\"" << xml_escape(src)
        << "\" target=\"" << xml_escape(tgt) << "\" label=\""
        << xml_escape(src + " -> " + tgt + " (" + std::to_string(row.count) + ")")
        << "\"><attvalues>";
      const std::string f = iso_or_empty(row.first), l = iso_or_empty(row.last);
      gexf_att(s, 0, f.empty() ? std::string("XXXX") : f + "/" + l);
      gexf_att(s, 1, row.code);
      gexf_att(s, 2, std::to_string(row.count));
      for (int q = 0; q < 4; ++q)
        gexf_att(s, 3 + q, std::to_string(row.quad[static_cast<size_t>(q)]));
      gexf_att(s, 7, format_double(row.sum));
      gexf_att(s, 8, format_double(row.sum / static_cast<double>(row.count)));
      s << "</attvalues>";
      if (!f.empty()) s << "<spells><spell start=\"" << f << "\" end=\"" << l << "\"/></spells>";
      s << "</edge>\n";
    }
  }
  s << "    </edges>\n  </graph>\n</gexf>\n";
  return s.finish();
}

// ---- Cytoscape.js JSON ----
void json_str(Sink& s, std::string_view key, std::string_view value, bool comma = true) {
  s << (comma ? ",\"" : "\"") << key << "\":\"" << json_escape(value) << "\"";
}

Result<void> write_json(const KnowledgeGraph& g, const ExportOptions& o, const Selection& sel,
                        std::ostream& out) {
  Sink s(out);
  s << "{\"elements\":{\"nodes\":[";
  bool first = true;
  for (uint32_t i = 0; i < g.actor_count(); ++i) {
    if (!sel.node[i]) continue;
    const GraphActor& a = g.actor(ActorId{i});
    s << (first ? "\n" : ",\n") << "{\"data\":{";
    first = false;
    json_str(s, "id", a.code, false);
    json_str(s, "label", node_label(a));
    json_str(s, "name", a.name);
    json_str(s, "country", a.country);
    json_str(s, "sector", a.sector);
    json_str(s, "type", a.type);
    s << ",\"events\":" << sel.node_events[i] << "}}";
  }
  s << "\n],\"edges\":[";
  first = true;
  if (o.shape == ExportShape::Events) {
    for (uint32_t i : sel.events) {
      const EventId id{i};
      const GraphEvent& e = g.event(id);
      s << (first ? "\n" : ",\n") << "{\"data\":{";
      first = false;
      json_str(s, "id", g.event_id(id), false);
      json_str(s, "source", g.actor(e.source).code);
      json_str(s, "target", g.actor(e.target).code);
      json_str(s, "label", edge_label(g, e));
      if (e.day_begin != kUndated) {
        json_str(s, "date", g.event_date(id));
        json_str(s, "date_begin", iso_or_empty(e.day_begin));
        json_str(s, "date_end", iso_or_empty(e.day_end));
      } else {
        s << ",\"date\":null";
      }
      json_str(s, "code", e.code_view());
      json_str(s, "root", e.root());
      s << ",\"goldstein\":";
      s.num(e.goldstein) << ",\"quad_class\":" << int64_t{e.quad_class}
                         << ",\"sources\":" << int64_t{e.count}
                         << ",\"negated\":" << (e.negated ? "true" : "false") << "}}";
    }
  } else {
    for (const auto& row : sel.dyads) {
      const Dyad& dy = g.dyad(row.dyad);
      const std::string src = g.actor(dy.source).code, tgt = g.actor(dy.target).code;
      s << (first ? "\n" : ",\n") << "{\"data\":{";
      first = false;
      json_str(s, "id", src + ":" + tgt, false);
      json_str(s, "source", src);
      json_str(s, "target", tgt);
      json_str(s, "label", src + " -> " + tgt + " (" + std::to_string(row.count) + ")");
      json_str(s, "code", row.code);
      s << ",\"events\":" << row.count << ",\"quad\":[" << row.quad[0] << "," << row.quad[1] << ","
        << row.quad[2] << "," << row.quad[3] << "],\"goldstein_sum\":";
      s.num(row.sum) << ",\"goldstein_mean\":";
      s.num(row.sum / static_cast<double>(row.count));
      if (row.first != kUndated) {
        json_str(s, "first_date", iso_or_empty(row.first));
        json_str(s, "last_date", iso_or_empty(row.last));
      }
      s << "}}";
    }
  }
  s << "\n]}}\n";
  return s.finish();
}

// ---- CSV (Phoenix / ICEWS column order: id, date parts, source, target, code, scores) ----
Result<void> write_csv(const KnowledgeGraph& g, const ExportOptions& o, const Selection& sel,
                       std::ostream& out) {
  Sink s(out);
  if (o.shape == ExportShape::Events) {
    s << "event_id,date,year,month,day,source,source_name,source_country,source_sector,target,"
         "target_name,target_country,target_sector,code,root,quad_class,goldstein,label,sources,"
         "negated\n";
    for (uint32_t i : sel.events) {
      const EventId id{i};
      const GraphEvent& e = g.event(id);
      const GraphActor& a = g.actor(e.source);
      const GraphActor& b = g.actor(e.target);
      s << csv_field(g.event_id(id)) << "," << csv_field(g.event_date(id)) << ",";
      if (e.day_begin != kUndated) {
        const CivilDate d = CivilDate::from_serial(e.day_begin);
        s << int64_t{d.year} << "," << int64_t{d.month} << "," << int64_t{d.day} << ",";
      } else {
        s << ",,,";
      }
      s << csv_field(a.code) << "," << csv_field(a.name) << "," << csv_field(a.country) << ","
        << csv_field(a.sector) << "," << csv_field(b.code) << "," << csv_field(b.name) << ","
        << csv_field(b.country) << "," << csv_field(b.sector) << "," << e.code_view() << ","
        << e.root() << "," << int64_t{e.quad_class} << ",";
      s.num(e.goldstein) << "," << csv_field(edge_label(g, e)) << "," << int64_t{e.count} << ","
                         << (e.negated ? "true" : "false") << "\n";
    }
  } else {
    s << "source,target,events,quad1,quad2,quad3,quad4,goldstein_sum,goldstein_mean,first_date,"
         "last_date,code\n";
    for (const auto& row : sel.dyads) {
      const Dyad& dy = g.dyad(row.dyad);
      s << csv_field(g.actor(dy.source).code) << "," << csv_field(g.actor(dy.target).code) << ","
        << row.count << "," << row.quad[0] << "," << row.quad[1] << "," << row.quad[2] << ","
        << row.quad[3] << ",";
      s.num(row.sum) << ",";
      s.num(row.sum / static_cast<double>(row.count))
          << "," << iso_or_empty(row.first) << "," << iso_or_empty(row.last) << "," << row.code
          << "\n";
    }
  }
  return s.finish();
}

// ---- Graphviz DOT ----
std::string dot_quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

Result<void> write_dot(const KnowledgeGraph& g, const ExportOptions& o, const Selection& sel,
                       std::ostream& out) {
  Sink s(out);
  s << "digraph entente {\n  node [shape=box];\n";
  for (uint32_t i = 0; i < g.actor_count(); ++i) {
    if (!sel.node[i]) continue;
    const GraphActor& a = g.actor(ActorId{i});
    s << "  " << dot_quote(a.code) << " [label=" << dot_quote(node_label(a)) << "];\n";
  }
  if (o.shape == ExportShape::Events) {
    for (uint32_t i : sel.events) {
      const EventId id{i};
      const GraphEvent& e = g.event(id);
      const std::string label = std::string(e.code_view()) + " " + std::string(timex(g, id));
      s << "  " << dot_quote(g.actor(e.source).code) << " -> " << dot_quote(g.actor(e.target).code)
        << " [id=" << dot_quote(g.event_id(id)) << ", label=" << dot_quote(label) << "];\n";
    }
  } else {
    for (const auto& row : sel.dyads) {
      const Dyad& dy = g.dyad(row.dyad);
      s << "  " << dot_quote(g.actor(dy.source).code) << " -> "
        << dot_quote(g.actor(dy.target).code) << " [label=\"" << row.count << "\", penwidth=";
      s.num(1.0 + std::min(5.0, static_cast<double>(row.count) / 10.0)) << "];\n";
    }
  }
  s << "}\n";
  return s.finish();
}

}  // namespace

Result<void> write_export(const KnowledgeGraph& graph, const ExportOptions& options,
                          std::ostream& out) {
  if (options.format == ExportFormat::Html) return write_html_report(graph, options, out);
  if (options.format == ExportFormat::Neo4j)
    return make_error(Errc::InvalidInput,
                      "the neo4j export is two files (nodes and relationships); give an output "
                      "file (-o events.csv also writes events.nodes.csv)");
  if (auto layout = detail::dataset_layout_for(options); !layout) {
    return layout.error();
  } else if (layout.value()) {
    return write_dataset(graph, options, *options.datasets, *layout.value(), out);
  }
  const Selection sel = detail::select_for_export(graph, options);
  switch (options.format) {
    case ExportFormat::GraphML:
      return write_graphml(graph, options, sel, out);
    case ExportFormat::Gexf:
      return write_gexf(graph, options, sel, out);
    case ExportFormat::Json:
      return write_json(graph, options, sel, out);
    case ExportFormat::Csv:
      return write_csv(graph, options, sel, out);
    case ExportFormat::Dot:
      return write_dot(graph, options, sel, out);
    case ExportFormat::Html:
    case ExportFormat::Icews:
    case ExportFormat::Phoenix:
    case ExportFormat::Gdelt:
    case ExportFormat::Neo4j:
      break;
  }
  return make_error(Errc::Internal, "unknown export format");
}

Result<void> write_nodes_csv(const KnowledgeGraph& graph, const ExportOptions& options,
                             std::ostream& out) {
  const Selection sel = detail::select_for_export(graph, options);
  Sink s(out);
  s << "code,name,country,sector,type,events\n";
  for (uint32_t i = 0; i < graph.actor_count(); ++i) {
    if (!sel.node[i]) continue;
    const GraphActor& a = graph.actor(ActorId{i});
    s << csv_field(a.code) << "," << csv_field(a.name) << "," << csv_field(a.country) << ","
      << csv_field(a.sector) << "," << csv_field(a.type) << "," << sel.node_events[i] << "\n";
  }
  return s.finish();
}

namespace detail {
Result<void> atomic_write(const std::string& path,
                          const std::function<Result<void>(std::ostream&)>& fn) {
  namespace fs = std::filesystem;
  const std::string tmp = path + ".partial";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return make_error(Errc::Io, "cannot create the file", tmp);
    auto r = fn(f);
    f.close();
    if (!r || !f) {
      std::error_code ec;
      fs::remove(tmp, ec);
      if (!r) return make_error(r.error().code, r.error().message, path);
      return make_error(Errc::Io, "cannot write the file", path);
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return make_error(Errc::Io, "cannot move the finished file into place: " + ec.message(), path);
  }
  return {};
}

std::string nodes_path_for(const std::string& path) {
  std::filesystem::path p(path);
  return (p.parent_path() / (p.stem().string() + ".nodes.csv")).string();
}
}  // namespace detail

Result<void> export_to_file(const KnowledgeGraph& graph, const ExportOptions& options,
                            const std::string& path) {
  if (options.format == ExportFormat::Neo4j) return detail::export_neo4j(graph, options, path);
  if (auto r = detail::atomic_write(
          path, [&](std::ostream& out) { return write_export(graph, options, out); });
      !r)
    return r;
  if (options.format == ExportFormat::Csv) {
    return detail::atomic_write(detail::nodes_path_for(path), [&](std::ostream& out) {
      return write_nodes_csv(graph, options, out);
    });
  }
  return {};
}

}  // namespace entente
