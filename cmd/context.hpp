// What every command runner gets: the global options, the streams, and the
// ledger (opened on first use, so commands that never touch it never wait
// for it).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "ledger/history.hpp"
#include "ledger/sqlite.hpp"

namespace anvil::cli {

struct GlobalOptions {
  std::optional<std::string> ledger_path;
  std::optional<std::string> cluster;
  std::optional<std::string> reason;
  std::string color = "auto";
  bool json = false;
  bool dry_run = false;
  bool yes = false;
  int verbose = 0;
};

class Context {
 public:
  Context(GlobalOptions& globals, std::vector<std::string> argv, std::ostream& out, std::ostream& err)
      : globals(globals), argv(std::move(argv)), out(out), err(err), started_at_(now_utc()) {}

  GlobalOptions& globals;
  std::vector<std::string> argv;  // as typed, for the run record
  std::vector<std::string> after_dashes;  // the words after "--": a command for the nodes
  std::ostream& out;
  std::ostream& err;

  std::string ledger_path();
  // The ledger, created on demand (`init`). A dry run never creates one: it
  // works on an in-memory ledger instead.
  ledger::Db& ledger_for_writing();
  // The ledger as it is; refuses with a hint when there is none yet.
  ledger::Db& ledger_for_reading();
  // --cluster, else $ANVIL_CLUSTER, else the only cluster in the ledger.
  std::string cluster(ledger::Db& db);

  ledger::Invocation invocation(const std::string& command) const;
  bool color_stdout() const;
  bool color_stderr() const;
  void verbose(const std::string& line) const;

 private:
  std::optional<ledger::Db> db_;
  std::string started_at_;
};

}  // namespace anvil::cli
