// The CLI tests' view of anvil: the built binary (from $ANVIL_BIN) run in a
// scratch directory with its own ledger and a clean environment.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

namespace anvil::test {

std::string anvil_bin();
bool static_build();

class Anvil {
 public:
  Anvil();
  // anvil ARGS... with ANVIL_LEDGER set to this fixture's ledger.
  Result run(const std::vector<std::string>& args, RunOptions options = {}) const;
  Result run_ok(const std::vector<std::string>& args) const;  // REQUIREs exit 0
  nlohmann::json json(const std::vector<std::string>& args) const;  // run_ok with --json, parsed
  // The environment run() gives anvil, for processes started otherwise.
  RunOptions environment() const;
  const std::string& ledger() const { return ledger_; }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::string ledger_;
};

// Compares with tests/golden/NAME; ANVIL_TEST_ACCEPT=1 rewrites the file.
void check_golden(const std::string& name, const std::string& actual);

// The lines of a text.
std::vector<std::string> lines(const std::string& text);

}  // namespace anvil::test
