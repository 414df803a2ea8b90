#include "entente/lexicon.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

// GCC 12 reports a "potential null pointer dereference" inside RapidJSON 1.1.0's schema
// validator once it is inlined at -O2; the header is third-party, so the warning is silenced
// for these includes only (a SYSTEM include does not cover warnings raised after inlining).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <rapidjson/error/en.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#pragma GCC diagnostic pop

#include "lexicon/data.h"

namespace entente {
namespace detail {
struct EmbeddedFile {
  std::string_view path;
  std::string_view bytes;
};
extern const EmbeddedFile kEmbeddedFiles[];
extern const std::size_t kEmbeddedFileCount;
}  // namespace detail

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Reads the "kind" member without a full parse failure path: parse errors are reported later.
std::string kind_of(const rapidjson::Document& doc) {
  if (doc.IsObject()) {
    auto it = doc.FindMember("kind");
    if (it != doc.MemberEnd() && it->value.IsString()) return it->value.GetString();
  }
  return {};
}

Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::NotFound, "cannot open data file", path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return make_error(Errc::Io, "cannot read data file", path.string());
  return ss.str();
}

}  // namespace

namespace detail {

std::vector<KindDoc> docs_of_kind(const Lexicon& lexicon, std::string_view kind) {
  std::vector<KindDoc> out;
  const auto& impl = lexicon.impl();
  for (size_t i = 0; i < impl.files.size(); ++i) {
    if (impl.files[i].kind == kind) out.push_back({&impl.files[i], impl.docs[i].get()});
  }
  return out;
}

std::string where(const DataFile& file, std::string_view pointer) {
  std::string w = file.path;
  w += '#';
  w += pointer;
  return w;
}

std::string_view get_string(const rapidjson::Value& v, const char* key, std::string_view fallback) {
  if (!v.IsObject()) return fallback;
  auto it = v.FindMember(key);
  if (it == v.MemberEnd() || !it->value.IsString()) return fallback;
  return {it->value.GetString(), it->value.GetStringLength()};
}

Result<std::unique_ptr<rapidjson::Document>> parse_and_validate(const DataFile& file) {
  auto doc = std::make_unique<rapidjson::Document>();
  // Invalid UTF-8 is a parse error: RapidJSON's pointer printer (the schema error path) reads
  // past the end of a key that ends in a broken sequence (found by fuzzing).
  doc->Parse<rapidjson::kParseValidateEncodingFlag>(file.bytes.data(), file.bytes.size());
  if (doc->HasParseError()) {
    return make_error(Errc::InvalidData,
                      std::string("JSON syntax error at byte ") +
                          std::to_string(doc->GetErrorOffset()) + ": " +
                          rapidjson::GetParseError_En(doc->GetParseError()),
                      file.path);
  }
  const std::string kind = kind_of(*doc);
  if (kind.empty()) {
    return make_error(Errc::InvalidData, "missing \"kind\" (the data kind, e.g. \"actors\")",
                      file.path + "#/kind");
  }
  const std::string_view schema_text = builtin_schema(kind);
  if (schema_text.empty()) {
    return make_error(Errc::InvalidData, "unknown data kind " + quote_for_message(kind),
                      file.path + "#/kind");
  }
  rapidjson::Document sd;
  sd.Parse(schema_text.data(), schema_text.size());
  if (sd.HasParseError()) {
    return make_error(Errc::Internal, "built-in schema for " + kind + " does not parse");
  }
  rapidjson::SchemaDocument schema(sd);
  rapidjson::SchemaValidator validator(schema);
  if (!doc->Accept(validator)) {
    rapidjson::StringBuffer ptr;
    validator.GetInvalidDocumentPointer().StringifyUriFragment(ptr);
    std::string pointer = ptr.GetString();
    if (!pointer.empty() && pointer[0] == '#') pointer.erase(0, 1);
    rapidjson::StringBuffer sptr;
    validator.GetInvalidSchemaPointer().StringifyUriFragment(sptr);
    std::string keyword = validator.GetInvalidSchemaKeyword();
    std::string msg = "does not match the " + kind + " schema (keyword \"" + keyword + "\" at " +
                      sptr.GetString() + ")";
    // Name the offending member for the common cases.
    if (keyword == "additionalProperties") msg = "unknown key; " + msg;
    if (keyword == "required") msg = "a required key is missing; " + msg;
    return make_error(Errc::InvalidData, msg, where(file, pointer.empty() ? "/" : pointer));
  }
  return doc;
}

}  // namespace detail

