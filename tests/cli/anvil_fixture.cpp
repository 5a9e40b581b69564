#include "cli/anvil_fixture.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace anvil::test {

std::string anvil_bin() {
  const char* bin = std::getenv("ANVIL_BIN");
  return bin && *bin ? bin : ANVIL_BIN_BUILT;
}

bool static_build() { return ANVIL_BUILD_STATIC == 1; }

Anvil::Anvil() : ledger_(dir_.file("state/ledger.db")) {}

RunOptions Anvil::environment() const {
  RunOptions options;
  options.env.emplace("ANVIL_LEDGER", ledger_);
  for (const char* name : {"ANVIL_CLUSTER", "NO_COLOR", "ANVIL_LEDGER_TIMEOUT_MS"}) options.unset.push_back(name);
  return options;
}

Result Anvil::run(const std::vector<std::string>& args, RunOptions options) const {
  std::vector<std::string> argv = {anvil_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  options.env.emplace("ANVIL_LEDGER", ledger_);
  for (const char* name : {"ANVIL_CLUSTER", "NO_COLOR", "ANVIL_LEDGER_TIMEOUT_MS"})
    if (!options.env.count(name)) options.unset.push_back(name);
  return run_process(argv, options);
}

Result Anvil::run_ok(const std::vector<std::string>& args) const {
  auto r = run(args);
  INFO("anvil stderr: " << r.err);
  REQUIRE(r.status == 0);
  return r;
}

nlohmann::json Anvil::json(const std::vector<std::string>& args) const {
  auto with_json = args;
  with_json.push_back("--json");
  auto r = run_ok(with_json);
  return nlohmann::json::parse(r.out);
}

void check_golden(const std::string& name, const std::string& actual) {
  auto path = std::string(ANVIL_SOURCE_DIR) + "/tests/golden/" + name;
  const char* accept = std::getenv("ANVIL_TEST_ACCEPT");
  if (accept && std::string(accept) == "1") {
    write_file(path, actual);
    return;
  }
  INFO("golden file " << path << " (ANVIL_TEST_ACCEPT=1 rewrites it)");
  REQUIRE(std::filesystem::exists(path));
  CHECK(read_file(path) == actual);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace anvil::test
