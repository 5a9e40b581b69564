#include "cluster/check.hpp"

#include <algorithm>
#include <cstdio>

namespace anvil::cluster {
namespace {

using check::Finding;
using check::Severity;

std::string fqdn(const plan::Cluster& c, const plan::Node& n) { return c.domain.empty() ? n.name : n.name + "." + c.domain; }

// "n01" for node 1, as render_conf names the storage services.
std::string tag(const plan::Node& n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "n%02d", n.number);
  return buf;
}

bool in(const std::string& s, std::initializer_list<const char*> words) {
  return std::any_of(words.begin(), words.end(), [&](const char* w) { return s == w; });
}

const plan::Node* planned(const plan::Cluster& c, const std::string& name) {
  for (auto& n : c.nodes)
    if (!name.empty() && (name == n.name || name == fqdn(c, n))) return &n;
  return nullptr;
}

const Member* member_of(const plan::Cluster& c, const plan::Node& n, const ClusterState& s) {
  for (auto& m : s.members)
    if (!m.qdisk && (m.name == fqdn(c, n) || m.name == n.name)) return &m;
  return nullptr;
}

// A node as people call it: the plan's short name when it is a planned node.
std::string label(const plan::Cluster& c, const std::string& name) {
  auto* n = planned(c, name);
  return n ? n->name : name;
}

struct Judge {
  const plan::Cluster& c;
  const ClusterState& s;
  std::vector<Finding>& out;
  std::string here;  // the node the state came from

  void add(Severity sev, const char* id, const std::string& subject, const std::string& message, const std::string& fix) {
    out.push_back({sev, id, subject, message, fix});
  }
  bool is_member(const plan::Node& n) const {
    auto* m = member_of(c, n, s);
    return m && m->member();
  }
  std::string on(const std::string& node) const { return "   # on " + node; }
  // A VM's preferred node; the first when the plan names none (as render_conf does).
  const plan::Node& preferred(const plan::Vm& v) const {
    auto* n = c.node(v.preferred_node);
    return n ? *n : c.nodes.front();
  }
  // Where a group should run: its storage node, a VM's preferred node, else its last owner.
  const plan::Node* home(const Service& g) const {
    if (g.kind == "vm") {
      auto* v = c.vm(g.short_name);
      if (v && !c.nodes.empty()) return &preferred(*v);
      return planned(c, g.last_owner.empty() ? g.owner : g.last_owner);
    }
    for (auto& n : c.nodes)
      if (g.short_name == "storage_" + tag(n)) return &n;
    return planned(c, g.last_owner.empty() ? g.owner : g.last_owner);
  }
  std::string last_on(const Service& g) const {
    return g.last_owner.empty() ? "" : " (last on " + label(c, g.last_owner) + ")";
  }
  std::string enable(const std::string& group, const plan::Node* n) const {
    return "clusvcadm -e " + group + (n ? " -m " + fqdn(c, *n) : "");
  }
  // Writes the plan's cluster.conf to both nodes and activates it (cman_tool version -r).
  std::string install_conf() const { return "anvil cluster apply"; }

