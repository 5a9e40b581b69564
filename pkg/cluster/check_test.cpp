#include <catch2/catch.hpp>

#include <algorithm>

#include "cluster/check.hpp"
#include "cluster/status.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;

namespace {

plan::Cluster the_plan() {
  plan::Cluster c;
  c.name = "an-cluster-01";
  c.domain = "alteeve.ca";
  for (int i : {1, 2}) {
    plan::Node n;
    n.name = "an-node0" + std::to_string(i);
    n.number = i;
    n.fence = {{"ipmi", {{n.name + "-ipmi", ""}}}};
    c.nodes.push_back(n);
    plan::Device d;
    d.name = n.name + "-ipmi";
    d.kind = "ipmi";
    d.node = n.name;
    d.agent = "fence_ipmilan";
    c.devices.push_back(d);
  }
  for (auto [name, preferred] : {std::pair{"vm01-web", ""}, std::pair{"vm02-db", "an-node02"}}) {
    plan::Vm v;
    v.name = name;
    v.preferred_node = preferred;  // vm01-web: none, so the first node
    c.vms.push_back(v);
  }
  return c;
}

std::string fixture_text(const std::string& name) {
  return test::read_file(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/cluster/" + name + ".txt");
}

cluster::ClusterState fixture(const std::string& name) { return cluster::parse_cluster_capture(fixture_text(name)); }

std::vector<check::Finding> findings(const std::string& name) { return cluster::check_cluster(the_plan(), fixture(name)); }

std::vector<std::string> ids(const std::vector<check::Finding>& fs) {
  std::vector<std::string> out;
  for (auto& f : fs) out.push_back(std::string(check::severity_name(f.severity)) + " " + f.id + " " + f.subject);
  std::sort(out.begin(), out.end());
  return out;
}

const check::Finding& find(const std::vector<check::Finding>& fs, const std::string& id, const std::string& subject) {
  auto it = std::find_if(fs.begin(), fs.end(), [&](auto& f) { return f.id == id && f.subject == subject; });
  REQUIRE(it != fs.end());
  return *it;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

using V = std::vector<std::string>;

const char* all_fixtures[] = {"healthy",      "peer-lost",          "service-failed", "not-quorate",     "vm-on-other-node", "no-rgmanager",
                              "not-two-node", "vm-stopped-unknown", "service-frozen", "peer-disallowed", "cman-down"};

}  // namespace

TEST_CASE("a healthy cluster is one OK", "[cluster][check]") {
  auto fs = findings("healthy");
  CHECK(ids(fs) == V{"OK cluster.ok an-cluster-01"});
  CHECK(fs[0].message ==
        "an-cluster-01 is as planned: quorate in two-node mode, members an-node01, an-node02, 2 services and 2 VMs started as planned");
  CHECK(fs[0].fix.empty());
  CHECK(check::worst(fs) == check::Severity::ok);

  // Short names in cluster.conf match the plan's nodes as well as FQDNs do.
  auto c = the_plan();
  c.domain.clear();
  auto short_names = cluster::parse_cluster_capture(replaced(fixture_text("healthy"), ".alteeve.ca", ""));
  CHECK(ids(cluster::check_cluster(c, short_names)) == V{"OK cluster.ok an-cluster-01"});
  CHECK(ids(cluster::check_cluster(the_plan(), short_names)) == V{"OK cluster.ok an-cluster-01"});
}

TEST_CASE("a lost peer: quorate through two_node, its storage stopped, its VM moved", "[cluster][check]") {
  for (auto name : {"peer-lost", "peer-disallowed"}) {
    INFO(name);
    CHECK(ids(findings(name)) == V{"CRITICAL cluster.member-missing an-node02", "WARNING cluster.service-stopped service:storage_n02",
                                   "WARNING cluster.vm-outside-domain vm:vm02-db"});
  }
  auto fs = findings("peer-lost");
  auto& missing = find(fs, "cluster.member-missing", "an-node02");
  CHECK(missing.message == "an-node02 is not a cluster member: cman_tool nodes shows it dead (X)");
  CHECK(missing.fix ==
        "`anvil fence history` shows whether it was fenced; once it is up: /etc/init.d/cman start && /etc/init.d/rgmanager start   # on an-node02");
  auto& stopped = find(fs, "cluster.service-stopped", "service:storage_n02");
  CHECK(stopped.message ==
        "service:storage_n02 is stopped (last on an-node02): DRBD, clvmd and GFS2 are not up on an-node02, so VMs cannot run there");
  CHECK_THAT(stopped.fix, Catch::StartsWith("it can start only on an-node02, once that rejoins the cluster") &&
                              Catch::EndsWith("clusvcadm -e service:storage_n02 -m an-node02.alteeve.ca"));
  auto& moved = find(fs, "cluster.vm-outside-domain", "vm:vm02-db");
  CHECK(moved.severity == check::Severity::warning);
  CHECK(moved.message ==
        "vm:vm02-db runs on an-node01, not on its preferred node an-node02 (last on an-node02): after a failover it stays until moved back");
  CHECK(moved.fix == "once an-node02 is back in the cluster: clusvcadm -M vm:vm02-db -m an-node02.alteeve.ca   # live-migrates it back");

  auto d = findings("peer-disallowed");
  CHECK_THAT(find(d, "cluster.member-missing", "an-node02").message, Catch::Contains("disallowed (d)"));
  CHECK_THAT(find(d, "cluster.member-missing", "an-node02").fix, Catch::StartsWith("fence_node an-node02.alteeve.ca   # on an-node01"));
}

TEST_CASE("quorum and two-node mode", "[cluster][check]") {
  auto fs = findings("not-quorate");
  // rgmanager stops everything without quorum: no service findings on top.
  CHECK(ids(fs) == V{"CRITICAL cluster.member-missing an-node02", "CRITICAL cluster.not-quorate an-cluster-01",
                     "CRITICAL cluster.two-node-wrong an-cluster-01"});
  auto& q = find(fs, "cluster.not-quorate", "an-cluster-01");
  CHECK(q.message == "an-cluster-01 is not quorate (1 vote of the 2 needed): cman blocks activity, rgmanager stops every service and VM, "
                     "clvmd and GFS2 hang");
  CHECK(q.fix == "/etc/init.d/cman start   # on an-node02; if an-node02 is down for good, make sure it is off "
                 "(fence_node an-node02.alteeve.ca) and then: cman_tool expected -e 1   # on an-node01");
  auto& two = find(fs, "cluster.two-node-wrong", "an-cluster-01");
  CHECK(two.message == "cman is not in two-node mode (no 2node flag, expected votes 2): one node alone is not quorate, "
                       "so losing either node stops the whole cluster");
  CHECK_THAT(two.fix, Catch::StartsWith("anvil cluster apply (the plan's cluster.conf has <cman expected_votes=\"1\" two_node=\"1\"/>)"));

  CHECK(ids(findings("not-two-node")) == V{"CRITICAL cluster.two-node-wrong an-cluster-01"});
  // two_node with expected votes other than 1 is wrong too.
  auto odd = cluster::parse_cluster_capture(replaced(fixture_text("healthy"), "Expected votes: 1\n", "Expected votes: 2\n"));
  auto odd_fs = cluster::check_cluster(the_plan(), odd);
  CHECK(ids(odd_fs) == V{"CRITICAL cluster.two-node-wrong an-cluster-01"});
  CHECK_THAT(odd_fs[0].message, Catch::StartsWith("cman runs two_node with expected votes 2, not 1"));
  // A plan of three nodes is not a two-node cluster.
  auto three = the_plan();
  three.nodes.push_back(three.nodes.back());
  three.nodes.back().name = "an-node03";
  three.nodes.back().number = 3;
  auto three_fs = cluster::check_cluster(three, fixture("not-two-node"));
  CHECK(std::none_of(three_fs.begin(), three_fs.end(), [](auto& f) { return f.id == "cluster.two-node-wrong"; }));
}

TEST_CASE("services: failed, recovering, stopped, frozen", "[cluster][check]") {
  auto fs = findings("service-failed");
  CHECK(ids(fs) == V{"CRITICAL cluster.service-failed service:storage_n02", "WARNING cluster.service-recovering vm:vm02-db"});
  auto& failed = find(fs, "cluster.service-failed", "service:storage_n02");
  CHECK(failed.message == "service:storage_n02 has failed (last on an-node02): rgmanager will not start it again by itself");
  CHECK(failed.fix == "find the cause (read rgmanager's lines in /var/log/messages on an-node02), then: "
                      "clusvcadm -d service:storage_n02 && clusvcadm -e service:storage_n02 -m an-node02.alteeve.ca");
  CHECK(find(fs, "cluster.service-recovering", "vm:vm02-db").message ==
        "vm:vm02-db is recovering (last on an-node02): rgmanager is recovering it (restart 1)");

  auto frozen = findings("service-frozen");
  CHECK(ids(frozen) == V{"WARNING cluster.service-frozen service:storage_n01"});
  CHECK(frozen[0].fix == "clusvcadm -U service:storage_n01");

  // A stopped storage service with its node up: enable it there.
  auto stopped = cluster::parse_cluster_capture(replaced(fixture_text("healthy"),
      "<group name=\"service:storage_n01\" state=\"112\" state_str=\"started\" flags=\"0\" flags_str=\"\" owner=\"an-node01.alteeve.ca\"",
      "<group name=\"service:storage_n01\" state=\"119\" state_str=\"disabled\" flags=\"0\" flags_str=\"\" owner=\"none\""));
  auto s = cluster::check_cluster(the_plan(), stopped);
  CHECK(ids(s) == V{"WARNING cluster.service-stopped service:storage_n01"});
  CHECK(s[0].fix == "clusvcadm -e service:storage_n01 -m an-node01.alteeve.ca");
}

TEST_CASE("VMs: on the other node, not running, unknown, undefined", "[cluster][check]") {
  auto fs = findings("vm-on-other-node");
  CHECK(ids(fs) == V{"WARNING cluster.vm-outside-domain vm:vm01-web"});
  CHECK(fs[0].message ==
        "vm:vm01-web runs on an-node02, not on its preferred node an-node01 (last on an-node01): after a failover it stays until moved back");
  CHECK(fs[0].fix == "clusvcadm -M vm:vm01-web -m an-node01.alteeve.ca   # live-migrates it back");

  auto odd = findings("vm-stopped-unknown");
  CHECK(ids(odd) == V{"WARNING cluster.vm-not-running vm:vm02-db", "WARNING cluster.vm-unknown vm:vm03-test"});
  CHECK(find(odd, "cluster.vm-not-running", "vm:vm02-db").message == "vm:vm02-db is disabled (last on an-node02), not started: the VM is off");
  CHECK(find(odd, "cluster.vm-not-running", "vm:vm02-db").fix == "clusvcadm -e vm:vm02-db -m an-node02.alteeve.ca");
  CHECK(find(odd, "cluster.vm-unknown", "vm:vm03-test").message == "vm:vm03-test (started on an-node01) is not a VM of the plan");
  CHECK_THAT(find(odd, "cluster.vm-unknown", "vm:vm03-test").fix, Catch::StartsWith("anvil ip-plan add vm vm03-test"));

  // Planned but not in clustat: cluster.conf lacks it.
  auto c = the_plan();
  c.vms.push_back(c.vms.back());
  c.vms.back().name = "vm04-new";
  auto missing = cluster::check_cluster(c, fixture("healthy"));
  CHECK(ids(missing) == V{"WARNING cluster.vm-not-running vm:vm04-new"});
  CHECK(missing[0].fix == "anvil cluster apply; then clusvcadm -e vm:vm04-new -m an-node02.alteeve.ca");
  // A planned storage service clustat does not list.
  auto three = the_plan();
  three.nodes.push_back(three.nodes.back());
  three.nodes.back().name = "an-node03";
  three.nodes.back().number = 3;
  auto undefined = cluster::check_cluster(three, fixture("healthy"));
  CHECK(std::count_if(undefined.begin(), undefined.end(), [](auto& f) { return f.id == "cluster.service-stopped"; }) == 1);
  CHECK_THAT(find(undefined, "cluster.service-stopped", "service:storage_n03").message, Catch::Contains("is not defined in rgmanager"));
}

TEST_CASE("rgmanager down, everywhere or on one node", "[cluster][check]") {
  auto fs = findings("no-rgmanager");
  CHECK(ids(fs) == V{"WARNING cluster.rgmanager-down an-cluster-01"});
  CHECK(fs[0].message == "rgmanager does not answer (clustat -x lists no services): nothing watches or recovers the storage services and VMs");
  CHECK(fs[0].fix == "/etc/init.d/rgmanager start   # on an-node01 and an-node02");

  auto one = cluster::parse_cluster_capture(replaced(fixture_text("healthy"), "local=\"0\" estranged=\"0\" rgmanager=\"1\"",
                                                     "local=\"0\" estranged=\"0\" rgmanager=\"0\""));
  auto one_fs = cluster::check_cluster(the_plan(), one);
  CHECK(ids(one_fs) == V{"WARNING cluster.rgmanager-down an-node02"});
  CHECK(one_fs[0].fix == "/etc/init.d/rgmanager start   # on an-node02");

  // Without clustat nothing is said about rgmanager.
  auto cman_only = cluster::parse_cluster_capture(fixture_text("no-rgmanager").substr(0, fixture_text("no-rgmanager").find("==> clustat")));
  CHECK(ids(cluster::check_cluster(the_plan(), cman_only)) == V{"OK cluster.ok an-cluster-01"});
}

TEST_CASE("cman down, and fencing from the plan", "[cluster][check]") {
  auto down = findings("cman-down");
  CHECK(ids(down) == V{"CRITICAL cluster.cman-down an-cluster-01"});
  CHECK(down[0].message == "cman is not running on the node read: no output from cman_tool or clustat");
  auto said = cluster::parse_cluster_capture(replaced(fixture_text("cman-down"), "==> cman_tool nodes <==\n",
                                                      "==> cman_tool nodes <==\ncman_tool: Cannot open connection to cman, is it running ?\n"));
  CHECK(cluster::check_cluster(the_plan(), said).at(0).message ==
        "cman is not running on the node read: no output from cman_tool or clustat "
        "(cman_tool: Cannot open connection to cman, is it running ?)");
  CHECK(ids(cluster::check_cluster(the_plan(), cluster::parse_cluster_capture(""))) == V{"CRITICAL cluster.cman-down an-cluster-01"});

  auto c = the_plan();
  c.fence_delay = 0;
  c.nodes[1].fence.clear();
  auto fs = cluster::check_cluster(c, fixture("healthy"));
  CHECK(ids(fs) == V{"CRITICAL cluster.fence-delay an-cluster-01", "CRITICAL cluster.no-fence-method an-node02"});
  CHECK(find(fs, "cluster.fence-delay", "an-cluster-01").fix ==
        "anvil ip-plan set cluster.fence-delay 15 && anvil cluster apply");
  CHECK(find(fs, "cluster.no-fence-method", "an-node02").fix == "anvil fence add-method an-node02 --device an-node02-ipmi --name ipmi");
  // The plan's findings come with the state's.
  CHECK(ids(cluster::check_cluster(c, fixture("cman-down"))) ==
        V{"CRITICAL cluster.cman-down an-cluster-01", "CRITICAL cluster.fence-delay an-cluster-01", "CRITICAL cluster.no-fence-method an-node02"});
}

TEST_CASE("every finding id fires only where it should", "[cluster][check]") {
  const std::pair<const char*, const char*> fires[] = {
      {"cluster.not-quorate", "not-quorate"},          {"cluster.member-missing", "peer-lost"},
      {"cluster.two-node-wrong", "not-two-node"},      {"cluster.service-failed", "service-failed"},
      {"cluster.service-stopped", "peer-lost"},        {"cluster.service-recovering", "service-failed"},
      {"cluster.service-frozen", "service-frozen"},    {"cluster.vm-not-running", "vm-stopped-unknown"},
      {"cluster.vm-outside-domain", "vm-on-other-node"}, {"cluster.vm-unknown", "vm-stopped-unknown"},
      {"cluster.rgmanager-down", "no-rgmanager"},      {"cluster.cman-down", "cman-down"}};
  auto has = [](const std::vector<check::Finding>& fs, const std::string& id) {
    return std::any_of(fs.begin(), fs.end(), [&](auto& f) { return f.id == id; });
  };
  auto healthy = findings("healthy");
  for (auto [id, name] : fires) {
    INFO(id << " on " << name);
    CHECK(has(findings(name), id));
    CHECK_FALSE(has(healthy, id));
  }
}

TEST_CASE("cluster: every non-OK finding has one line and a fix", "[cluster][check]") {
  auto c = the_plan();
  c.fence_delay = 0;
  c.nodes[0].fence.clear();
  for (auto name : all_fixtures)
    for (auto& f : cluster::check_cluster(c, fixture(name))) {
      INFO(name << ": " << f.id << " " << f.message);
      CHECK(f.message.find('\n') == std::string::npos);
      CHECK(f.fix.find('\n') == std::string::npos);
      CHECK(f.fix.empty() == (f.severity == check::Severity::ok));
      CHECK_FALSE(f.subject.empty());
    }
}

TEST_CASE("perfdata: members, votes, services and VMs", "[cluster][check]") {
  auto text = [](const std::vector<check::Perf>& ps) {
    V out;
    for (auto& p : ps) out.push_back(p.label + "=" + std::to_string(static_cast<int>(p.value)) + p.unit + p.range);
    return out;
  };
  CHECK(text(cluster::cluster_perfdata(the_plan(), fixture("healthy"))) ==
        V{"members=2;;;0;2", "total_votes=2;;;0", "expected_votes=1;;;0", "quorum=1;;;0", "services_started=2;;;0", "vms_running=2;;;0;2"});
  CHECK(text(cluster::cluster_perfdata(the_plan(), fixture("peer-lost"))) ==
        V{"members=1;;;0;2", "total_votes=1;;;0", "expected_votes=1;;;0", "quorum=1;;;0", "services_started=1;;;0", "vms_running=2;;;0;2"});
  CHECK(text(cluster::cluster_perfdata(the_plan(), fixture("no-rgmanager"))) ==
        V{"members=2;;;0;2", "total_votes=2;;;0", "expected_votes=1;;;0", "quorum=1;;;0"});
  CHECK(cluster::cluster_perfdata(the_plan(), fixture("cman-down")).empty());
}
