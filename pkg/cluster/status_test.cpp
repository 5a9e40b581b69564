#include <catch2/catch.hpp>

#include "cluster/status.hpp"
#include "core/error.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;

namespace {

const char* scenarios[] = {"healthy",       "peer-lost",          "service-failed", "not-quorate",    "vm-on-other-node",
                           "no-rgmanager",  "not-two-node",       "vm-stopped-unknown", "service-frozen", "peer-disallowed"};

std::string fixture_text(const std::string& name) {
  return test::read_file(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/cluster/" + name + ".txt");
}

// The body of one "==> COMMAND... <==" section of a capture fixture.
std::string section(const std::string& name, const std::string& command) {
  auto text = fixture_text(name);
  auto head = text.find("==> " + command);
  REQUIRE(head != std::string::npos);
  auto begin = text.find('\n', head) + 1;
  auto end = text.find("\n==> ", begin);
  return text.substr(begin, end == std::string::npos ? std::string::npos : end + 1 - begin);
}

cluster::ClusterState fixture(const std::string& name) { return cluster::parse_cluster_capture(fixture_text(name)); }

// The one-line error a text gives.
template <class Parse>
std::string error_of(Parse parse, const std::string& text) {
  try {
    parse(text);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::failed);
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
    return e.what();
  }
  return "no error";
}

std::string capture_error(const std::string& text) { return error_of(cluster::parse_cluster_capture, text); }

const char* n1 = "an-node01.alteeve.ca";
const char* n2 = "an-node02.alteeve.ca";

}  // namespace

TEST_CASE("cman_tool status: every field of a healthy two-node cluster", "[cluster][status]") {
  auto q = cluster::parse_cman_status(section("healthy", "cman_tool status"));
  CHECK(q.from_cman_tool);
  CHECK(q.quorate);
  CHECK(q.version == "6.2.0");
  CHECK(q.config_version == 7);
  CHECK(q.cluster_name == "an-cluster-01");
  CHECK(q.cluster_id == 24561);
  CHECK(q.cluster_member);
  CHECK(q.generation == 20);
  CHECK(q.membership_state == "Cluster-Member");
  CHECK(q.nodes == 2);
  CHECK(q.expected_votes == 1);
  CHECK(q.quorum_device_votes == -1);
  CHECK(q.total_votes == 2);
  CHECK(q.node_votes == 1);
  CHECK(q.quorum == 1);
  CHECK(q.active_subsystems == 8);
  CHECK(q.flags == std::vector<std::string>{"2node"});
  CHECK(q.two_node);
  CHECK(q.ports_bound == std::vector<int>{0, 11, 177});
  CHECK(q.node_name == n1);
  CHECK(q.node_id == 1);
  CHECK(q.multicast_addresses == std::vector<std::string>{"239.192.95.81"});
  CHECK(q.node_addresses == std::vector<std::string>{"10.20.0.1"});
  CHECK(q.disallowed_nodes.empty());
}

TEST_CASE("cman_tool status: every scenario", "[cluster][status]") {
  for (auto name : scenarios) {
    INFO(name);
    auto q = cluster::parse_cman_status(section(name, "cman_tool status"));
    CHECK(q.cluster_name == "an-cluster-01");
    CHECK(q.quorate == (std::string(name) != "not-quorate"));
    CHECK(q.two_node == (std::string(name) != "not-quorate" && std::string(name) != "not-two-node"));
  }
  auto lost = cluster::parse_cman_status(section("not-quorate", "cman_tool status"));
  CHECK(lost.quorum == 2);
  CHECK(lost.expected_votes == 2);
  CHECK(lost.total_votes == 1);
  CHECK(lost.flags.empty());
  auto disallowed = cluster::parse_cman_status(section("peer-disallowed", "cman_tool status"));
  CHECK(disallowed.flags == std::vector<std::string>{"2node", "DisallowedNodes", "DisallowedEnabled"});
  CHECK(disallowed.disallowed_nodes == std::vector<std::string>{n2});
  CHECK(cluster::parse_cman_status(section("no-rgmanager", "cman_tool status")).ports_bound == std::vector<int>{0, 11});
}

