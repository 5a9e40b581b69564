#include "cluster/lifecycle.hpp"

#include <cstdio>
#include <sstream>

namespace anvil::cluster {
namespace {

std::string last_line(const std::string& text) {
  std::istringstream in(text);
  std::string last;
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  return last;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

std::string fqdn(const plan::Cluster& c, const std::string& node) { return c.domain.empty() ? node : node + "." + c.domain; }

std::vector<Step> start_steps() {
  using std::chrono::seconds;
  // cman waits for the peer (post_join_delay) and fences it if it must.
  return {{"cman", "/etc/init.d/cman start", seconds(180)},
          {"clvmd", "/etc/init.d/clvmd start", seconds(120)},
          {"gfs2", "/etc/init.d/gfs2 start", seconds(120)},
          {"rgmanager", "/etc/init.d/rgmanager start", seconds(120)}};
}

std::vector<Step> stop_steps(const std::vector<std::string>& migrate, const std::string& peer_fqdn) {
  using std::chrono::seconds;
  std::vector<Step> steps;
  for (auto& vm : migrate) steps.push_back({"migrate " + vm, "clusvcadm -M " + vm + " -m " + peer_fqdn, seconds(600)});
  for (auto& s : std::vector<Step>{{"rgmanager", "/etc/init.d/rgmanager stop", seconds(300)},
                                   {"gfs2", "/etc/init.d/gfs2 stop", seconds(120)},
                                   {"clvmd", "/etc/init.d/clvmd stop", seconds(120)},
                                   {"cman", "/etc/init.d/cman stop", seconds(120)}})
    steps.push_back(s);
  return steps;
}

std::vector<StepResult> run_steps(exec::Executor& node, const std::vector<Step>& steps,
                                  const std::function<void(const Step&)>& on_step) {
  std::vector<StepResult> out;
  for (auto& s : steps) {
    if (on_step) on_step(s);
    auto started = std::chrono::steady_clock::now();
    auto r = node.run({s.command, "", s.deadline, true});
    StepResult res{s.name, s.command, r.ok(), "", std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)};
    if (r.timed_out)
      res.message = "no end within " + std::to_string(s.deadline.count()) + " s";
    else if (r.exit_status == 127 || (!r.ok() && r.err.find("No such file") != std::string::npos))
      res.message = s.command.substr(0, s.command.find(' ')) + " is not installed on " + node.node();
    else
      res.message = last_line(r.ok() ? r.out : (r.err.empty() ? r.out : r.err));
    if (!r.ok() && res.message.empty()) res.message = r.describe();
    out.push_back(res);
    if (!res.ok) break;
  }
  return out;
}

std::vector<std::string> vms_on(const plan::Cluster& c, const std::string& node, const ClusterState& state) {
  std::vector<std::string> out;
  for (auto& s : state.services)
    if (s.kind == "vm" && s.state == "started" && (s.owner == fqdn(c, node) || s.owner == node)) out.push_back(s.name);
  return out;
}

std::optional<std::string> stop_refusal(const plan::Cluster& c, const std::string& node, const ClusterState& peer_view,
                                        const std::vector<std::pair<std::string, std::string>>& peer_disks,
                                        const std::vector<std::string>& vms_here, bool migrate_vms) {
  std::string peer;
  for (auto& n : c.nodes)
    if (n.name != node) peer = n.name;
  if (!peer_view.quorum)
    return peer + " is not a cluster member (cman does not run there): stopping " + node + " would leave no cluster";
  if (!peer_view.quorum->quorate) return "the cluster is not quorate as " + peer + " sees it: stopping " + node + " makes it worse";
  auto* me = peer_view.member(fqdn(c, peer));
  if (!me) me = peer_view.member(peer);
  if (!me || !me->member()) return peer + " is not a healthy member as it sees itself: stop " + node + " once it is";
  for (auto& [resource, disk] : peer_disks)
    if (disk != "UpToDate")
      return peer + "'s disk of " + resource + " is " + disk + ": " + node + " holds the only UpToDate copy; let it sync first";
  if (!vms_here.empty() && !migrate_vms)
    return node + " runs VMs (" + joined(vms_here) + "): stopping it would stop them; move them first, or give --migrate-vms";
  return std::nullopt;
}

}  // namespace anvil::cluster
