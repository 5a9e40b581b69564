// `anvil cluster diff|apply` against real sshd nodes with their own /etc:
// config_version goes up by one per applied change and never down, both
// nodes get the same file, disagreeing nodes need --winner, the fence
// password scripts go out as secrets (never shown, never recorded). No cman
// runs here: apply says the file takes effect when the cluster starts.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "integration/ssh_cluster.hpp"

using namespace anvil::test;
using nlohmann::json;

namespace {
bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }
const std::string secret = "bmc-S3cret";

void credentials(const SshCluster& c) {
  for (auto device : {"an-node02-ipmi", "an-node03-ipmi"}) {
    c.run_ok({"fence", "set-device", device, "--login", "admin"});
    RunOptions in = c.environment();
    in.input = secret + "\n";
    REQUIRE(c.run({"fence", "set-credentials", device}, in).status == 0);
  }
}
}  // namespace

TEST_CASE("cluster apply writes cluster.conf with a rising config_version and the password scripts as secrets", "[ssh][cluster]") {
  NEEDS_ROOT();
  SshCluster c;
  for (auto addr : {"127.0.0.2", "127.0.0.3"}) REQUIRE(c.ssh(addr, "mkdir -p /etc/cluster").status == 0);
  auto conf = [&](const std::string& addr) { return read_file(c.etc_file(addr, "cluster/cluster.conf")); };

  // Without passwords the cluster could not fence: refused, nothing written.
  auto no_pw = c.run({"cluster", "apply", "--all"});
  CHECK(no_pw.status == 1);
  CHECK(has(no_pw.err, "no password stored for an-node02-ipmi: set it first (anvil fence set-credentials an-node02-ipmi)"));
  credentials(c);

  CHECK(c.run({"cluster", "diff", "--all"}).status == 1);
  auto dry = c.run_ok({"--dry-run", "cluster", "apply", "--all"});
  CHECK(has(dry.out, "/etc/cluster/anvil/an-node02-ipmi.passwd"));
  CHECK(has(dry.out, "********"));
  CHECK_FALSE(has(dry.out + dry.err, secret));

  auto first = c.run_ok({"cluster", "apply", "--all"});
  CHECK(has(first.out, "an-node02: cluster.conf config_version 1\nan-node03: cluster.conf config_version 1\n"));
  CHECK(has(first.out, "cman is not running on an-node02: the new cluster.conf takes effect when the cluster starts"));
  CHECK(conf("127.0.0.2") == conf("127.0.0.3"));
  CHECK(has(conf("127.0.0.2"), "config_version=\"1\""));
  // The password script: root only, and it prints the password for the agent.
  struct stat st {};
  REQUIRE(::stat(c.etc_file("127.0.0.3", "cluster/anvil/an-node02-ipmi.passwd").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  CHECK(c.ssh("127.0.0.3", "/etc/cluster/anvil/an-node02-ipmi.passwd").out == secret + "\n");
  CHECK(c.run({"cluster", "diff", "--all"}).status == 0);
  CHECK(has(c.run_ok({"cluster", "apply", "--all"}).out, "as planned already on every node (config_version 1)"));

  // A change: version 2; the history shows the file, and the secret only as written.
  c.run_ok({"ip-plan", "set", "cluster.post-join-delay", "45"});
  auto diff = c.run({"cluster", "diff", "an-node02"});
  CHECK(has(diff.out, "-<cluster name=\"an-cluster-01\" config_version=\"1\">\n+<cluster name=\"an-cluster-01\" config_version=\"2\">"));
  CHECK(has(diff.out, "+  <fence_daemon post_join_delay=\"45\" />"));
  auto second = c.json({"cluster", "apply", "--all"});
  CHECK(second["config_version"] == 2);
  auto shown = c.run_ok({"history", "diff", std::to_string(second["run_id"].get<int>())}).out;
  CHECK(has(shown, "config_version=\"2\""));
  int first_id = 0;
  auto runs = c.json({"history", "--limit", "100"});  // kept: a range-for over a temporary's member dangles
  for (auto& r : runs["runs"])
    if (r["command"] == "cluster apply" && has(r["summary"].get<std::string>(), "config_version 1 on")) first_id = r["id"].get<int>();
  auto first_run = c.run_ok({"history", "diff", std::to_string(first_id)}).out;
  INFO("first apply: run " << first_id << "\n" << first_run.substr(0, 600));
  CHECK(has(first_run + shown, "a secret file, written; its content is not recorded"));
  CHECK_FALSE(has(first_run + shown, secret));

  // The nodes disagree: refused, unless told which one counts; never down.
  REQUIRE(c.ssh("127.0.0.3", "sed -i 's/config_version=\"2\"/config_version=\"7\"/' /etc/cluster/cluster.conf").status == 0);
  c.run_ok({"ip-plan", "set", "cluster.post-join-delay", "50"});
  auto disagree = c.run({"cluster", "apply", "--all"});
  CHECK(disagree.status == 1);
  CHECK(disagree.err == "anvil: the nodes' cluster.conf versions disagree (an-node02: 2, an-node03: 7); say which one counts with --winner NODE\n");
  CHECK(has(conf("127.0.0.2"), "config_version=\"2\""));
  auto won = c.json({"cluster", "apply", "--all", "--winner", "an-node03"});
  CHECK(won["config_version"] == 8);
  CHECK(has(conf("127.0.0.2"), "config_version=\"8\""));
  auto lower = c.json({"cluster", "apply", "--all", "--winner", "an-node02"});  // nothing to change: same content everywhere
  CHECK(lower["changed"] == false);
  c.run_ok({"ip-plan", "set", "cluster.post-join-delay", "55"});
  CHECK(c.json({"cluster", "apply", "--all"})["config_version"] == 9);  // above the plan's last applied, never below

  // No cman on these nodes: status says so, check is CRITICAL from each node.
  auto status = c.run_ok({"cluster", "status", "--all"});
  CHECK(has(status.out, "== an-node02\ncman is not running"));
  auto check = c.run({"cluster", "check", "--all", "--format", "nagios"});
  CHECK(check.status == 2);
  CHECK(check.out.rfind("CLUSTER CRITICAL: 2 CRITICAL; an-node02 sees an-cluster-01: cman is not running", 0) == 0);

  // start runs the steps in order and says which one failed (no cman here);
  // stop looks at the peer first and refuses: it is no member.
  auto start = c.run({"cluster", "start", "an-node02"});
  CHECK(start.status == 1);
  CHECK(has(start.err, "an-node02: cman: FAILED in "));
  CHECK(has(start.err, "anvil: start an-node02: step cman failed: "));
  CHECK(has(start.err, "the later steps were not run"));
  auto run = c.json({"history", "--limit", "1"})["runs"][0];
  CHECK(run["command"] == "cluster start");
  auto stop = c.run({"--yes", "cluster", "stop", "an-node02"});
  CHECK(stop.status == 1);
  CHECK(stop.err == "anvil: refused: an-node03 is not a cluster member (cman does not run there): stopping an-node02 would leave no cluster\n");
}
