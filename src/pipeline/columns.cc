// Column names of CSV and TSV collections: the "columns" data and the --columns option.
#include <map>
#include <string>

#include "entente/pipeline.h"
#include "lexicon/data.h"
#include "pipeline/read_common.h"

namespace entente {
namespace {

// The field names are the story record's own keys (as in JSON Lines), not a word list.
constexpr std::array<std::string_view, kStoryFields> kFieldNames = {"id",   "title",  "date",
                                                                    "text", "source", "url"};

std::optional<StoryField> field_named(std::string_view name) {
  for (size_t i = 0; i < kStoryFields; ++i) {
    if (kFieldNames[i] == name) return static_cast<StoryField>(i);
  }
  return std::nullopt;
}

std::string field_list() {
  std::string out;
  for (auto name : kFieldNames) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace

std::string_view story_field_name(StoryField field) {
  return kFieldNames[static_cast<size_t>(field)];
}

namespace detail {

std::string fold_column_name(std::string_view name) {
  const auto first = name.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  name = name.substr(first, name.find_last_not_of(" \t") - first + 1);
  std::string out(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-') c = '_';
  }
  return out;
}

}  // namespace detail

Result<ColumnNames> load_column_names(const Lexicon& lexicon) {
  ColumnNames columns;
  // Names of later files (--lexicon) are appended: they add names, a --columns option forces one.
  std::map<std::string, std::string, std::less<>> owner;  // name -> "field" (first claim)
  for (const auto& kd_value : detail::docs_of_kind(lexicon, "columns")) {
    const auto* kd = &kd_value;
    auto cols = kd->root->IsObject() ? kd->root->FindMember("columns") : kd->root->MemberEnd();
    if (cols == kd->root->MemberEnd() || !cols->value.IsObject()) {
      return make_error(Errc::InvalidData, "expected an object of column names",
                        detail::where(*kd->file, "/columns"));
    }
    for (const auto& m : cols->value.GetObject()) {
      const std::string_view key(m.name.GetString(), m.name.GetStringLength());
      const std::string pointer = "/columns/" + std::string(key);
      auto field = field_named(key);
      if (!field) {
        return make_error(Errc::InvalidData, "unknown story field " + quote_for_message(key),
                          detail::where(*kd->file, pointer));
      }
      if (!m.value.IsArray()) {
        return make_error(Errc::InvalidData, "expected an array of names",
                          detail::where(*kd->file, pointer));
      }
      auto& list = columns.names[static_cast<size_t>(*field)];
      rapidjson::SizeType i = 0;
      for (const auto& v : m.value.GetArray()) {
        const std::string at = pointer + "/" + std::to_string(i++);
        if (!v.IsString()) {
          return make_error(Errc::InvalidData, "expected a string", detail::where(*kd->file, at));
        }
        std::string name = detail::fold_column_name({v.GetString(), v.GetStringLength()});
        auto [it, fresh] = owner.emplace(name, key);
        if (!fresh && it->second != key) {
          return make_error(Errc::InvalidData,
                            "column name " + quote_for_message(name) + " is already a name of " +
                                it->second + "; a name may belong to one field only",
                            detail::where(*kd->file, at));
        }
        if (fresh) list.push_back(std::move(name));
      }
    }
  }
  return columns;
}

Result<void> parse_column_spec(std::string_view spec, ColumnNames& columns) {
  while (!spec.empty()) {
    const auto comma = spec.find(',');
    const std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == item.size()) {
      return make_error(Errc::InvalidInput, "--columns: expected FIELD=COLUMN, got " +
                                                quote_for_message(item) +
                                                " (e.g. --columns text=body,date=pubdate)");
    }
    auto field = field_named(item.substr(0, eq));
    if (!field) {
      return make_error(Errc::InvalidInput, "--columns: unknown field " +
                                                quote_for_message(item.substr(0, eq)) +
                                                " (fields: " + field_list() + ")");
    }
    columns.forced[static_cast<size_t>(*field)] = detail::fold_column_name(item.substr(eq + 1));
  }
  return {};
}

Result<StoryFormat> parse_story_format(std::string_view name) {
  // The names of the readers, as --format takes them.
  constexpr std::pair<std::string_view, StoryFormat> kFormats[] = {
      {"text", StoryFormat::Text}, {"jsonl", StoryFormat::Jsonl}, {"csv", StoryFormat::Csv},
      {"tsv", StoryFormat::Tsv},   {"xml", StoryFormat::Xml},     {"html", StoryFormat::Html},
  };
  for (const auto& [n, f] : kFormats) {
    if (n == name) return f;
  }
  return make_error(Errc::InvalidInput, "--format: unknown story format " +
                                            quote_for_message(name) +
                                            " (formats: text, jsonl, csv, tsv, xml, html)");
}

}  // namespace entente
