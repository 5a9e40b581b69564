#include "node/targets.hpp"

#include <unistd.h>

#include "core/error.hpp"
#include "exec/local_session.hpp"
#include "exec/ssh_session.hpp"
#include "ledger/plan_store.hpp"

namespace anvil::node {

exec::SshTarget target_for(const plan::Node& n) {
  exec::SshTarget t;
  t.node = n.name;
  t.host = n.ssh.host;
  if (t.host.empty()) {
    auto* bcn = n.address_on("bcn");
    if (!bcn) throw failure("node " + n.name + " has no BCN address to reach it by; set one with `anvil node set " + n.name + " --host`");
    t.host = bcn->ip.str();
  }
  t.port = n.ssh.port;
  t.user = n.ssh.user;
  t.identity = n.ssh.identity;
  t.known_hosts = n.ssh.known_hosts;
  return t;
}

std::unique_ptr<exec::Session> open_session(const exec::SshTarget& target) {
  if (target.host == "local") return std::make_unique<exec::LocalSession>(target.node);
  return std::make_unique<exec::SshSession>(target);
}

std::vector<NodeRef> select_nodes(ledger::Db& db, const Selection& s) {
  if (s.names.empty() && !s.all && !s.all_clusters)
    throw usage_error("name the nodes, or give --all (the cluster's nodes) or --all-clusters");
  if (!s.names.empty() && (s.all || s.all_clusters))
    throw usage_error("give node names or --all/--all-clusters, not both");
  std::vector<std::string> clusters;
  if (s.all_clusters || (!s.all && !s.cluster))
    clusters = ledger::cluster_names(db);
  else
    clusters = {ledger::choose_cluster(db, s.cluster)};
  if (clusters.empty()) throw failure("the ledger " + db.path() + " has no cluster yet; plan one with `anvil ip-plan init`");
  std::vector<NodeRef> all;
  for (auto& name : clusters) {
    auto c = ledger::load_cluster(db, name);
    for (auto& n : c.nodes) all.push_back({c.name, n, target_for(n)});
  }
  if (s.all || s.all_clusters) return all;
  std::vector<NodeRef> chosen;
  for (auto& wanted : s.names) {
    std::vector<NodeRef> matches;
    for (auto& ref : all)
      if (ref.node.name == wanted) matches.push_back(ref);
    if (matches.empty()) throw usage_error("unknown node '" + wanted + "'; `anvil node list` shows the nodes");
    if (matches.size() > 1)
      throw usage_error("node '" + wanted + "' is in " + std::to_string(matches.size()) +
                        " clusters; choose one with --cluster");
    bool duplicate = false;
    for (auto& c : chosen) duplicate = duplicate || (c.node.name == wanted && c.cluster == matches[0].cluster);
    if (!duplicate) chosen.push_back(matches[0]);
  }
  return chosen;
}

std::string lock_holder(const std::string& user, const std::string& host, std::int64_t run_id,
                        const std::string& command, const std::string& since) {
  return user + "@" + host + " pid " + std::to_string(::getpid()) + ", run " + std::to_string(run_id) + " (" +
         command + "), since " + since;
}

}  // namespace anvil::node