  void plan_checks();
  void quorum();
  void members();
  void rgmanager();
  void group(const Service& g);
  void undefined();
};

void Judge::plan_checks() {
  for (auto& n : c.nodes) {
    if (!n.fence.empty()) continue;
    std::string device = "DEVICE";
    for (auto& d : c.devices)
      if (d.kind == "ipmi" && d.node == n.name) device = d.name;
    add(Severity::critical, "cluster.no-fence-method", n.name,
        n.name + " has no fence method: when it fails the cluster cannot fence it, and DLM, clvmd, GFS2 and rgmanager block",
        "anvil fence add-method " + n.name + " --device " + device + (device == "DEVICE" ? "" : " --name ipmi"));
  }
  if (c.nodes.size() >= 2 && c.fence_delay <= 0)
    add(Severity::critical, "cluster.fence-delay", c.name,
        "the plan gives no fence delay (cluster.fence-delay 0): when the link between the nodes fails, each fences the other "
        "at once and both can go down",
        "anvil ip-plan set cluster.fence-delay 15 && " + install_conf());
}

void Judge::quorum() {
  const auto& q = *s.quorum;
  std::vector<const plan::Node*> missing;
  for (auto& n : c.nodes)
    if (!is_member(n) && n.name != here) missing.push_back(&n);
  if (!q.quorate) {
    std::string votes = q.from_cman_tool && q.quorum >= 0 && q.total_votes >= 0
                            ? " (" + std::to_string(q.total_votes) + " vote" + (q.total_votes == 1 ? "" : "s") + " of the " +
                                  std::to_string(q.quorum) + " needed)"
                            : "";
    std::string fix;
    if (!missing.empty()) {
      auto& peer = *missing.front();
      fix = "/etc/init.d/cman start" + on(peer.name) + "; if " + peer.name + " is down for good, make sure it is off (fence_node " +
            fqdn(c, peer) + ") and then: cman_tool expected -e 1" + on(here);
    } else {
      fix = "read corosync's and cman's lines in /var/log/messages on both nodes: the members are there but their votes do not make quorum";
    }
    add(Severity::critical, "cluster.not-quorate", c.name,
        c.name + " is not quorate" + votes + ": cman blocks activity, rgmanager stops every service and VM, clvmd and GFS2 hang", fix);
  }
  if (q.from_cman_tool && c.nodes.size() == 2 && (!q.two_node || q.expected_votes != 1)) {
    std::string what = !q.two_node ? "cman is not in two-node mode (no 2node flag, expected votes " + std::to_string(q.expected_votes) + ")"
                                   : "cman runs two_node with expected votes " + std::to_string(q.expected_votes) + ", not 1";
    add(Severity::critical, "cluster.two-node-wrong", c.name,
        what + ": one node alone is not quorate, so losing either node stops the whole cluster",
        install_conf() + " (the plan's cluster.conf has <cman expected_votes=\"1\" two_node=\"1\"/>), then restart rgmanager and "
        "cman on both nodes together: cman reads two_node only when the cluster forms");
  }
}

void Judge::members() {
  for (auto& n : c.nodes) {
    auto* m = member_of(c, n, s);
    if (m && m->member()) continue;
    std::string why, fix;
    const std::string start = "/etc/init.d/cman start && /etc/init.d/rgmanager start" + on(n.name);
    if (!m) {
      why = "cman does not list it (nor " + fqdn(c, n) + "); is it in cluster.conf?";
      fix = install_conf() + "; then " + start;
    } else if (m->status == "d") {
      why = "cman_tool nodes shows it disallowed (d): it rejoined with state the cluster does not accept";
      fix = "fence_node " + m->name + on(here) + ": a disallowed node must restart cman to rejoin; then " + start;
    } else {
      why = !s.read("cman_tool nodes") ? "clustat shows it Offline"
                                        : m->status == "X" ? "cman_tool nodes shows it dead (X)" : "cman_tool nodes shows it as '" + m->status + "'";
      fix = "`anvil fence history` shows whether it was fenced; once it is up: " + start;
    }
    add(Severity::critical, "cluster.member-missing", n.name, n.name + " is not a cluster member: " + why, fix);
  }
}

void Judge::rgmanager() {
  std::vector<std::string> online;
  for (auto& n : c.nodes)
    if (is_member(n)) online.push_back(n.name);
  if (!s.rgmanager) {
    std::string where;
    for (auto& n : online) where += (where.empty() ? "" : " and ") + n;
    add(Severity::warning, "cluster.rgmanager-down", c.name,
        "rgmanager does not answer (clustat -x lists no services" + (s.notes.empty() ? "" : ": " + s.notes.front()) +
            "): nothing watches or recovers the storage services and VMs",
        "/etc/init.d/rgmanager start   # on " + (where.empty() ? here : where));
    return;
  }
  for (auto& n : c.nodes) {
    auto* m = member_of(c, n, s);
    if (m && m->member() && !m->rgmanager)
      add(Severity::warning, "cluster.rgmanager-down", n.name,
          "rgmanager is not running on " + n.name + ": its storage service does not run and its VMs cannot fail over to it",
          "/etc/init.d/rgmanager start" + on(n.name));
  }
}

void Judge::group(const Service& g) {
  const auto* node = home(g);
  const std::string where = node ? node->name : label(c, g.last_owner.empty() ? g.owner : g.last_owner);
  const std::string logs = "read rgmanager's lines in /var/log/messages on " + (where.empty() ? here : where);
  const bool vm = g.kind == "vm";
  if (g.state == "failed")
    add(Severity::critical, "cluster.service-failed", g.name,
        g.name + " has failed" + last_on(g) + (g.restarts ? " after " + std::to_string(g.restarts) + " restarts" : "") +
            ": rgmanager will not start it again by itself" + (vm ? "; the VM is off" : ""),
        "find the cause (" + logs + "), then: clusvcadm -d " + g.name + " && " + enable(g.name, node));
  else if (in(g.state, {"recovering", "recoverable"}))
    add(Severity::warning, "cluster.service-recovering", g.name,
        g.name + " is " + g.state + last_on(g) + ": rgmanager is recovering it" +
            (g.restarts ? " (restart " + std::to_string(g.restarts) + ")" : ""),
        "check again in a minute (clustat); if it stays " + g.state + ", " + logs);
  if (g.frozen())
    add(Severity::warning, "cluster.service-frozen", g.name, g.name + " is frozen: rgmanager neither checks nor recovers it",
        "clusvcadm -U " + g.name);

  const bool judged = in(g.state, {"failed", "recovering", "recoverable"});
  const std::string transient = "check again in a minute (clustat); if it stays " + g.state + ", " + logs;
  if (vm) {
    if (!c.vm(g.short_name)) {
      add(Severity::warning, "cluster.vm-unknown", g.name,
          g.name + " (" + g.state + (g.owner.empty() ? "" : " on " + label(c, g.owner)) + ") is not a VM of the plan",
          "anvil ip-plan add vm " + g.short_name + " if it belongs; else clusvcadm -d " + g.name + " and drop its <vm> from cluster.conf");
      return;
    }
    if (g.state == "started") {
      if (node && g.owner != fqdn(c, *node) && g.owner != node->name) {
        bool back = is_member(*node);
        add(Severity::warning, "cluster.vm-outside-domain", g.name,
            g.name + " runs on " + label(c, g.owner) + ", not on its preferred node " + node->name + last_on(g) +
                ": after a failover it stays until moved back",
            std::string(back ? "" : "once " + node->name + " is back in the cluster: ") + "clusvcadm -M " + g.name + " -m " +
                fqdn(c, *node) + "   # live-migrates it back");
      }
    } else if (!judged) {
      bool off = in(g.state, {"stopped", "disabled"});
      add(Severity::warning, "cluster.vm-not-running", g.name,
          g.name + " is " + g.state + last_on(g) + ", not started" + (off ? ": the VM is off" : ""),
          off ? enable(g.name, node && is_member(*node) ? node : nullptr) : transient);
    }
    return;
  }
  bool storage = std::any_of(c.nodes.begin(), c.nodes.end(), [&](auto& n) { return g.short_name == "storage_" + tag(n); });
  if (g.kind != "service" || !storage || g.state == "started" || judged) return;
  std::string fix;
  if (!in(g.state, {"stopped", "disabled"}))
    fix = transient;
  else if (node && !is_member(*node))
    fix = "it can start only on " + node->name + ", once that rejoins the cluster (see cluster.member-missing); then, if it does not start: " +
          enable(g.name, node);
  else
    fix = enable(g.name, node);
  add(Severity::warning, "cluster.service-stopped", g.name,
      g.name + " is " + g.state + last_on(g) + ": DRBD, clvmd and GFS2 are not up" + (node ? " on " + node->name : "") +
          ", so VMs cannot run there",
      fix);
}

// Planned groups clustat does not list: cluster.conf does not define them.
void Judge::undefined() {
  for (auto& n : c.nodes) {
    auto name = "service:storage_" + tag(n);
    if (!s.service(name))
      add(Severity::warning, "cluster.service-stopped", name,
          name + " is not defined in rgmanager (clustat does not list it): nothing starts storage on " + n.name,
          install_conf() + " (rgmanager reads the new cluster.conf and starts it)");
  }
  for (auto& v : c.vms) {
    auto name = "vm:" + v.name;
    if (!s.service(name) && !c.nodes.empty())
      add(Severity::warning, "cluster.vm-not-running", name,
          name + " is not defined in rgmanager (clustat does not list it): the cluster does not run or protect it",
          install_conf() + "; then " + enable(name, &preferred(v)));
  }
}

std::string ok_message(const plan::Cluster& c, const ClusterState& s) {
  std::vector<std::string> parts;
  if (s.quorum) parts.push_back(std::string("quorate") + (s.quorum->two_node ? " in two-node mode" : ""));
  if (!s.members.empty()) {
    std::string names;
    for (auto& n : c.nodes) names += (names.empty() ? "" : ", ") + n.name;
    parts.push_back("members " + names);
  }
  if (s.rgmanager) {
    int services = 0, vms = 0;
    for (auto& g : s.services)
      if (g.state == "started") ++(g.kind == "vm" ? vms : services);
    parts.push_back(std::to_string(services) + " service" + (services == 1 ? "" : "s") + " and " + std::to_string(vms) + " VM" +
                    (vms == 1 ? "" : "s") + " started as planned");
  }
  std::string m = c.name + " is as planned";
  for (std::size_t i = 0; i < parts.size(); ++i) m += (i ? ", " : ": ") + parts[i];
  return m;
}

}  // namespace

