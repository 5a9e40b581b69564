// anvil against real sshd nodes: reaching them, refusing them, running on them.
#include <catch2/catch.hpp>

#include <signal.h>

#include <filesystem>
#include <thread>

#include "integration/ssh_cluster.hpp"

using namespace anvil::test;
using nlohmann::json;

TEST_CASE("exec runs on every node, in order, and is recorded", "[ssh]") {
  NEEDS_ROOT();
  SshCluster c;
  auto r = c.run_ok({"node", "exec", "--all", "--reason", "kernel audit", "--", "echo", "$(hostname)-ok;", "echo oops >&2"});
  CHECK(lines(r.out).size() == 2);
  CHECK(r.out.rfind("an-node02: ", 0) == 0);
  CHECK(lines(r.out)[1].rfind("an-node03: ", 0) == 0);
  CHECK(r.err == "an-node02: oops\nan-node03: oops\n");
  auto runs = c.json({"history"})["runs"];
  CHECK(runs[0]["command"] == "node exec");
  CHECK(runs[0]["reason"] == "kernel audit");
  CHECK(runs[0]["exit_status"] == 0);
  CHECK(runs[0]["changes"] == 2);
  auto shown = c.json({"history", "show", std::to_string(runs[0]["id"].get<int>())});
  REQUIRE(shown["changes"].size() == 2);
  for (auto& change : shown["changes"]) {  // the nodes ran in parallel: either may come first
    CHECK(change["kind"] == "command");
    CHECK(change["status"] == "applied");
    CHECK(change["target"] == "echo $(hostname)-ok; echo oops >&2");
  }
}

TEST_CASE("ping reports like a monitoring check", "[ssh]") {
  NEEDS_ROOT();
  SshCluster c;
  auto ok = c.run({"node", "ping"});
  CHECK(ok.status == 0);
  CHECK(ok.out.rfind("NODES OK: 2 of 2 nodes reachable", 0) == 0);
  CHECK(ok.out.find("'an-node02'=") != std::string::npos);
  c.harness({"stop", c.dir().file("nodes"), "127.0.0.3"});
  auto down = c.run({"node", "ping"});
  CHECK(down.status == 2);
  CHECK(down.out.rfind("NODES CRITICAL: 1 of 2", 0) == 0);
  CHECK(down.out.find("an-node03: cannot reach node an-node03 (127.0.0.3)") != std::string::npos);
  auto j = c.json({"node", "ping", "an-node02"});
  CHECK(j["status"] == "OK");
  auto bad = c.run({"node", "ping", "an-node09"});
  CHECK(bad.status == 3);
  CHECK(bad.out.rfind("UNKNOWN: unknown node 'an-node09'", 0) == 0);
  CHECK(c.run({"node", "ping", "--bogus"}).status == 3);
}

TEST_CASE("an unknown host key is refused with its fingerprint and the command to trust it", "[ssh][hostkey]") {
  NEEDS_ROOT();
  SshCluster c;
  write_file(c.known_hosts(), "");
  auto r = c.run({"node", "exec", "an-node02", "--", "true"});
  CHECK(r.status == 1);
  CHECK(r.err.find("unknown host key for node an-node02 (127.0.0.2): ssh-ed25519 SHA256:") != std::string::npos);
  CHECK(r.err.find("`anvil node trust an-node02`") != std::string::npos);
  auto fingerprint = r.err.substr(r.err.find("SHA256:"), 50);
  fingerprint = fingerprint.substr(0, fingerprint.find(';'));

  auto unattended = c.run({"node", "trust", "an-node02"});  // no TTY, no --yes: refuse
  CHECK(unattended.status == 2);
  CHECK(unattended.err.find("--fingerprint " + fingerprint) != std::string::npos);
  auto wrong = c.run({"node", "trust", "an-node02", "--fingerprint", "SHA256:AAAAwrongwrongwrong"});
  CHECK(wrong.status == 1);
  CHECK(read_file(c.known_hosts()).empty());

  auto trusted = c.run_ok({"node", "trust", "an-node02", "--fingerprint", fingerprint});
  CHECK(trusted.out.find("trusted: ssh-ed25519 " + fingerprint) != std::string::npos);
  CHECK(read_file(c.known_hosts()).find("127.0.0.2 ssh-ed25519 ") != std::string::npos);
  c.run_ok({"node", "exec", "an-node02", "--", "true"});
  CHECK(c.run_ok({"node", "trust", "an-node02"}).out.find("already trusted") != std::string::npos);
  auto again = c.json({"node", "trust", "an-node02"});
  CHECK(again["outcome"] == "already");
  CHECK(again["fingerprint"] == fingerprint);
  CHECK(c.json({"history"})["runs"][0]["command"] == "node exec");
}

