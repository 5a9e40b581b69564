#include "context.hpp"

#include <unistd.h>

#include <cstdlib>
#include <ostream>

#include "core/identity.hpp"
#include "core/time.hpp"
#include "ledger/ledger.hpp"
#include "ledger/plan_store.hpp"

namespace anvil::cli {
namespace {

bool color_for(const std::string& mode, int fd) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return ::isatty(fd) == 1;
}

}  // namespace

std::string Context::ledger_path() { return ledger::resolve_path(globals.ledger_path); }

ledger::Db& Context::ledger_for_writing() {
  if (!db_) {
    auto path = ledger_path();
    if (globals.dry_run && !ledger::exists(path)) {
      verbose("dry run: no ledger at " + path + ", working on an empty one in memory");
      db_.emplace(ledger::open_scratch());
    } else {
      verbose("ledger: " + path);
      db_.emplace(ledger::open(path, ledger::OpenMode::create));
    }
  }
  return *db_;
}

ledger::Db& Context::ledger_for_reading() {
  if (!db_) {
    auto path = ledger_path();
    verbose("ledger: " + path);
    db_.emplace(ledger::open(path, ledger::OpenMode::existing));
  }
  return *db_;
}

std::string Context::cluster(ledger::Db& db) {
  auto wanted = globals.cluster;
  if (!wanted)
    if (const char* env = std::getenv("ANVIL_CLUSTER"); env && *env) wanted = env;
  return ledger::choose_cluster(db, wanted);
}

ledger::Invocation Context::invocation(const std::string& command) const {
  return {argv, command, current_user(), host_name(), globals.reason, started_at_};
}

bool Context::color_stdout() const { return color_for(globals.color, STDOUT_FILENO); }
bool Context::color_stderr() const { return color_for(globals.color, STDERR_FILENO); }

void Context::verbose(const std::string& line) const {
  if (globals.verbose > 0) err << "anvil: " << line << '\n';
}

}  // namespace anvil::cli