std::vector<Finding> check_cluster(const plan::Cluster& c, const ClusterState& state) {
  std::vector<Finding> out;
  Judge j{c, state, out, ""};
  if (auto* local = state.local_member()) j.here = label(c, local->name);
  else if (state.quorum && !state.quorum->node_name.empty()) j.here = label(c, state.quorum->node_name);
  else j.here = "the node read";

  j.plan_checks();
  if (!state.quorum && state.members.empty()) {
    out.push_back({Severity::critical, "cluster.cman-down", c.name,
                   "cman is not running on the node read: no output from cman_tool or clustat" +
                       (state.notes.empty() ? "" : " (" + state.notes.front() + ")"),
                   "/etc/init.d/cman start && /etc/init.d/rgmanager start   # on that node; if cman fails, read corosync's and "
                   "fenced's lines in /var/log/messages"});
    return out;
  }
  if (state.quorum) j.quorum();
  if (!state.members.empty()) j.members();
  const bool quorate = !state.quorum || state.quorum->quorate;
  if (quorate && state.read("clustat -x")) {
    j.rgmanager();
    if (state.rgmanager) {
      for (auto& g : state.services) j.group(g);
      j.undefined();
    }
  }
  if (out.empty()) out.push_back({Severity::ok, "cluster.ok", c.name, ok_message(c, state), ""});
  return out;
}

std::vector<check::Perf> cluster_perfdata(const plan::Cluster& c, const ClusterState& state) {
  std::vector<check::Perf> out;
  if (!state.members.empty() || state.quorum) {
    int members = 0;
    for (auto& m : state.members) members += m.member() && !m.qdisk;
    if (state.members.empty() && state.quorum->nodes >= 0) members = state.quorum->nodes;
    out.push_back({"members", double(members), "", ";;;0;" + std::to_string(c.nodes.size())});
  }
  if (state.quorum && state.quorum->from_cman_tool) {
    out.push_back({"total_votes", double(state.quorum->total_votes), "", ";;;0"});
    out.push_back({"expected_votes", double(state.quorum->expected_votes), "", ";;;0"});
    out.push_back({"quorum", double(state.quorum->quorum), "", ";;;0"});
  }
  if (state.rgmanager) {
    int services = 0, vms = 0;
    for (auto& g : state.services)
      if (g.state == "started") ++(g.kind == "vm" ? vms : services);
    out.push_back({"services_started", double(services), "", ";;;0"});
    out.push_back({"vms_running", double(vms), "", ";;;0;" + std::to_string(c.vms.size())});
  }
  return out;
}

}  // namespace anvil::cluster
