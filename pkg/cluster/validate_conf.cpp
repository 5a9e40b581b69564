#include "cluster/validate_conf.hpp"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "core/error.hpp"
#include "exec/local_session.hpp"
#include "exec/quote.hpp"

namespace anvil::cluster {
namespace {

bool readable(const std::string& path) { return !path.empty() && ::access(path.c_str(), R_OK) == 0; }

}  // namespace

std::string schema_path(const std::string& explicit_path) {
  if (!explicit_path.empty()) {
    if (!readable(explicit_path)) throw usage_error("cannot read the schema " + explicit_path);
    return explicit_path;
  }
  if (const char* env = std::getenv("ANVIL_CLUSTER_SCHEMA"); env && *env) {
    if (!readable(env)) throw usage_error("cannot read the schema " + std::string(env) + " ($ANVIL_CLUSTER_SCHEMA)");
    return env;
  }
  for (const char* candidate : {ANVIL_SCHEMA_INSTALLED, ANVIL_SCHEMA_SOURCE})
    if (readable(candidate)) return candidate;
  throw failure(std::string("no cluster.rng schema at ") + ANVIL_SCHEMA_INSTALLED + "; give one with --schema FILE");
}

Validation validate_cluster_conf(const std::string& file, const std::string& schema) {
  exec::LocalSession here("localhost");
  auto r = here.run({"command -v xmllint >/dev/null || exit 127; exec xmllint --noout --relaxng " + exec::shell_quote(schema) +
                         " " + exec::shell_quote(file),
                     "", std::chrono::seconds(60), false});
  if (r.exit_status == 127) throw failure("xmllint is not installed; install libxml2-utils (Debian) or libxml2 (EL) to validate");
  Validation v;
  v.valid = r.ok();
  // xmllint ends with "FILE validates" or "FILE fails to validate": the
  // verdict is the exit status; keep the messages that say why.
  std::istringstream in(r.err);
  for (std::string line; std::getline(in, line);)
    if (line.find(" validates") == std::string::npos && line.find("fails to validate") == std::string::npos) v.errors += line + "\n";
  if (!v.valid && v.errors.empty()) v.errors = "xmllint: " + r.describe() + "\n";
  return v;
}

}  // namespace anvil::cluster
