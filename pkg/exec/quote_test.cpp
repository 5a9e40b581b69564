#include <catch2/catch.hpp>

#include "exec/local_session.hpp"
#include "exec/quote.hpp"

using namespace anvil::exec;

// Hostile values go through a real shell and must come out as they went in.
TEST_CASE("shell_quote survives a real shell with hostile strings", "[exec][quote]") {
  LocalSession sh("local");
  const std::vector<std::string> hostile = {
      "plain",
      "",
      "two words",
      "it's",
      "'",
      "''",
      "\"double\"",
      "$(touch /tmp/anvil-pwned)",
      "`touch /tmp/anvil-pwned`",
      "; rm -rf / #",
      "a && b || c | d & e",
      "$HOME ${PATH} $1 $@ $*",
      "back\\slash \\\\ \\n",
      "new\nline",
      "tab\there",
      "-n",
      "--help",
      "*",
      "?[a-z]",
      "~root",
      "!event",
      "> /tmp/anvil-pwned",
      "\x01\x7f\xc3\xa9 unicode é",
  };
  for (auto& value : hostile) {
    INFO("value: " << value);
    auto r = sh.run({"printf '%s' " + shell_quote(value), "", std::chrono::seconds(5), false});
    CHECK(r.ok());
    CHECK(r.out == value);
  }
  auto joined = sh.run({"printf '[%s]' " + command_line(hostile), "", std::chrono::seconds(5), false});
  std::string expected;
  for (auto& v : hostile) expected += "[" + v + "]";
  CHECK(joined.out == expected);
}

TEST_CASE("plain words stay readable", "[exec][quote]") {
  CHECK(shell_quote("/etc/cluster/cluster.conf") == "/etc/cluster/cluster.conf");
  CHECK(shell_quote("root:root") == "root:root");
  CHECK(shell_quote("a b") == "'a b'");
  CHECK(shell_quote("it's") == "'it'\\''s'");
  CHECK(shell_quote("") == "''");
}
