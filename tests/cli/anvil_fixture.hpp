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
  // anvil --json ARGS: REQUIREs exit `status` and an empty stderr, returns
  // stdout parsed with its members in anvil's order.
  nlohmann::ordered_json document(const std::vector<std::string>& args, int status = 0, RunOptions options = {}) const;
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

// Golden JSON documents: tests/golden/json/NAME.json, pretty-printed with
// two spaces and a trailing newline. check_golden_json() REQUIREs that
// `schema_version` is the document's first member and is 1, then compares
// normalized(doc, dir) with the file (ANVIL_TEST_ACCEPT=1 rewrites it).
//
// normalized() replaces what differs between runs and machines with
// placeholders. It decides by member names (for "seconds" also by the
// value's type), never by matching a pattern against every value (the one
// pattern, a time in a fence finding's message, is matched there only):
//   - times: a string member named "at" or ending in "_at"      -> "<time>"
//   - durations: a number member named "took_ms", "waited_s",
//     "elapsed" or ending in "_ms"                              -> 0
//     and "seconds" when it is a measurement (a floating-point
//     number; whole "seconds" are settings, e.g. fence list's
//     delay, and are kept)                                      -> 0
//   - timings in perfdata: `value` of a {label, value, unit}
//     entry whose unit is "s" and whose label does not end in
//     "_sync_left" (a fence agent's answer time; the DRBD resync
//     estimate comes from the captured state)                   -> 0
//   - "user" or "host" whose value is this machine's user or
//     host name (history runs)                                  -> "<user>", "<host>"
//   - the `message` of a fence finding ({id: "fence.*", ...}):
//     the agent's time in it ("answered an-node03 in 0.1 s")    -> "in <n> s"
//   - "pid"                                                     -> "<pid>"
//   - the first word of "argv" (the path of the binary under
//     test, or $ANVIL_BIN)                                      -> "anvil"
//   - in every string, the fixture's scratch directory          -> "<dir>"
//     and the source tree (ANVIL_SOURCE_DIR)                    -> "<src>"
// Kept as they are, being deterministic: run and change ids (a fresh
// ledger counts 1, 2, 3, ...), SHA-256 digests (the tests hash no content
// that holds a scratch path), UUIDs and MACs derived from the plan.
nlohmann::ordered_json normalized(nlohmann::ordered_json doc, const std::string& dir);
void check_golden_json(const std::string& name, const nlohmann::ordered_json& doc, const Anvil& fixture);

// The lines of a text.
std::vector<std::string> lines(const std::string& text);

}  // namespace anvil::test