Lexicon::Lexicon(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Lexicon::~Lexicon() = default;

std::vector<const DataFile*> Lexicon::files(std::string_view kind) const {
  std::vector<const DataFile*> out;
  for (const auto& f : impl_->files) {
    if (f.kind == kind) out.push_back(&f);
  }
  return out;
}

const std::vector<DataFile>& Lexicon::all_files() const { return impl_->files; }

std::string_view builtin_schema(std::string_view kind) {
  std::string path = "schemas/";
  path += kind;
  path += ".schema.json";
  for (size_t i = 0; i < detail::kEmbeddedFileCount; ++i) {
    if (detail::kEmbeddedFiles[i].path == path) return detail::kEmbeddedFiles[i].bytes;
  }
  return {};
}

std::vector<std::string> builtin_data_files() {
  std::vector<std::string> out;
  for (size_t i = 0; i < detail::kEmbeddedFileCount; ++i) {
    std::string_view p = detail::kEmbeddedFiles[i].path;
    if (starts_with(p, "data/") && ends_with(p, ".json")) out.emplace_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

// Gathers the raw files: built-in or from data_dir, then extra files.
std::vector<DataFile> gather(const LexiconOptions& options, std::vector<Error>& problems) {
  std::vector<DataFile> files;
  if (options.data_dir.empty()) {
    for (size_t i = 0; i < detail::kEmbeddedFileCount; ++i) {
      const auto& e = detail::kEmbeddedFiles[i];
      if (starts_with(e.path, "data/") && ends_with(e.path, ".json")) {
        files.push_back({"builtin:" + std::string(e.path), "", std::string(e.bytes)});
      }
    }
  } else {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(options.data_dir, ec)) {
      problems.push_back(make_error(Errc::NotFound, "data folder not found", options.data_dir));
    } else {
      std::vector<fs::path> paths;
      for (fs::recursive_directory_iterator it(options.data_dir, ec), end; !ec && it != end;
           it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".json") {
          paths.push_back(it->path());
        }
      }
      if (ec) problems.push_back(make_error(Errc::Io, ec.message(), options.data_dir));
      std::sort(paths.begin(), paths.end());
      for (const auto& p : paths) {
        auto bytes = read_file(p);
        if (!bytes) {
          problems.push_back(bytes.error());
          continue;
        }
        files.push_back({p.string(), "", std::move(bytes.value())});
      }
    }
  }
  for (const auto& extra : options.extra_files) {
    auto bytes = read_file(extra);
    if (!bytes) {
      problems.push_back(bytes.error());
      continue;
    }
    files.push_back({extra, "", std::move(bytes.value())});
  }
  return files;
}

}  // namespace

std::shared_ptr<const Lexicon> Lexicon::load_all(const LexiconOptions& options,
                                                 std::vector<Error>& problems) {
  auto impl = std::make_unique<Impl>();
  for (auto& file : gather(options, problems)) {
    auto parsed = detail::parse_and_validate(file);
    if (!parsed) {
      problems.push_back(parsed.error());
      continue;
    }
    file.kind = kind_of(*parsed.value());
    impl->files.push_back(std::move(file));
    impl->docs.push_back(std::move(parsed.value()));
  }
  if (impl->files.empty() && !problems.empty()) return nullptr;
  return std::shared_ptr<const Lexicon>(new Lexicon(std::move(impl)));
}

Result<std::shared_ptr<const Lexicon>> Lexicon::load(const LexiconOptions& options) {
  std::vector<Error> problems;
  auto lex = load_all(options, problems);
  if (!problems.empty()) return problems.front();
  return lex;
}

}  // namespace entente