TEST_CASE("cman_tool status: the other states and lines the source prints", "[cluster][status]") {
  auto q = cluster::parse_cman_status(
      "Version: 6.2.0\nConfig Version: 3\nCluster Name: c\nCluster Id: 1\nCluster Member: Yes\nCluster Generation: 4\n"
      "Membership state: Unknown: code=7\nNodes: 2\nExpected votes: 3\nQuorum device votes: 1\nTotal votes: 3\nNode votes: 1\n"
      "Quorum: 2  \nActive subsystems: 1\nFlags: Shutdown Error HaveState \nPorts Bound: 0  \nTotem ring: 0 \nNode name: a\n"
      "Node ID: 1\nMulticast addresses: 239.192.0.1 \nNode addresses: 10.0.0.1 \n");
  CHECK(q.membership_state == "Unknown: code=7");
  CHECK(q.quorum_device_votes == 1);
  CHECK(q.flags == std::vector<std::string>{"Shutdown", "Error", "HaveState"});
  CHECK_FALSE(q.two_node);
  for (auto state : {"Joining", "Cluster-Member", "Not-in-Cluster", "Leaving"}) {
    auto text = "Cluster Name: c\nMembership state: " + std::string(state) + "\nExpected votes: 1\nTotal votes: 0\nQuorum: 1 Activity blocked\n";
    auto s = cluster::parse_cman_status(text);
    CHECK(s.membership_state == state);
    CHECK_FALSE(s.quorate);
  }
  // cman 2: "Activity Blocked", "Multicast address", "Dirty"; and "Cluster Member: No" ends the output.
  auto old = cluster::parse_cman_status(
      "Version: 6.1.0\nConfig Version: 1\nCluster Name: c\nCluster Id: 1\nCluster Member: Yes\nCluster Generation: 8\n"
      "Membership state: Cluster-Member\nNodes: 1\nExpected votes: 2\nTotal votes: 1\nQuorum: 2 Activity Blocked\n"
      "Active subsystems: 2\nFlags: Dirty \nMulticast address: 239.192.0.1\nNode addresses: 10.0.0.1\n");
  CHECK_FALSE(old.quorate);
  CHECK(old.multicast_addresses == std::vector<std::string>{"239.192.0.1"});
  auto out = cluster::parse_cman_status("Version: 6.1.0\nConfig Version: 1\nCluster Name: c\nCluster Id: 1\nCluster Member: No\n"
                                        "Membership state: Not-in-Cluster\n");
  CHECK_FALSE(out.cluster_member);
  CHECK_FALSE(out.quorate);
}

TEST_CASE("cman_tool nodes: members, dead and disallowed nodes, addresses", "[cluster][status]") {
  for (auto name : scenarios) {
    INFO(name);
    auto ms = cluster::parse_cman_nodes(section(name, "cman_tool nodes"));
    REQUIRE(ms.size() == 2);
    CHECK(ms[0].id == 1);
    CHECK(ms[0].name == n1);
    CHECK(ms[0].status == "M");
    CHECK(ms[0].joined == "2013-03-14 10:02:33");
    CHECK(ms[1].id == 2);
    CHECK(ms[1].name == n2);
  }
  auto healthy = cluster::parse_cman_nodes(section("healthy", "cman_tool nodes"));
  CHECK(healthy[1].status == "M");
  CHECK(healthy[1].incarnation == 128);
  CHECK(healthy[1].addresses.empty());
  CHECK_FALSE(healthy[0].local);  // cman_tool nodes does not say

  auto lost = cluster::parse_cman_nodes(section("peer-lost", "cman_tool nodes"));
  CHECK(lost[1].status == "X");
  CHECK_FALSE(lost[1].member());
  CHECK(lost[1].joined.empty());
  CHECK(lost[1].incarnation == 132);

  auto disallowed = cluster::parse_cman_nodes(section("peer-disallowed", "cman_tool nodes"));
  CHECK(disallowed[1].status == "d");
  CHECK(disallowed[1].joined == "2013-03-14 13:10:05");

  auto with_addresses = cluster::parse_cman_nodes(section("vm-on-other-node", "cman_tool nodes -a"));
  CHECK(with_addresses[0].addresses == std::vector<std::string>{"10.20.0.1"});
  CHECK(with_addresses[1].addresses == std::vector<std::string>{"10.20.0.2"});

  auto unknown = cluster::parse_cman_nodes("Node  Sts   Inc   Joined               Name\n   0   ?      0                        Node0\n");
  CHECK(unknown.at(0).status == "?");
  CHECK(cluster::parse_cman_nodes("").empty());
}

