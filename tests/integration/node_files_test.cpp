// Files on real sshd nodes: atomic writes, dry runs, the lock, undo, and a
// kill -9 in the middle of a write.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <thread>

#include "integration/ssh_cluster.hpp"

using namespace anvil::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

Result put(const SshCluster& c, const std::vector<std::string>& args, const std::string& content) {
  RunOptions input;
  input.input = content;
  std::vector<std::string> all = {"node", "put"};
  all.insert(all.end(), args.begin(), args.end());
  return c.run(all, input);
}

int last_run(const SshCluster& c) { return c.json({"history", "--limit", "1"})["runs"][0]["id"].get<int>(); }

}  // namespace

TEST_CASE("put writes atomically with mode and owner, and says when nothing changed", "[ssh][files]") {
  NEEDS_ROOT();
  SshCluster c;
  auto r = put(c, {"/etc/anvil-hosts", "--all", "--mode", "0640", "--owner", "root:daemon"}, "10.20.0.2 an-node02\n");
  CHECK(r.status == 0);
  CHECK(r.out == "an-node02: /etc/anvil-hosts written\nan-node03: /etc/anvil-hosts written\n");
  auto path = c.etc_file("127.0.0.3", "anvil-hosts");
  CHECK(read_file(path) == "10.20.0.2 an-node02\n");
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0640);
  CHECK(st.st_gid == 1);  // daemon
  // No temporary file is left behind.
  for (auto& entry : std::filesystem::directory_iterator(c.etc_file("127.0.0.3", "")))
    CHECK(entry.path().filename().string().rfind(".anvil.", 0) != 0);
  auto again = put(c, {"/etc/anvil-hosts", "--all", "--mode", "640", "--owner", "root:daemon"}, "10.20.0.2 an-node02\n");
  CHECK(again.out == "an-node02: /etc/anvil-hosts unchanged\nan-node03: /etc/anvil-hosts unchanged\n");
  CHECK(c.json({"history", "show", std::to_string(last_run(c))})["changes"].empty());
  // The same content with another mode: the mode is set, and recorded.
  auto mode = put(c, {"/etc/anvil-hosts", "an-node03", "--mode", "0600"}, "10.20.0.2 an-node02\n");
  CHECK(mode.out == "an-node03: /etc/anvil-hosts mode and owner set\n");
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  CHECK(st.st_gid == 0);
  CHECK(c.json({"history", "show", std::to_string(last_run(c))})["changes"].size() == 1);
}

TEST_CASE("hostile paths reach the node as one word", "[ssh][files]") {
  NEEDS_ROOT();
  SshCluster c;
  std::string name = "anvil it's $(touch pwned) `touch pwned2` ; touch pwned3 \"q\" \\ *.conf";
  auto r = put(c, {"/etc/" + name, "an-node02"}, "content\n");
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(read_file(c.etc_file("127.0.0.2", name)) == "content\n");
  auto out = c.run_ok({"node", "exec", "an-node02", "--", "ls", "pwned*", "/etc/pwned*", "2>/dev/null", "||", "echo", "clean"});
  CHECK(out.out == "an-node02: clean\n");
}

