// The cluster layer's state as a node reports it: `cman_tool status` and
// `cman_tool nodes` (cluster 3.x's cman/cman_tool/main.c) and `clustat -x`
// (rgmanager 3.x's utils/clustat.c). Text in, values out; the layouts and
// the state vocabularies are in the reference's output-formats.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace anvil::cluster {

// `cman_tool status`; clustat -x says only whether the cluster is quorate
// and its name, id and generation (then from_cman_tool is false and the
// other numbers stay -1).
struct Quorum {
  bool quorate = false;            // "Quorum: 1  " (quorate) or "Quorum: 2 Activity blocked"
  std::string cluster_name;
  int cluster_id = -1;
  int generation = -1;             // "Cluster Generation"
  bool from_cman_tool = false;     // the fields below were read
  std::string version;             // cman's "6.2.0"
  int config_version = -1;         // cluster.conf's config_version that cman runs
  bool cluster_member = false;     // "Cluster Member: Yes"
  // Joining, Cluster-Member, Not-in-Cluster, Leaving, or "Unknown: code=N".
  std::string membership_state;
  int nodes = -1;                  // members now
  int expected_votes = -1;
  int quorum_device_votes = -1;    // -1: no quorum disk line
  int total_votes = -1;
  int node_votes = -1;             // -1: not printed (cman 2)
  int quorum = -1;                 // votes needed
  int active_subsystems = -1;
  // "Flags:" tokens as printed: 2node, Shutdown, Error, DisallowedNodes,
  // DisallowedEnabled, HaveState (cman 2 printed Dirty for HaveState).
  std::vector<std::string> flags;
  bool two_node = false;           // "2node" among the flags
  std::vector<int> ports_bound;    // 0 cman, 11 dlm, 177 rgmanager, ...
  std::string node_name;           // this node, as cluster.conf names it; empty when not printed
  int node_id = -1;
  std::vector<std::string> multicast_addresses;
  std::vector<std::string> node_addresses;
  std::vector<std::string> disallowed_nodes;  // "Disallowed nodes:" (with the DisallowedNodes flag)
};

// One row of `cman_tool nodes`, or a <node> of clustat -x (or both, merged
// by name in a capture).
struct Member {
  int id = 0;                      // node id; 0 for clustat's quorum disk
  std::string name;                // as cluster.conf names it: "an-node01.alteeve.ca"
  // cman_tool's Sts: "M" member, "X" dead, "d" disallowed, "?" unknown; from
  // clustat -x only: "M" online (state="1"), "X" offline.
  std::string status;
  bool local = false;              // the node the output came from
  int incarnation = -1;            // cman_tool nodes' Inc; -1 from clustat only
  std::string joined;              // "2013-03-14 10:02:33"; empty when not a member
  std::vector<std::string> addresses;  // `cman_tool nodes -a`
  // clustat -x only:
  bool estranged = false;          // a member cluster.conf does not list
  bool rgmanager = false;          // rgmanager runs there
  bool rgmanager_master = false;
  bool qdisk = false;              // the quorum disk, not a node
  bool member() const { return status == "M"; }
};

// A resource group of clustat -x: a service or a VM.
struct Service {
  std::string name;        // "service:storage_n01", "vm:vm01-web"
  std::string kind;        // the part before ':': "service", "vm" (other rgmanager types as given)
  std::string short_name;  // the part after it: "storage_n01"
  // stopped, starting, started, stopping, failed, uninitialized, checking,
  // recoverable, recovering, disabled, migrating (codes 110..120).
  std::string state;
  int state_code = 0;
  std::vector<std::string> flags;  // "frozen", "partial"
  std::string owner;               // node name; empty for clustat's "none"; "unknown" as clustat says
  std::string last_owner;          // likewise
  int restarts = 0;
  std::int64_t last_transition = 0;  // seconds since the epoch; 0: never
  bool frozen() const;
  bool partial() const;
};

struct ClusterState {
  std::optional<Quorum> quorum;  // none: cman gave nothing (not running)
  std::vector<Member> members;   // by node id
  std::vector<Service> services; // by name, as clustat sorts them
  // clustat -x found rgmanager (it listed groups or flagged a node); false
  // when clustat was not read.
  bool rgmanager = false;
  bool rgmanager_local = false;  // <quorum groupmember="1">: quorate and rgmanager runs on the local node
  // What was read, in order: "cman_tool status", "cman_tool nodes", "clustat -x".
  std::vector<std::string> outputs;
  // What the commands said instead of (or before) their output, captured
  // with stderr: "cman_tool: Cannot open connection to cman, is it running ?",
  // clustat's "Service states unavailable: ..." before its XML.
  std::vector<std::string> notes;

  bool read(const std::string& output) const;
  const Member* member(const std::string& name) const;
  const Member* local_member() const;
  const Service* service(const std::string& name) const;
};

// Each throws anvil::Error (failed) with one line naming the line number and
// what is wrong there ("line 9 of the cluster state: Expected votes: 'two'
// is not a number") when the text is not what it should be.
//
// `cman_tool status`. Unknown "Key: value" lines are skipped; any other
// line, a bad value, a repeated key, or no Quorum/Expected votes/Total votes
// (cut short) throws; so does blank text (cman not running: no output).
Quorum parse_cman_status(const std::string& text);
// `cman_tool nodes`, also with -a; blank text gives no members.
std::vector<Member> parse_cman_nodes(const std::string& text);
// `clustat -x` (read with pugixml): quorum, nodes, groups. No <groups>
// means rgmanager did not answer. Blank text gives an empty state.
ClusterState parse_clustat_xml(const std::string& xml);
// A capture of several outputs behind "==> cman_tool status <==",
// "==> cman_tool nodes <==" and "==> clustat -x <==" headers (as head(1)
// prints them; options after the command, like "cman_tool nodes -a", are
// fine), or one output alone (recognised by its first line). cman_tool's
// view of members and quorum wins over clustat's; clustat adds the local
// and rgmanager flags. Blank text or empty sections (or only cman_tool's
// error line): nothing known.
ClusterState parse_cluster_capture(const std::string& text);

}  // namespace anvil::cluster
