#include "fence/probe.hpp"

#include <algorithm>
#include <cstdio>

#include "exec/local_session.hpp"

namespace anvil::fence {
namespace {

using check::Finding;
using check::Severity;

std::string seconds(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

Probe run_one(exec::Executor& ex, const plan::Cluster& c, const plan::Node& target, const plan::FenceMethod& m,
              const plan::FenceStep& s, const std::string& from, const std::string& action, const Passwords& passwords,
              std::chrono::seconds deadline) {
  Probe p{target.name, m.name, s.device, s.port, from, action, std::nullopt, ""};
  auto* d = c.device(s.device);
  if (!d || d->agent.empty()) {
    p.problem = s.device + " is not a fence device in the plan";
    return p;
  }
  auto pw = passwords.find(s.device);
  if (pw == passwords.end()) {
    p.problem = "no password stored for " + s.device;
    return p;
  }
  p.result = run_agent(ex, agent_call(*d, s, action, pw->second), deadline);
  return p;
}

// The probes one "from" node runs: every device of every method of its targets.
std::vector<Probe> probes_from(exec::Executor& ex, const plan::Cluster& c, const std::vector<const plan::Node*>& targets,
                               const std::string& from, const Passwords& passwords, std::chrono::seconds deadline) {
  std::vector<Probe> out;
  for (auto* t : targets)
    for (auto& m : t->fence)
      for (auto& s : m.steps) out.push_back(run_one(ex, c, *t, m, s, from, "status", passwords, deadline));
  return out;
}

}  // namespace

const plan::Node* peer_of(const plan::Cluster& c, const std::string& node) {
  for (auto& n : c.nodes)
    if (n.name != node) return &n;
  return nullptr;
}

std::vector<Probe> probe_status(const plan::Cluster& c, const std::vector<node::NodeRef>& cluster_nodes,
                                const std::vector<std::string>& targets, bool local, const Passwords& passwords,
                                std::chrono::seconds deadline) {
  std::vector<const plan::Node*> wanted;
  for (auto& name : targets)
    if (auto* n = c.node(name)) wanted.push_back(n);
  if (local) {
    exec::LocalSession here("local");
    exec::SessionExecutor ex(here);
    return probes_from(ex, c, wanted, "local", passwords, deadline);
  }
  // Each target is checked from its peer; both nodes run theirs at once.
  std::vector<node::NodeRef> froms;
  std::vector<std::vector<const plan::Node*>> work;
  for (auto& ref : cluster_nodes) {
    std::vector<const plan::Node*> mine;
    for (auto* t : wanted)
      if (auto* p = peer_of(c, t->name); p && p->name == ref.node.name) mine.push_back(t);
    if (mine.empty()) continue;
    froms.push_back(ref);
    work.push_back(mine);
  }
  node::NodeSessions sessions(froms);
  node::RunSettings read_only;
  read_only.lock = false;
  auto results = node::on_nodes<std::vector<Probe>>(sessions, read_only, nullptr, [&](exec::Executor& ex, const node::NodeRef& ref) {
    std::size_t i = 0;
    while (froms[i].node.name != ref.node.name) ++i;
    return probes_from(ex, c, work[i], ref.node.name, passwords, deadline);
  });
  std::vector<Probe> out;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i].ok()) {
      for (auto& p : results[i].value->value) out.push_back(p);
      continue;
    }
    for (auto* t : work[i])
      for (auto& m : t->fence)
        for (auto& s : m.steps)
          out.push_back({t->name, m.name, s.device, s.port, froms[i].node.name, "status", std::nullopt,
                         "cannot reach " + froms[i].node.name + " to run the agent there: " + results[i].error->what()});
  }
  // In the plan's order of the fenced nodes, whichever peer ran them.
  std::stable_sort(out.begin(), out.end(), [&](auto& a, auto& b) { return c.node(a.node)->number < c.node(b.node)->number; });
  return out;
}