TEST_CASE("a dry run shows the diff per node and writes nothing", "[ssh][files]") {
  NEEDS_ROOT();
  SshCluster c;
  put(c, {"/etc/anvil.conf", "an-node02"}, "a\nb\nc\n");
  auto runs_before = c.json({"history"})["runs"].size();
  auto r = put(c, {"/etc/anvil.conf", "--all", "--dry-run"}, "a\nB\nc\n");
  CHECK(r.status == 0);
  CHECK(r.out ==
        "== an-node02\n--- an-node02:/etc/anvil.conf\n+++ an-node02:/etc/anvil.conf (anvil)\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        "== an-node03\n--- /dev/null\n+++ an-node03:/etc/anvil.conf (anvil)\n@@ -0,0 +1,3 @@\n+a\n+B\n+c\n");
  CHECK(read_file(c.etc_file("127.0.0.2", "anvil.conf")) == "a\nb\nc\n");
  CHECK_FALSE(std::filesystem::exists(c.etc_file("127.0.0.3", "anvil.conf")));
  auto exec = c.run_ok({"node", "exec", "--all", "--dry-run", "--", "touch", "/etc/never"});
  CHECK(exec.out == "== an-node02\n$ touch /etc/never\n== an-node03\n$ touch /etc/never\n");
  CHECK_FALSE(std::filesystem::exists(c.etc_file("127.0.0.2", "never")));
  CHECK(c.json({"history"})["runs"].size() == runs_before);
}

TEST_CASE("undo restores what a run wrote, and refuses files that changed since", "[ssh][undo]") {
  NEEDS_ROOT();
  SshCluster c;
  put(c, {"/etc/anvil.conf", "--all"}, "v1\n");
  auto v1 = last_run(c);
  put(c, {"/etc/anvil.conf", "--all"}, "v2\n");
  auto v2 = last_run(c);
  auto diff = c.run_ok({"history", "diff", std::to_string(v2)}).out;
  CHECK(diff.find("--- an-node02:/etc/anvil.conf before (run " + std::to_string(v2) + ")\n") != std::string::npos);
  CHECK(diff.find("-v1\n+v2\n") != std::string::npos);

  // Someone edits one node by hand after run v2.
  REQUIRE(c.ssh("127.0.0.3", "echo hand-edit > /etc/anvil.conf").status == 0);
  auto refused = c.run({"history", "undo", std::to_string(v2)});
  CHECK(refused.status == 1);
  CHECK(refused.err.find("an-node03:/etc/anvil.conf changed since run " + std::to_string(v2)) != std::string::npos);
  CHECK(read_file(c.etc_file("127.0.0.2", "anvil.conf")) == "v2\n");  // nothing half-done
  CHECK(read_file(c.etc_file("127.0.0.3", "anvil.conf")) == "hand-edit\n");

  auto dry = c.run_ok({"history", "undo", std::to_string(v2), "--force", "--dry-run"});
  CHECK(dry.out.find("-v2\n+v1\n") != std::string::npos);
  CHECK(read_file(c.etc_file("127.0.0.2", "anvil.conf")) == "v2\n");

  auto forced = c.run_ok({"history", "undo", std::to_string(v2), "--force", "--reason", "roll back v2"});
  CHECK(forced.out.find("2 file(s) restored") != std::string::npos);
  CHECK(forced.out.find("forced over 1 changed since") != std::string::npos);
  CHECK(read_file(c.etc_file("127.0.0.2", "anvil.conf")) == "v1\n");
  CHECK(read_file(c.etc_file("127.0.0.3", "anvil.conf")) == "v1\n");

  // Undoing the first run removes the file it created.
  c.run_ok({"history", "undo", std::to_string(v1)});
  CHECK_FALSE(std::filesystem::exists(c.etc_file("127.0.0.2", "anvil.conf")));
  auto nothing = c.run({"history", "undo", "1"});  // ip-plan init wrote no file
  CHECK(nothing.status == 1);
  CHECK(nothing.err.find("nothing to undo") != std::string::npos);
  CHECK(c.run({"history", "undo", "999"}).status == 2);
}

TEST_CASE("two runs on one node: the second waits, then names the holder", "[ssh][lock]") {
  NEEDS_ROOT();
  SshCluster c;
  std::string big(96 * 1024 * 1024, 'z');
  write_file(c.dir().file("big"), big);
  auto env = c.environment();
  auto first = start_process({anvil_bin(), "node", "put", "/etc/anvil-big", "an-node02", "--from", c.dir().file("big")}, env);
  // Wait until the first run holds the node's lock.
  std::string owner;
  for (int i = 0; i < 100 && owner.find("node put") == std::string::npos; ++i) {
    std::this_thread::sleep_for(50ms);
    owner = c.ssh("127.0.0.2", "cat /var/lock/anvil.owner 2>/dev/null").out;
  }
  REQUIRE(owner.find("node put") != std::string::npos);
  auto second = put(c, {"/etc/anvil-small", "an-node02", "--lock-wait", "1"}, "small\n");
  CHECK(second.status == 11);
  CHECK(second.err.find("node an-node02 is being changed by another anvil run (held by root@") != std::string::npos);
  CHECK(second.err.find("(node put)") != std::string::npos);
  CHECK(wait_process(first) == 0);
  CHECK(read_file(c.etc_file("127.0.0.2", "anvil-big")).size() == big.size());
  CHECK_FALSE(std::filesystem::exists(c.etc_file("127.0.0.2", "anvil-small")));
  CHECK(put(c, {"/etc/anvil-small", "an-node02"}, "small\n").status == 0);  // free again
}

TEST_CASE("kill -9 during a write leaves the old file or the new one, and the ledger says incomplete", "[ssh][files]") {
  NEEDS_ROOT();
  SshCluster c;
  std::string old_content = "old content\n";
  put(c, {"/etc/anvil-victim", "an-node02"}, old_content);
  std::string new_content(128 * 1024 * 1024, 'n');
  write_file(c.dir().file("new"), new_content);
  auto pid = start_process({anvil_bin(), "node", "put", "/etc/anvil-victim", "an-node02", "--from", c.dir().file("new")},
                           c.environment());
  // Kill it once the change is under way (recorded as started).
  bool started = false;
  for (int i = 0; i < 200 && !started; ++i) {
    std::this_thread::sleep_for(20ms);
    auto runs = c.run({"history", "--json"});
    if (runs.status != 0) continue;
    auto list = json::parse(runs.out)["runs"];
    if (list[0]["command"] == "node put" && list[0]["changes"] == 1 && list[0]["exit_status"].is_null()) started = true;
  }
  REQUIRE(started);
  std::this_thread::sleep_for(150ms);  // into the transfer
  ::kill(pid, SIGKILL);
  CHECK(wait_process(pid) == 128 + SIGKILL);
  // The node finishes on its own (its side sees the connection end).
  std::this_thread::sleep_for(1s);
  auto now = read_file(c.etc_file("127.0.0.2", "anvil-victim"));
  CHECK((now == old_content || now == new_content));
  CHECK(now.size() != 0);
  for (auto& entry : std::filesystem::directory_iterator(c.etc_file("127.0.0.2", "")))
    CHECK(entry.path().filename().string().rfind(".anvil.", 0) != 0);
  auto run = last_run(c);
  auto shown = c.json({"history", "show", std::to_string(run)});
  CHECK(shown["run"]["ended_at"].is_null());
  CHECK(shown["changes"][0]["status"] == "incomplete (run did not finish)");
  CHECK(c.run_ok({"history", "show", std::to_string(run)}).out.find("never (killed, or still running)") != std::string::npos);
}