TEST_CASE("clustat -x: quorum, nodes, groups", "[cluster][status]") {
  auto s = cluster::parse_clustat_xml(section("healthy", "clustat -x"));
  CHECK(s.outputs == std::vector<std::string>{"clustat -x"});
  REQUIRE(s.quorum);
  CHECK(s.quorum->quorate);
  CHECK_FALSE(s.quorum->from_cman_tool);
  CHECK(s.quorum->cluster_name == "an-cluster-01");
  CHECK(s.quorum->cluster_id == 24561);
  CHECK(s.quorum->generation == 20);
  CHECK(s.quorum->expected_votes == -1);
  CHECK(s.rgmanager);
  CHECK(s.rgmanager_local);
  REQUIRE(s.members.size() == 2);
  CHECK(s.members[0].name == n1);
  CHECK(s.members[0].id == 1);
  CHECK(s.members[0].status == "M");
  CHECK(s.members[0].local);
  CHECK(s.members[0].rgmanager);
  CHECK_FALSE(s.members[0].rgmanager_master);
  CHECK_FALSE(s.members[0].estranged);
  CHECK_FALSE(s.members[0].qdisk);
  CHECK(s.members[1].id == 2);
  CHECK_FALSE(s.members[1].local);
  REQUIRE(s.services.size() == 4);
  auto& storage = s.services[0];
  CHECK(storage.name == "service:storage_n01");
  CHECK(storage.kind == "service");
  CHECK(storage.short_name == "storage_n01");
  CHECK(storage.state == "started");
  CHECK(storage.state_code == 112);
  CHECK(storage.flags.empty());
  CHECK(storage.owner == n1);
  CHECK(storage.last_owner == n1);
  CHECK(storage.restarts == 0);
  CHECK(storage.last_transition == 1363255367);
  CHECK(s.service("vm:vm02-db")->kind == "vm");
  CHECK(s.service("vm:vm02-db")->owner == n2);

  for (auto name : scenarios) {
    INFO(name);
    auto x = cluster::parse_clustat_xml(section(name, "clustat -x"));
    CHECK(x.members.size() == 2);
    CHECK(x.quorum->quorate == (std::string(name) != "not-quorate"));
    CHECK(x.rgmanager == (std::string(name) != "not-quorate" && std::string(name) != "no-rgmanager"));
  }
}