TEST_CASE("a changed host key is always refused, loudly", "[ssh][hostkey]") {
  NEEDS_ROOT();
  SshCluster c;
  // Another key for 127.0.0.2: what a man in the middle (or a reinstall) looks like.
  auto other = c.dir().file("other_key");
  REQUIRE(run_process({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other}).status == 0);
  auto pub = read_file(other + ".pub");
  auto known = read_file(c.known_hosts());
  std::string forged;
  for (auto& line : lines(known))
    forged += line.rfind("127.0.0.2 ", 0) == 0 ? "127.0.0.2 " + pub.substr(0, pub.rfind(' ')) + "\n" : line + "\n";
  write_file(c.known_hosts(), forged);
  auto r = c.run({"node", "exec", "--all", "--", "true"});
  CHECK(r.status == 3);  // an-node03 still works
  CHECK(r.err.find("HOST KEY CHANGED for node an-node02 (127.0.0.2)") != std::string::npos);
  CHECK(r.err.find("ssh-keygen -R 127.0.0.2") != std::string::npos);
  auto trust = c.run({"node", "trust", "an-node02", "--yes"});
  CHECK(trust.status == 1);
  CHECK(trust.err.find("HOST KEY CHANGED") != std::string::npos);
  CHECK(read_file(c.known_hosts()) == forged);
}

