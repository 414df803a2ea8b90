// The event tables of other datasets (ICEWS, Phoenix, GDELT) and the Neo4j import files. The
// column layouts are data (data/export/datasets.json, schema schemas/datasets.schema.json);
// this file computes the values the layouts name. README "Dataset exports" says what each
// column holds and what is written where entente has no value.
#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "entente/export.h"
#include "export/export_internal.h"
#include "lexicon/data.h"

namespace entente {

namespace {

// The values a layout column can name (the schema's enum of "value").
enum class Value {
  EventId,         // the merged event's id ("doc:3:0")
  EventNumber,     // 1-based position of the event in the graph's order
  Timex,           // TIMEX3 date value ("2023-01", "2023-W05")
  DateIso,         // day_begin as YYYY-MM-DD
  DateYyyymmdd,    // day_begin as YYYYMMDD
  DateYyyymm,      // day_begin as YYYYMM
  Year,            // year of day_begin
  Month,           // month of day_begin, 1..12
  Day,             // day of month of day_begin
  FractionDate,    // year + (day of year - 1) / 365, four decimals (GDELT)
  DateBegin,       // earliest day, YYYY-MM-DD
  DateEnd,         // latest day, YYYY-MM-DD
  ActorCodeV,      // the actor's code (source_code, target_code, actor_code)
  ActorNameV,      // the actor's name
  ActorCountryV,   // its country code
  CountryName,     // its country's name (actor lexicon), else the code
  ActorSectorV,    // its sector code
  SectorName,      // its sector's name (sector_names), else the code
  Group,           // IGO/NGO: the organisation code after the IGO/NGO prefix
  Root,            // Phoenix root: the country code or IGO/NGO
  Attributes,      // Phoenix attributes: the code's 3-letter parts after root and sector, ';'
  ActorTypeV,      // actor rows: igo, ngo, country, domestic
  ActorEvents,     // actor rows: events it takes part in
  Code,            // CAMEO code
  BaseCode,        // first three digits
  RootCode,        // first two digits
  QuadClass,       // 1..4
  PentaClass,      // Phoenix: 0 for roots 01-02, else the QuadClass
  Goldstein,       // Goldstein score
  Label,           // the code's name
  Sources,         // reports merged into the event
  Negated,         // true / false
  StoryId,         // the story of the event's first report (its id's first part)
  Sentence,        // that report's sentence index in its story
  SentenceNumber,  // the sentence index + 1 (1-based, as ICEWS counts)
  SentenceId,      // "<story id>_<sentence index>"
  IsRoot,          // GDELT: 1 when the first report is in the story's lead, else 0
  Literal,         // the column's text
  Missing,         // nothing: the column's missing value
};

enum class Side { Source, Target, Actor };

struct ColumnPlan {
  Value value = Value::Missing;
  Side side = Side::Actor;
};

// GDELT's IsRootEvent marks events of the lead paragraph. entente keeps no paragraphs, and its
// sentence index counts the headline, a date line and the dateline ("KYIV, Ukraine (AP) -")
// too: the first six sentences stand in for headline and lead.
constexpr uint32_t kLeadSentences = 6;

struct ValueName {
  std::string_view name;
  Value value;
  Side side;
};

constexpr std::array<ValueName, 52> kValueNames = {{
    {"event_id", Value::EventId, Side::Actor},
    {"event_number", Value::EventNumber, Side::Actor},
    {"timex", Value::Timex, Side::Actor},
    {"date_iso", Value::DateIso, Side::Actor},
    {"date_yyyymmdd", Value::DateYyyymmdd, Side::Actor},
    {"date_yyyymm", Value::DateYyyymm, Side::Actor},
    {"year", Value::Year, Side::Actor},
    {"month", Value::Month, Side::Actor},
    {"day", Value::Day, Side::Actor},
    {"fraction_date", Value::FractionDate, Side::Actor},
    {"date_begin", Value::DateBegin, Side::Actor},
    {"date_end", Value::DateEnd, Side::Actor},
    {"source_code", Value::ActorCodeV, Side::Source},
    {"source_name", Value::ActorNameV, Side::Source},
    {"source_country", Value::ActorCountryV, Side::Source},
    {"source_country_name", Value::CountryName, Side::Source},
    {"source_sector", Value::ActorSectorV, Side::Source},
    {"source_sector_name", Value::SectorName, Side::Source},
    {"source_group", Value::Group, Side::Source},
    {"source_root", Value::Root, Side::Source},
    {"source_attributes", Value::Attributes, Side::Source},
    {"target_code", Value::ActorCodeV, Side::Target},
    {"target_name", Value::ActorNameV, Side::Target},
    {"target_country", Value::ActorCountryV, Side::Target},
    {"target_country_name", Value::CountryName, Side::Target},
    {"target_sector", Value::ActorSectorV, Side::Target},
    {"target_sector_name", Value::SectorName, Side::Target},
    {"target_group", Value::Group, Side::Target},
    {"target_root", Value::Root, Side::Target},
    {"target_attributes", Value::Attributes, Side::Target},
    {"code", Value::Code, Side::Actor},
    {"base_code", Value::BaseCode, Side::Actor},
    {"root_code", Value::RootCode, Side::Actor},
    {"quad_class", Value::QuadClass, Side::Actor},
    {"penta_class", Value::PentaClass, Side::Actor},
    {"goldstein", Value::Goldstein, Side::Actor},
    {"label", Value::Label, Side::Actor},
    {"sources", Value::Sources, Side::Actor},
    {"negated", Value::Negated, Side::Actor},
    {"story_id", Value::StoryId, Side::Actor},
    {"sentence", Value::Sentence, Side::Actor},
    {"sentence_number", Value::SentenceNumber, Side::Actor},
    {"sentence_id", Value::SentenceId, Side::Actor},
    {"is_root", Value::IsRoot, Side::Actor},
    {"actor_code", Value::ActorCodeV, Side::Actor},
    {"actor_name", Value::ActorNameV, Side::Actor},
    {"actor_country", Value::ActorCountryV, Side::Actor},
    {"actor_sector", Value::ActorSectorV, Side::Actor},
    {"actor_type", Value::ActorTypeV, Side::Actor},
    {"actor_events", Value::ActorEvents, Side::Actor},
    {"literal", Value::Literal, Side::Actor},
    {"missing", Value::Missing, Side::Actor},
}};

const ValueName* find_value(std::string_view name) {
  for (const auto& v : kValueNames)
    if (v.name == name) return &v;
  return nullptr;
}

bool actor_value(Value v) {
  return v == Value::ActorCodeV || v == Value::ActorNameV || v == Value::ActorCountryV ||
         v == Value::CountryName || v == Value::ActorSectorV || v == Value::SectorName ||
         v == Value::Group || v == Value::Root || v == Value::Attributes ||
         v == Value::ActorTypeV || v == Value::ActorEvents;
}

std::string digits(int64_t v, int width) {
  char b[24];
  auto r = std::to_chars(b, b + sizeof b, v);
  std::string s(b, r.ptr);
  if (v >= 0 && static_cast<int>(s.size()) < width)
    s.insert(0, static_cast<size_t>(width) - s.size(), '0');
  return s;
}

// The story id and sentence index of a raw event id "<doc id>:<sentence>:<n>" (doc ids may
// hold ':' themselves). Without that shape: the whole id and no sentence.
struct Origin {
  std::string_view story;
  bool has_sentence = false;
  uint32_t sentence = 0;
};

Origin origin_of(std::string_view id) {
  Origin o{id, false, 0};
  const size_t last = id.rfind(':');
  if (last == std::string_view::npos || last == 0) return o;
  const size_t mid = id.rfind(':', last - 1);
  if (mid == std::string_view::npos) return o;
  const std::string_view num = id.substr(mid + 1, last - mid - 1);
  uint32_t n = 0;
  auto r = std::from_chars(num.data(), num.data() + num.size(), n);
  if (r.ec != std::errc() || r.ptr != num.data() + num.size() || num.empty()) return o;
  return {id.substr(0, mid), true, n};
}

bool is_organisation(const GraphActor& a) {
  return a.code.size() >= 3 &&
         (a.code.compare(0, 3, "IGO") == 0 || a.code.compare(0, 3, "NGO") == 0);
}

std::string actor_text(const GraphActor& a, Value v, const DatasetTables& t) {
  switch (v) {
    case Value::ActorCodeV:
      return a.code;
    case Value::ActorNameV:
      return a.name;
    case Value::ActorCountryV:
      return a.country;
    case Value::CountryName: {
      if (a.country.empty()) return {};
      auto it = t.country_names.find(a.country);
      return it == t.country_names.end() ? a.country : it->second;
    }
    case Value::ActorSectorV:
      return a.sector;
    case Value::SectorName: {
      // ICEWS writes an organisation's kind where a state actor has its sector.
      const std::string key =
          a.sector.empty() && is_organisation(a) ? a.code.substr(0, 3) : a.sector;
      if (key.empty()) return {};
      auto it = t.sector_names.find(key);
      return it == t.sector_names.end() ? key : it->second;
    }
    case Value::Group:
      return is_organisation(a) ? a.code.substr(3, 3) : std::string();
    case Value::Root:
      if (is_organisation(a)) return a.code.substr(0, 3);
      return a.country.empty() ? a.code.substr(0, std::min<size_t>(3, a.code.size())) : a.country;
    case Value::Attributes: {
      size_t at = std::min<size_t>(3, a.code.size());
      if (!a.sector.empty() && a.code.compare(at, a.sector.size(), a.sector) == 0)
        at += a.sector.size();
      std::string out;
      for (; at < a.code.size(); at += 3) {
        if (!out.empty()) out += ';';
        out += a.code.substr(at, 3);
      }
      return out;
    }
    case Value::ActorTypeV:
      return a.type;
    default:
      return {};
  }
}

// Values of one event row that do not depend on the actors.
std::string event_text(const KnowledgeGraph& g, EventId id, Value v) {
  const GraphEvent& e = g.event(id);
  const bool dated = e.day_begin != kUndated;
  const CivilDate d = dated ? CivilDate::from_serial(e.day_begin) : CivilDate{};
  switch (v) {
    case Value::EventId:
      return std::string(g.event_id(id));
    case Value::EventNumber:
      return digits(int64_t{index_of(id)} + 1, 0);
    case Value::Timex:
      return g.event_date(id);
    case Value::DateIso:
    case Value::DateBegin:
      return dated ? d.iso() : std::string();
    case Value::DateEnd:
      return dated ? CivilDate::from_serial(e.day_end).iso() : std::string();
    case Value::DateYyyymmdd:
      return dated ? digits(d.year, 4) + digits(d.month, 2) + digits(d.day, 2) : std::string();
    case Value::DateYyyymm:
      return dated ? digits(d.year, 4) + digits(d.month, 2) : std::string();
    case Value::Year:
      return dated ? digits(d.year, 4) : std::string();
    case Value::Month:
      return dated ? digits(d.month, 0) : std::string();
    case Value::Day:
      return dated ? digits(d.day, 0) : std::string();
    case Value::FractionDate: {
      if (!dated) return {};
      const int32_t doy = e.day_begin - CivilDate{d.year, 1, 1}.serial();
      const double f = d.year + static_cast<double>(doy) / 365.0;
      char b[32];
      auto r = std::to_chars(b, b + sizeof b, f, std::chars_format::fixed, 4);
      return std::string(b, r.ptr);
    }
    case Value::Code:
      return std::string(e.code_view());
    case Value::BaseCode:
      return std::string(e.code_view().substr(0, 3));
    case Value::RootCode:
      return std::string(e.root());
    case Value::QuadClass:
      return digits(e.quad_class, 0);
    case Value::PentaClass:
      // Phoenix counts statements and appeals (roots 01 and 02) as neutral, class 0.
      return (e.root() == "01" || e.root() == "02") ? std::string("0") : digits(e.quad_class, 0);
    case Value::Goldstein:
      return format_double(e.goldstein);
    case Value::Label:
      return std::string(g.code_label(e.code_view()));
    case Value::Sources:
      return digits(e.count, 0);
    case Value::Negated:
      return e.negated ? "true" : "false";
    case Value::StoryId:
      return std::string(origin_of(g.event_id(id)).story);
    case Value::Sentence:
    case Value::SentenceNumber:
    case Value::SentenceId:
    case Value::IsRoot: {
      const Origin o = origin_of(g.event_id(id));
      if (!o.has_sentence) return {};
      if (v == Value::Sentence) return digits(o.sentence, 0);
      if (v == Value::SentenceNumber) return digits(int64_t{o.sentence} + 1, 0);
      if (v == Value::SentenceId) return std::string(o.story) + "_" + digits(o.sentence, 0);
      return o.sentence < kLeadSentences ? "1" : "0";
    }
    default:
      return {};
  }
}

// A field as the separator allows: CSV quoting for commas, no tabs or line breaks for TSV.
void put_field(std::string& line, std::string_view text, char separator) {
  if (separator == ',') {
    line += csv_field(text);
    return;
  }
  for (char c : text) line += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
}

Result<std::vector<ColumnPlan>> plan_columns(const DatasetLayout& layout) {
  std::vector<ColumnPlan> plan;
  for (const auto& c : layout.columns) {
    const ValueName* v = find_value(c.value);
    if (!v) {
      return make_error(Errc::InvalidData, "dataset " + quote_for_message(layout.format) +
                                               ": unknown column value " +
                                               quote_for_message(c.value));
    }
    const bool neutral = v->value == Value::Literal || v->value == Value::Missing;
    const bool of_actor = actor_value(v->value) && v->side == Side::Actor;
    if (!neutral && layout.actor_rows != of_actor) {
      return make_error(Errc::InvalidData, "dataset " + quote_for_message(layout.format) + " has " +
                                               (layout.actor_rows ? "actor" : "event") + " rows; " +
                                               quote_for_message(c.value) + " is an " +
                                               (layout.actor_rows ? "event's" : "actor row's") +
                                               " value");
    }
    plan.push_back({v->value, v->side});
  }
  return plan;
}

}  // namespace

const DatasetLayout* DatasetTables::find(std::string_view format) const {
  for (const auto& l : layouts)
    if (l.format == format) return &l;
  return nullptr;
}

Result<DatasetTables> load_dataset_tables(const Lexicon& lexicon) {
  DatasetTables t;
  for (const auto& kd : detail::docs_of_kind(lexicon, "datasets")) {
    const rapidjson::Value& root = *kd.root;
    if (!root.IsObject())
      return make_error(Errc::InvalidData, "expected an object", detail::where(*kd.file, ""));
    if (auto it = root.FindMember("sector_names"); it != root.MemberEnd() && it->value.IsObject()) {
      for (const auto& m : it->value.GetObject())
        if (m.value.IsString()) t.sector_names[m.name.GetString()] = m.value.GetString();
    }
    auto ds = root.FindMember("datasets");
    if (ds == root.MemberEnd() || !ds->value.IsArray())
      return make_error(Errc::InvalidData, "expected an array of datasets",
                        detail::where(*kd.file, "/datasets"));
    rapidjson::SizeType i = 0;
    for (const auto& d : ds->value.GetArray()) {
      const std::string at = "/datasets/" + std::to_string(i++);
      if (!d.IsObject())
        return make_error(Errc::InvalidData, "expected an object", detail::where(*kd.file, at));
      DatasetLayout l;
      l.format = std::string(detail::get_string(d, "format"));
      l.actor_rows = detail::get_string(d, "rows") == "actors";
      l.separator = detail::get_string(d, "separator") == "comma" ? ',' : '\t';
      auto h = d.FindMember("header");
      l.header = h != d.MemberEnd() && h->value.IsBool() && h->value.GetBool();
      auto cols = d.FindMember("columns");
      if (cols == d.MemberEnd() || !cols->value.IsArray())
        return make_error(Errc::InvalidData, "expected an array of columns",
                          detail::where(*kd.file, at + "/columns"));
      rapidjson::SizeType j = 0;
      for (const auto& c : cols->value.GetArray()) {
        const std::string cat = at + "/columns/" + std::to_string(j++);
        if (!c.IsObject())
          return make_error(Errc::InvalidData, "expected an object", detail::where(*kd.file, cat));
        DatasetColumn col{std::string(detail::get_string(c, "name")),
                          std::string(detail::get_string(c, "value")),
                          std::string(detail::get_string(c, "missing")),
                          std::string(detail::get_string(c, "suffix")),
                          std::string(detail::get_string(c, "text"))};
        if (!find_value(col.value))
          return make_error(Errc::InvalidData,
                            "unknown column value " + quote_for_message(col.value),
                            detail::where(*kd.file, cat + "/value"));
        if (col.value == "literal" && col.text.empty())
          return make_error(Errc::InvalidData, "a literal column needs a non-empty \"text\"",
                            detail::where(*kd.file, cat));
        l.columns.push_back(std::move(col));
      }
      if (auto p = plan_columns(l); !p)
        return make_error(Errc::InvalidData, p.error().message, detail::where(*kd.file, at));
      auto same = std::find_if(t.layouts.begin(), t.layouts.end(),
                               [&](const DatasetLayout& x) { return x.format == l.format; });
      if (same != t.layouts.end()) {
        *same = std::move(l);
      } else {
        t.layouts.push_back(std::move(l));
      }
    }
  }
  for (const auto& kd : detail::docs_of_kind(lexicon, "actors")) {
    auto entries = kd.root->FindMember("entries");
    if (entries == kd.root->MemberEnd() || !entries->value.IsArray()) continue;
    for (const auto& e : entries->value.GetArray()) {
      if (!e.IsObject() || detail::get_string(e, "type") != "country") continue;
      const std::string_view code = detail::get_string(e, "code"),
                             name = detail::get_string(e, "name");
      if (!code.empty() && !name.empty())
        t.country_names.emplace(std::string(code), std::string(name));
    }
  }
  return t;
}

Result<void> write_dataset(const KnowledgeGraph& graph, const ExportOptions& options,
                           const DatasetTables& tables, const DatasetLayout& layout,
                           std::ostream& out) {
  auto plan = plan_columns(layout);
  if (!plan) return plan.error();
  const detail::Selection sel = detail::select_for_export(graph, options);
  detail::Sink s(out);
  std::string line;
  const auto end_line = [&] {
    line += '\n';
    s << line;
    line.clear();
  };
  if (layout.header) {
    for (size_t c = 0; c < layout.columns.size(); ++c) {
      if (c) line += layout.separator;
      put_field(line, layout.columns[c].name, layout.separator);
    }
    end_line();
  }
  const auto cell = [&](size_t c, std::string text) {
    const DatasetColumn& col = layout.columns[c];
    if (c) line += layout.separator;
    if (plan.value()[c].value == Value::Literal) text = col.text;
    if (text.empty()) {
      text = col.missing;
    } else {
      text += col.suffix;
    }
    put_field(line, text, layout.separator);
  };
  if (layout.actor_rows) {
    for (uint32_t i = 0; i < graph.actor_count(); ++i) {
      if (!sel.node[i]) continue;
      const GraphActor& a = graph.actor(ActorId{i});
      for (size_t c = 0; c < plan.value().size(); ++c) {
        const Value v = plan.value()[c].value;
        cell(c, v == Value::ActorEvents ? digits(sel.node_events[i], 0) : actor_text(a, v, tables));
      }
      end_line();
    }
    return s.finish();
  }
  for (uint32_t i : sel.events) {
    const EventId id{i};
    const GraphEvent& e = graph.event(id);
    for (size_t c = 0; c < plan.value().size(); ++c) {
      const ColumnPlan& p = plan.value()[c];
      if (actor_value(p.value)) {
        cell(c, actor_text(graph.actor(p.side == Side::Target ? e.target : e.source), p.value,
                           tables));
      } else {
        cell(c, event_text(graph, id, p.value));
      }
    }
    end_line();
  }
  return s.finish();
}

namespace detail {

Result<const DatasetLayout*> dataset_layout_for(const ExportOptions& options) {
  struct Named {
    ExportFormat format;
    std::string_view name;
  };
  constexpr Named kLayouts[] = {{ExportFormat::Icews, "icews"},
                                {ExportFormat::Phoenix, "phoenix"},
                                {ExportFormat::Gdelt, "gdelt"}};
  const auto it = std::find_if(std::begin(kLayouts), std::end(kLayouts),
                               [&](const Named& n) { return n.format == options.format; });
  if (it == std::end(kLayouts)) return static_cast<const DatasetLayout*>(nullptr);
  const std::string_view name = it->name;
  if (!options.datasets)
    return make_error(
        Errc::InvalidInput,
        "the " + std::string(name) + " export needs the dataset layouts (load_dataset_tables)");
  const DatasetLayout* l = options.datasets->find(name);
  if (!l)
    return make_error(Errc::InvalidData,
                      "no \"datasets\" data file describes the " + std::string(name) + " layout");
  return l;
}

Result<void> export_neo4j(const KnowledgeGraph& graph, const ExportOptions& options,
                          const std::string& path) {
  if (!options.datasets)
    return make_error(Errc::InvalidInput, "the neo4j export needs the dataset layouts");
  const DatasetLayout* rels = options.datasets->find("neo4j_relationships");
  const DatasetLayout* nodes = options.datasets->find("neo4j_nodes");
  if (!rels || !nodes)
    return make_error(Errc::InvalidData,
                      "no \"datasets\" data file describes neo4j_nodes and neo4j_relationships");
  if (auto r = atomic_write(path,
                            [&](std::ostream& out) {
                              return write_dataset(graph, options, *options.datasets, *rels, out);
                            });
      !r)
    return r;
  return atomic_write(nodes_path_for(path), [&](std::ostream& out) {
    return write_dataset(graph, options, *options.datasets, *nodes, out);
  });
}

}  // namespace detail
}  // namespace entente