TEST_CASE("clustat -x: failed, stopped, recovering, disabled, frozen, offline", "[cluster][status]") {
  auto lost = cluster::parse_clustat_xml(section("peer-lost", "clustat -x"));
  CHECK(lost.members[1].status == "X");
  CHECK_FALSE(lost.members[1].rgmanager);
  auto* stopped = lost.service("service:storage_n02");
  CHECK(stopped->state == "stopped");
  CHECK(stopped->owner.empty());  // "none"
  CHECK(stopped->last_owner == n2);
  CHECK(lost.service("vm:vm02-db")->owner == n1);
  CHECK(lost.service("vm:vm02-db")->last_owner == n2);

  auto failed = cluster::parse_clustat_xml(section("service-failed", "clustat -x"));
  CHECK(failed.service("service:storage_n02")->state == "failed");
  CHECK(failed.service("service:storage_n02")->state_code == 114);
  CHECK(failed.service("vm:vm02-db")->state == "recovering");
  CHECK(failed.service("vm:vm02-db")->restarts == 1);

  auto odd = cluster::parse_clustat_xml(section("vm-stopped-unknown", "clustat -x"));
  CHECK(odd.service("vm:vm02-db")->state == "disabled");
  CHECK(odd.service("vm:vm03-test")->state == "started");
  CHECK(odd.services.size() == 5);

  auto frozen = cluster::parse_clustat_xml(section("service-frozen", "clustat -x"));
  CHECK(frozen.service("service:storage_n01")->flags == std::vector<std::string>{"frozen"});
  CHECK(frozen.service("service:storage_n01")->frozen());
  CHECK_FALSE(frozen.service("service:storage_n02")->frozen());

  // Not quorate: the quorum tag broken over two lines, as clustat prints it, and no groups.
  auto inquorate = cluster::parse_clustat_xml(section("not-quorate", "clustat -x"));
  CHECK_FALSE(inquorate.quorum->quorate);
  CHECK_FALSE(inquorate.rgmanager_local);
  CHECK_FALSE(inquorate.rgmanager);
  CHECK(inquorate.services.empty());

  // Every state name with its code, both flags, a quorum disk, and clustat's notes before the XML.
  const char* states[] = {"stopped", "starting", "started", "stopping", "failed", "uninitialized",
                          "checking", "recoverable", "recovering", "disabled", "migrating"};
  std::string xml = "Service states unavailable: Temporary failure; try again\n<?xml version=\"1.0\"?>\n<clustat version=\"4.1.1\">\n<nodes>\n"
                    "<node name=\"/dev/block/8:33\" state=\"1\" local=\"0\" estranged=\"0\" rgmanager=\"0\" rgmanager_master=\"0\" qdisk=\"1\" nodeid=\"0x00000000\"/>\n"
                    "</nodes>\n<groups>\n";
  for (int i = 0; i < 11; ++i)
    xml += "<group name=\"vm:v" + std::to_string(i) + "\" state=\"" + std::to_string(110 + i) + "\" state_str=\"" + states[i] +
           "\" flags=\"3\" flags_str=\"frozen partial\" owner=\"none\" last_owner=\"unknown\" restarts=\"0\" last_transition=\"0\" "
           "last_transition_str=\"Thu Jan  1 00:00:00 1970\"/>\n";
  xml += "</groups>\n</clustat>\n";
  auto all = cluster::parse_clustat_xml(xml);
  CHECK(all.notes == std::vector<std::string>{"Service states unavailable: Temporary failure; try again"});
  CHECK_FALSE(all.quorum);
  CHECK(all.members.at(0).qdisk);
  REQUIRE(all.services.size() == 11);
  for (int i = 0; i < 11; ++i) {
    CHECK(all.services[i].state == states[i]);
    CHECK(all.services[i].frozen());
    CHECK(all.services[i].partial());
    CHECK(all.services[i].last_owner == "unknown");
  }
  CHECK(cluster::parse_clustat_xml("").outputs == std::vector<std::string>{"clustat -x"});
}

