#include <catch2/catch.hpp>

#include <random>

#include "core/unified_diff.hpp"
#include "exec/local_session.hpp"
#include "exec/quote.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;

namespace {

// GNU patch is the oracle: our diff applied to `before` must give `after`.
std::string patched(const std::string& before, const std::string& diff) {
  test::TempDir dir;
  test::write_file(dir.file("file"), before);
  exec::LocalSession sh("local");
  auto r = sh.run({"cd " + exec::shell_quote(dir.path()) + " && patch -s -o out file && cat out", diff,
                   std::chrono::seconds(10), false});
  INFO("patch said: " << r.err);
  REQUIRE(r.ok());
  return r.out;
}

}  // namespace

TEST_CASE("a unified diff in diff -u format", "[core][diff]") {
  CHECK(unified_diff("a\nb\nc\n", "a\nb\nc\n", "x", "y").empty());
  CHECK(unified_diff("a\nb\nc\n", "a\nB\nc\n", "old", "new") ==
        "--- old\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
  CHECK(unified_diff("", "one\n", "/dev/null", "new") == "--- /dev/null\n+++ new\n@@ -0,0 +1 @@\n+one\n");
  CHECK(unified_diff("x\n", "x", "a", "b") == "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+x\n\\ No newline at end of file\n");
}

TEST_CASE("diffs apply with patch(1)", "[core][diff]") {
  std::mt19937 random(42);
  for (int round = 0; round < 40; ++round) {
    std::vector<std::string> lines;
    for (int i = 0; i < 60; ++i) lines.push_back("line " + std::to_string(i % 17) + "\n");
    std::string before, after;
    for (auto& l : lines) before += l;
    for (auto& l : lines) {
      auto roll = random() % 10;
      if (roll == 0) continue;                           // delete
      if (roll == 1) after += "inserted " + std::to_string(random() % 5) + "\n";  // insert before
      after += roll == 2 ? "changed\n" : l;             // change
    }
    if (random() % 3 == 0) after += "tail without newline";
    INFO("round " << round);
    CHECK(patched(before, unified_diff(before, after, "a/file", "b/file")) == after);
  }
}
