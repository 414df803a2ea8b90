// entente export: the knowledge graph for visualisers and other tools. GraphML (NetworkX,
// igraph, Gephi, yEd, Cytoscape), GEXF 1.3 with spells (Gephi's timeline), Cytoscape.js JSON,
// CSV (events and nodes tables), Graphviz DOT, and a self-contained HTML report (a timeline
// chart and an interactive actor network, no network access needed), and the event tables of
// ICEWS, Phoenix and GDELT and the import files of Neo4j in their column layouts (data/export/).
// Writers stream: memory stays flat.
// Pipeline position: reads a loaded KnowledgeGraph (module src/export/).
// Thread safety: pure functions over a const graph.
#pragma once

#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "entente/core.h"
#include "entente/graph.h"
#include "entente/lexicon.h"
#include "entente/query.h"

namespace entente {

enum class ExportFormat {
  GraphML,  // GraphML 1.1, keys with attr.type, node ids = actor codes, edge ids = event ids
  Gexf,     // GEXF 1.3, dynamic mode, one spell per event
  Json,     // Cytoscape.js elements {"elements": {"nodes": [...], "edges": [...]}}
  Csv,      // events (or dyads) table; export_to_file also writes <stem>.nodes.csv
  Dot,      // Graphviz digraph
  Html,     // self-contained report: timeline chart + interactive network (inline SVG, CSS, JS)
  Icews,    // ICEWS coded event data (Dataverse): tab-separated, with its header
  Phoenix,  // Phoenix event data: tab-separated, no header
  Gdelt,    // GDELT 2.0 events export: tab-separated, no header
  Neo4j,    // relationships CSV and (export_to_file) a nodes CSV for neo4j-admin database import
};
enum class ExportShape {
  Events,  // one edge per event (a multigraph)
  Dyads,   // one edge per directed actor pair with counts per QuadClass and Goldstein sums
};

// "graphml", "gexf", "json", "csv", "dot", "html", "icews", "phoenix", "gdelt", "neo4j";
// InvalidInput otherwise.
[[nodiscard]] Result<ExportFormat> parse_export_format(std::string_view text);
// "events", "dyads"; InvalidInput otherwise.
[[nodiscard]] Result<ExportShape> parse_export_shape(std::string_view text);

// One column of a dataset layout (kind "datasets", data/export/datasets.json).
struct DatasetColumn {
  std::string name;     // the dataset's name for the column ("Event ID", "GLOBALEVENTID")
  std::string value;    // the entente value written ("event_id"; "missing", "literal")
  std::string missing;  // written when the row has no value (the dataset's missing value)
  std::string suffix;   // appended to a non-empty value
  std::string text;     // the text of a "literal" column
};

// The columns of one dataset in its order, and how its rows are written.
struct DatasetLayout {
  std::string format;       // "icews", "phoenix", "gdelt", "neo4j_nodes", "neo4j_relationships"
  bool actor_rows = false;  // one row per actor instead of one per event
  char separator = '\t';    // '\t' (tabs and line breaks in values become spaces) or ','
  bool header = false;      // first line: the column names
  std::vector<DatasetColumn> columns;
};

// Every dataset layout of the data, with the names some columns write.
struct DatasetTables {
  std::vector<DatasetLayout> layouts;
  std::map<std::string, std::string> sector_names;   // "GOV" -> "Government"
  std::map<std::string, std::string> country_names;  // "FRA" -> "France" (the actor lexicon)
  // The layout named `format`, or null.
  const DatasetLayout* find(std::string_view format) const;
};

// Reads the "datasets" files of `lexicon` (a later file's layout replaces one of the same
// name) and the country names of its "actors" files. Fails with InvalidData naming
// "file#/pointer" for a value name this build does not know or a literal without text.
[[nodiscard]] Result<DatasetTables> load_dataset_tables(const Lexicon& lexicon);

struct ExportOptions {
  ExportFormat format = ExportFormat::GraphML;
  ExportShape shape = ExportShape::Events;
  EventFilter filter;
  std::vector<ActorId> focus;  // when set: only the neighbourhood of these actors
  int depth = 1;               // neighbourhood depth around `focus`
  // HTML report only. The timeline shows the events of `focus` or, when `partner` is set, of
  // the dyad focus-partner (both directions); every event when both are empty. The network
  // shows the neighbourhood of focus and partner (every actor when both are empty), at most
  // `max_nodes` actors (the focus, partner, then the highest degrees).
  std::vector<ActorId> partner;
  Period by = Period::Month;
  size_t max_nodes = 100;
  std::string title;  // default: made from the actors' codes
  // icews, phoenix, gdelt, neo4j: the layouts (load_dataset_tables); without them these
  // formats fail with InvalidInput.
  std::shared_ptr<const DatasetTables> datasets;
};

// Writes the graph to `out`. Fails with Io when the stream fails, InvalidInput for neo4j (two
// files: use export_to_file) or a dataset format without its layout in options.datasets.
[[nodiscard]] Result<void> write_export(const KnowledgeGraph& graph, const ExportOptions& options,
                                        std::ostream& out);

// Writes to `path` atomically: a temporary file in the same folder, renamed when complete, so
// readers never see half a file. For CSV and neo4j, also writes the nodes table beside it
// ("g.csv" -> "g.nodes.csv"; for neo4j `path` holds the relationships). Fails with Io (path in
// `where`) when a file cannot be written.
[[nodiscard]] Result<void> export_to_file(const KnowledgeGraph& graph, const ExportOptions& options,
                                          const std::string& path);

// Writes the HTML report (see ExportOptions). Deterministic: the network layout is computed
// here (Fruchterman-Reingold from a fixed start), not in the browser. Fails with Io.
[[nodiscard]] Result<void> write_html_report(const KnowledgeGraph& graph,
                                             const ExportOptions& options, std::ostream& out);

// Writes the nodes table (code,name,country,sector,type,events) of the selection as CSV.
[[nodiscard]] Result<void> write_nodes_csv(const KnowledgeGraph& graph,
                                           const ExportOptions& options, std::ostream& out);

// Writes the selection's rows in `layout` (see DatasetLayout). `tables` gives the sector and
// country names. Fails with Io when the stream fails.
[[nodiscard]] Result<void> write_dataset(const KnowledgeGraph& graph, const ExportOptions& options,
                                         const DatasetTables& tables, const DatasetLayout& layout,
                                         std::ostream& out);

// Text helpers shared with the CLI's formatters.
std::string xml_escape(std::string_view text);   // & < > " ' escaped, control bytes dropped
std::string json_escape(std::string_view text);  // without the quotes
std::string csv_field(std::string_view text);    // quoted when it holds , " or a line break
std::string format_double(double v);             // shortest text that reads back the same

}  // namespace entente