TEST_CASE("a capture: the three outputs merged", "[cluster][status]") {
  auto s = fixture("healthy");
  CHECK(s.outputs == std::vector<std::string>{"cman_tool status", "cman_tool nodes", "clustat -x"});
  REQUIRE(s.quorum);
  CHECK(s.quorum->from_cman_tool);
  CHECK(s.quorum->two_node);
  REQUIRE(s.members.size() == 2);
  CHECK(s.members[0].incarnation == 124);  // from cman_tool nodes
  CHECK(s.members[0].rgmanager);            // from clustat
  CHECK(s.local_member()->name == n1);
  CHECK(s.services.size() == 4);
  CHECK(s.rgmanager);

  auto disallowed = fixture("peer-disallowed");
  CHECK(disallowed.member(n2)->status == "d");  // cman_tool's view wins over clustat's "online"
  CHECK_FALSE(disallowed.member(n2)->rgmanager);

  auto lost = fixture("peer-lost");
  CHECK(lost.member(n2)->status == "X");
  CHECK(lost.quorum->nodes == 1);

  // Every scenario parses as a capture, and each section alone is recognised.
  for (auto name : scenarios) {
    INFO(name);
    auto all = fixture(name);
    CHECK(all.outputs.size() == 3);
    CHECK(cluster::parse_cluster_capture(section(name, "cman_tool status")).quorum->expected_votes == all.quorum->expected_votes);
    auto nodes = cluster::parse_cluster_capture(section(name, "cman_tool nodes"));
    CHECK(nodes.outputs == std::vector<std::string>{"cman_tool nodes"});
    CHECK(nodes.members.size() == 2);
    CHECK_FALSE(nodes.quorum);
    auto clustat = cluster::parse_cluster_capture(section(name, "clustat -x"));
    CHECK(clustat.outputs == std::vector<std::string>{"clustat -x"});
    CHECK(clustat.services.size() == all.services.size());
  }

  // cman not running: the sections are empty; blank text knows nothing either.
  auto down = fixture("cman-down");
  CHECK(down.outputs.size() == 3);
  CHECK_FALSE(down.quorum);
  CHECK(down.members.empty());
  CHECK_FALSE(down.rgmanager);
  CHECK(cluster::parse_cluster_capture("").outputs.empty());
  auto refused = cluster::parse_cluster_capture("==> cman_tool status <==\ncman_tool: Cannot open connection to cman, is it running ?\n");
  CHECK(refused.outputs == std::vector<std::string>{"cman_tool status"});
  CHECK_FALSE(refused.quorum);
  CHECK(refused.notes == std::vector<std::string>{"cman_tool: Cannot open connection to cman, is it running ?"});
  CHECK(cluster::parse_cluster_capture("\n\n").outputs.empty());
}