TEST_CASE("a client key the node does not accept", "[ssh]") {
  NEEDS_ROOT();
  SshCluster c;
  auto stranger = c.dir().file("stranger");
  REQUIRE(run_process({"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger}).status == 0);
  c.run_ok({"node", "set", "an-node03", "--identity", stranger});
  auto r = c.run({"node", "exec", "an-node03", "--", "true"});
  CHECK(r.status == 1);
  CHECK(r.err.find("node an-node03 (127.0.0.3) refused authentication as root with the key " + stranger) !=
        std::string::npos);
  auto missing = c.run({"node", "set", "an-node03", "--identity", "relative/key"});
  CHECK(missing.status == 2);
}

TEST_CASE("nodes that are down: the others go on, and the exit code says how many failed", "[ssh]") {
  NEEDS_ROOT();
  SshCluster c;
  c.harness({"stop", c.dir().file("nodes"), "127.0.0.2"});
  auto partial = c.run({"node", "exec", "--all", "--", "echo", "up"});
  CHECK(partial.status == 3);
  CHECK(partial.out == "an-node03: up\n");
  CHECK(partial.err.find("an-node02: cannot reach node an-node02 (127.0.0.2)") != std::string::npos);
  auto j = json::parse(c.run({"node", "exec", "--all", "--json", "--", "echo", "up"}).out);
  CHECK(j["nodes"][0]["ok"] == false);
  CHECK(j["nodes"][0]["error"]["kind"] == "unreachable");
  CHECK(j["nodes"][1]["stdout"] == "up\n");
  c.harness({"stop", c.dir().file("nodes")});
  CHECK(c.run({"node", "exec", "--all", "--", "true"}).status == 10);
}

TEST_CASE("failing commands: exit status, signal, deadline", "[ssh]") {
  NEEDS_ROOT();
  SshCluster c;
  auto failed = c.run({"node", "exec", "an-node02", "--", "exit 7"});
  CHECK(failed.status == 1);
  CHECK(failed.err == "anvil: an-node02: exit 7\n");
  auto j = json::parse(c.run({"node", "exec", "--all", "--json", "--", "kill -9 $$"}).out);
  CHECK(j["nodes"][0]["signal"] == "KILL");
  CHECK(j["nodes"][0]["exit_status"] == -1);
  auto start = std::chrono::steady_clock::now();
  auto slow = c.run({"node", "exec", "an-node03", "--timeout", "1", "--", "sleep 30"});
  CHECK(slow.status == 1);
  CHECK(slow.err.find("timed out") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  auto mixed = c.run({"node", "exec", "--all", "--", "test $(hostname) = nobody || [ -e /etc/anvil-mixed ]"});
  CHECK(mixed.status == 1);  // failed on both
}

TEST_CASE("10 MB of output, and a 10 MB file, without blocking", "[ssh]") {
  NEEDS_ROOT();
  SshCluster c;
  auto j = json::parse(c.run_ok({"node", "exec", "--all", "--json", "--", "head -c 10485760 /dev/zero | tr '\\0' x; head -c 1048576 /dev/zero >&2"}).out);
  CHECK(j["nodes"][0]["stdout"].get<std::string>().size() == 10485760);
  CHECK(j["nodes"][1]["stdout"].get<std::string>() == std::string(10485760, 'x'));
  CHECK(j["nodes"][1]["stderr"].get<std::string>().size() == 1048576);
  std::string big(10 * 1024 * 1024, 'a');
  for (std::size_t i = 0; i < big.size(); i += 97) big[i] = '\n';
  write_file(c.dir().file("big"), big);
  c.run_ok({"node", "put", "/etc/anvil-big", "--all", "--from", c.dir().file("big")});
  CHECK(read_file(c.etc_file("127.0.0.2", "anvil-big")) == big);
  CHECK(read_file(c.etc_file("127.0.0.3", "anvil-big")) == big);
}

TEST_CASE("the user's ssh config, its known_hosts file and the SSH agent are honoured", "[ssh][config]") {
  NEEDS_ROOT();
  SshCluster c;
  auto home = c.dir().file("home");
  std::filesystem::create_directories(home + "/.ssh");
  c.run_ok({"node", "set", "an-node02", "--identity", "default", "--known-hosts", "default"});
  RunOptions env;
  env.env["HOME"] = home;
  env.unset = {"SSH_AUTH_SOCK"};

  // Without any key anvil can find, the node refuses us.
  write_file(home + "/.ssh/config", "Host 127.0.0.2\n  UserKnownHostsFile " + c.known_hosts() + "\n");
  auto refused = c.run({"node", "exec", "an-node02", "--", "true"}, env);
  CHECK(refused.status == 1);
  CHECK(refused.err.find("the SSH agent and the keys in " + home + "/.ssh") != std::string::npos);

  // The key named in ~/.ssh/config.
  write_file(home + "/.ssh/config", "Host 127.0.0.2\n  User root\n  Port 22\n  IdentityFile " + c.key() +
                                        "\n  UserKnownHostsFile " + c.known_hosts() + "\n");
  CHECK(c.run({"node", "exec", "an-node02", "--", "echo", "config"}, env).out == "an-node02: config\n");

  // A key held only by ssh-agent.
  write_file(home + "/.ssh/config", "Host *\n  UserKnownHostsFile " + c.known_hosts() + "\n");
  auto sock = c.dir().file("agent.sock");
  auto agent = start_process({"ssh-agent", "-D", "-a", sock}, {});
  for (int i = 0; i < 100 && !std::filesystem::exists(sock); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  RunOptions with_agent = env;
  with_agent.unset.clear();
  with_agent.env["SSH_AUTH_SOCK"] = sock;
  CHECK(run_process({"ssh-add", "-q", c.key()}, with_agent).status == 0);
  CHECK(c.run({"node", "exec", "an-node02", "--", "echo", "agent"}, with_agent).out == "an-node02: agent\n");
  ::kill(agent, SIGTERM);
  wait_process(agent);
}
