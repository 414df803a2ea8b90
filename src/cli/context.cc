#include <ostream>

#include "cli/commands.h"
#include "entente/io.h"

namespace entente::cli {

int exit_code_for(Errc code) {
  switch (code) {
    case Errc::InvalidInput: return kExitDataErr;
    case Errc::LimitExceeded: return kExitDataErr;
    case Errc::NotFound: return kExitNoInput;
    case Errc::InvalidData: return kExitConfig;
    case Errc::Io: return kExitIoErr;
    case Errc::Internal: return kExitSoftware;
  }
  return kExitSoftware;
}

void Context::diagnose(const Error& error, std::string_view severity) const {
  if (global.diagnostics_json) {
    std::string line = "{\"where\":";
    append_json_string(error.where, line);
    line += ",\"severity\":";
    append_json_string(severity, line);
    line += ",\"kind\":";
    append_json_string(errc_name(error.code), line);
    line += ",\"message\":";
    append_json_string(error.message, line);
    line += "}\n";
    *err << line;
    return;
  }
  std::string line;
  if (!error.where.empty()) {
    line += error.where;
    line += ": ";
  } else {
    line += "entente: ";
  }
  line += severity;
  line += ": ";
  line += error.message;
  line += '\n';
  *err << line;
}

LexiconOptions Context::lexicon_options() const {
  LexiconOptions o;
  o.data_dir = global.data_dir;
  o.extra_files = global.lexicons;
  return o;
}

}  // namespace entente::cli