TEST_CASE("cluster state: garbage gives one line naming the line and the fault", "[cluster][status]") {
  CHECK(capture_error(fixture_text("garbage-status-no-colon")) ==
        "line 13 of the cluster state: expected cman_tool status's 'Key: value', got 'Quorum 1'");
  CHECK(capture_error(fixture_text("garbage-status-number")) == "line 10 of the cluster state: Expected votes: 'two' is not a number");
  CHECK(capture_error(fixture_text("garbage-status-truncated")) ==
        "line 10 of the cluster state: cman_tool status ends without its 'Total votes:' line (cut short?)");
  CHECK(capture_error(fixture_text("garbage-nodes-status")) ==
        "line 25 of the cluster state: unknown node status 'Q' of node 2 (M, X, d or ?)");
  CHECK_THAT(capture_error(fixture_text("garbage-clustat-broken")),
             Catch::StartsWith("line 39 of the cluster state: clustat -x is not well-formed XML: "));
  CHECK(capture_error(fixture_text("garbage-clustat-state")) == "line 38 of the cluster state: unknown state 'runing' of service:storage_n02");
  CHECK(capture_error(fixture_text("garbage-not-cluster")) ==
        "line 1 of the cluster state: not the output of cman_tool status, cman_tool nodes or clustat -x: "
        "'version: 8.3.16 (api:88/proto:86-97)'");
  CHECK(capture_error(fixture_text("garbage-unknown-section")) ==
        "line 22 of the cluster state: unknown section '==> cman_tool services <==': expected cman_tool status, cman_tool nodes or clustat -x");

  // The single parsers count lines from their own first line.
  CHECK(error_of(cluster::parse_cman_status, "Cluster Name: c\nExpected votes: 1\nTotal votes: 1\nQuorum: one\n") ==
        "line 4 of the cluster state: Quorum: 'one' is not a number");
  CHECK(error_of(cluster::parse_cman_status, "Cluster Name: c\nQuorum: 1 Activity maybe\n") ==
        "line 2 of the cluster state: expected nothing or 'Activity blocked' after Quorum: 1, got 'Activity maybe'");
  CHECK(error_of(cluster::parse_cman_status, "Membership state: Member\n") == "line 1 of the cluster state: unknown membership state 'Member'");
  CHECK(error_of(cluster::parse_cman_status, "Flags: 2node Bogus \n") == "line 1 of the cluster state: unknown cman flag 'Bogus'");
  CHECK(error_of(cluster::parse_cman_status, "Nodes: 2\nNodes: 2\n") ==
        "line 2 of the cluster state: a second 'Nodes:' line (two outputs run together?)");
  CHECK(error_of(cluster::parse_cman_status, "\n") == "line 1 of the cluster state: no cman_tool status output (is cman running?)");
  CHECK(error_of(cluster::parse_cman_status, "cman_tool: Cannot open connection to cman, is it running ?\n") ==
        "line 1 of the cluster state: cman_tool status failed: 'cman_tool: Cannot open connection to cman, is it running ?'");
  CHECK(error_of(cluster::parse_cman_status, "http://example.com\n") ==
        "line 1 of the cluster state: expected cman_tool status's 'Key: value', got 'http://example.com'");
  CHECK(error_of(cluster::parse_cman_nodes, "   1   M    124   2013-03-14 10:02:33  a\n") ==
        "line 1 of the cluster state: expected cman_tool nodes' header 'Node  Sts   Inc   Joined               Name', got "
        "'1   M    124   2013-03-14 10:02:33  a'");
  CHECK(error_of(cluster::parse_cman_nodes, "Node  Sts   Inc   Joined               Name\n   1   M    124   2013-03-14 10:02\n") ==
        "line 2 of the cluster state: the join time of node 1 is not YYYY-MM-DD HH:MM:SS: '1   M    124   2013-03-14 10:02'");
  CHECK(error_of(cluster::parse_cman_nodes, "Node  Sts   Inc   Joined               Name\n   1   M    124   2013-03-14 10:02:33  a b\n") ==
        "line 2 of the cluster state: unexpected 'b' after the name of node 1");
  CHECK(error_of(cluster::parse_clustat_xml, "<clustat>\n<nodes>\n<node name=\"a\" state=\"2\"/>\n</nodes>\n</clustat>\n") ==
        "line 3 of the cluster state: <node> state='2' is neither 0 nor 1");
  CHECK(error_of(cluster::parse_clustat_xml, "<clustat>\n<groups>\n<group name=\"vm:a\" state_str=\"started\" state=\"110\"/>\n</groups>\n</clustat>\n") ==
        "line 3 of the cluster state: state=110 of vm:a is not started (112)");
  CHECK(error_of(cluster::parse_clustat_xml, "<clustat>\n<services/>\n</clustat>\n") ==
        "line 2 of the cluster state: unexpected <services> in <clustat> (cluster, quorum, nodes, groups)");
  CHECK(error_of(cluster::parse_clustat_xml, "<clustat/>\n<clustat/>\n") ==
        "line 2 of the cluster state: a second <clustat> (two outputs run together?)");
  CHECK(error_of(cluster::parse_clustat_xml, "Error: something else\n<clustat/>\n") ==
        "line 1 of the cluster state: expected clustat -x's XML, got 'Error: something else'");
  CHECK(error_of(cluster::parse_clustat_xml, "<clustat><groups><group name=\"storage\"/></groups></clustat>") ==
        "line 1 of the cluster state: group name 'storage' is not TYPE:NAME (service:..., vm:...)");
  CHECK(capture_error("Version: 6.2.0\n==> clustat -x <==\n") ==
        "line 1 of the cluster state: expected a '==> command <==' header before 'Version: 6.2.0'");
  CHECK(capture_error("==> clustat -x <==\n<clustat/>\n==> clustat -x <==\n") == "line 3 of the cluster state: a second clustat -x section");
}
