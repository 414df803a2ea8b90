#include <algorithm>
#include <map>

#include "entente/code.h"
#include "lexicon/data.h"

namespace entente {

struct Ontology::Impl {
  std::vector<CameoCode> codes;  // sorted by code
};

Ontology::Ontology(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ontology::~Ontology() = default;
Ontology::Ontology(Ontology&&) noexcept = default;
Ontology& Ontology::operator=(Ontology&&) noexcept = default;

Result<Ontology> Ontology::create(const Lexicon& lexicon) {
  auto docs = detail::docs_of_kind(lexicon, "ontology");
  if (docs.empty()) {
    return make_error(Errc::InvalidData,
                      "no \"ontology\" data (data/ontology/*.json): CAMEO codes are needed");
  }
  std::map<std::string, CameoCode> by_code;
  for (const auto& d : docs) {
    std::map<std::string, size_t> in_file;
    const auto& arr = (*d.root)["codes"];
    for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
      const auto& v = arr[i];
      CameoCode c;
      c.code = std::string(detail::get_string(v, "code"));
      c.name = std::string(detail::get_string(v, "name"));
      c.goldstein = v["goldstein"].GetDouble();
      c.quad_class = v["quad_class"].GetInt();
      c.plover_event = std::string(detail::get_string(v, "plover_event"));
      c.plover_mode = std::string(detail::get_string(v, "plover_mode"));
      const std::string ptr = "/codes/" + std::to_string(i) + "/code";
      if (in_file.count(c.code)) {
        return make_error(Errc::InvalidData,
                          "duplicate CAMEO code " + quote_for_message(c.code) +
                              " (first at /codes/" + std::to_string(in_file[c.code]) + ")",
                          detail::where(*d.file, ptr));
      }
      in_file[c.code] = i;
      by_code[c.code] = std::move(c);  // a later file overrides an earlier one
    }
  }
  // Every code must sit under a root that exists (codes are read as prefixes).
  for (const auto& [code, entry] : by_code) {
    if (!by_code.count(code.substr(0, 2))) {
      return make_error(Errc::InvalidData,
                        "CAMEO code " + quote_for_message(code) + " has no root code " +
                            quote_for_message(code.substr(0, 2)),
                        "ontology");
    }
  }
  auto impl = std::make_unique<Impl>();
  for (auto& [code, entry] : by_code) impl->codes.push_back(std::move(entry));
  return Ontology(std::move(impl));
}

const CameoCode* Ontology::find(std::string_view code) const {
  auto it = std::lower_bound(impl_->codes.begin(), impl_->codes.end(), code,
                             [](const CameoCode& c, std::string_view k) { return c.code < k; });
  if (it == impl_->codes.end() || it->code != code) return nullptr;
  return &*it;
}

const std::vector<CameoCode>& Ontology::codes() const { return impl_->codes; }

}  // namespace entente