std::vector<Finding> judge(const plan::Cluster& c, const std::vector<std::string>& targets, const std::vector<Probe>& probes) {
  std::vector<Finding> out;
  for (auto& name : targets) {
    auto* n = c.node(name);
    if (n && n->fence.empty())
      out.push_back({Severity::critical, "fence.no-method", name, name + " has no fence method: the cluster cannot fence it",
                     "anvil fence add-method " + name + " --device DEVICE"});
  }
  for (auto& p : probes) {
    const std::string subject = p.node + " " + p.method + " " + p.device + (p.port.empty() ? "" : ":" + p.port);
    const std::string from = p.from == "local" ? "here" : p.from;
    if (!p.result) {
      bool unreachable = p.problem.rfind("cannot reach", 0) == 0;
      bool no_password = p.problem.rfind("no password", 0) == 0;
      out.push_back({unreachable ? Severity::unknown : Severity::critical,
                     unreachable ? "fence.peer-unreachable" : no_password ? "fence.no-password" : "fence.device-failed", subject,
                     p.problem,
                     unreachable ? "anvil node ping " + p.from + "; or check from here: anvil fence check --local " + p.node
                     : no_password ? "anvil fence set-credentials " + p.device
                                   : "anvil fence list"});
      continue;
    }
    auto& r = *p.result;
    if (r.missing) {
      out.push_back({Severity::critical, "fence.agent-missing", subject, r.message, "install fence-agents on " + from});
    } else if (r.timed_out) {
      out.push_back({Severity::critical, "fence.no-answer", subject,
                     p.device + " did not answer " + from + " (" + r.message + "): the cluster could not fence " + p.node + " with it",
                     "check the device's power and network, and that " + from + " reaches " + p.device});
    } else if (!r.succeeded) {
      out.push_back({Severity::critical, "fence.device-failed", subject,
                     p.device + " failed from " + from + " after " + seconds(r.took) + ": " + r.message,
                     "check the login and password (anvil fence set-credentials " + p.device + ") and the device's address and options"});
    } else if (r.power != AgentResult::Power::on) {
      out.push_back({Severity::critical, "fence.wrong-power-state", subject,
                     p.device + " says " + p.node + (p.port.empty() ? "" : " (outlet " + p.port + ")") + " is " + power_name(r.power) +
                         ", but it is a member that should be on: the device may control the wrong machine or outlet",
                     "check which machine or outlet " + p.device + " controls for " + p.node});
    } else {
      out.push_back({Severity::ok, "fence.device-ok", subject,
                     p.device + " answered " + from + " in " + seconds(r.took) + ": power on", ""});
    }
  }
  if (c.fence_delay <= 0 && c.nodes.size() == 2)
    out.push_back({Severity::warning, "fence.no-delay", c.name,
                   "no fence delay: after a split both nodes may fence each other at once and both go down",
                   "anvil ip-plan set cluster.fence-delay 15"});
  return out;
}

std::vector<check::Perf> probe_times(const std::vector<Probe>& probes) {
  std::vector<check::Perf> out;
  for (auto& p : probes)
    if (p.result && p.result->answered)
      out.push_back({p.node + "_" + p.method + "_" + p.device, static_cast<double>(p.result->took.count()) / 1000.0, "s", ""});
  return out;
}

FenceResult fence_node(const plan::Cluster& c, exec::Executor& from, const std::string& from_name, const plan::Node& target,
                       const Passwords& passwords, std::chrono::seconds deadline,
                       const std::function<void(const std::string&)>& on_call) {
  FenceResult out;
  auto call = [&](const plan::FenceMethod& m, const plan::FenceStep& s, const std::string& action) {
    if (on_call) on_call(m.name + ": " + s.device + (s.port.empty() ? "" : " port " + s.port) + " " + action);
    return run_one(from, c, target, m, s, from_name, action, passwords, deadline);
  };
  for (auto& m : target.fence) {
    bool ok = true;
    if (m.steps.size() == 1) {
      auto p = call(m, m.steps.front(), "reboot");
      ok = p.result && p.result->succeeded;
      out.attempts.push_back(p);
    } else {
      // Every feed off before any comes back: a node with two power supplies
      // stays up while one outlet is on.
      for (auto& s : m.steps) {
        auto p = call(m, s, "off");
        ok = ok && p.result && p.result->succeeded;
        out.attempts.push_back(p);
        if (!ok) break;
      }
      if (ok)
        for (auto& s : m.steps) out.attempts.push_back(call(m, s, "on"));
    }
    if (ok) {
      out.fenced = true;
      out.method = m.name;
      return out;
    }
  }
  return out;
}

}  // namespace anvil::fence
