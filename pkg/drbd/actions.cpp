#include "drbd/actions.hpp"

namespace anvil::drbd {
namespace {

bool syncing(const DeviceStatus& d) {
  for (const char* s : {"SyncSource", "SyncTarget", "PausedSyncS", "PausedSyncT", "StartingSyncS", "StartingSyncT",
                        "WFBitMapS", "WFBitMapT", "WFSyncUUID"})
    if (d.connection == s) return true;
  return false;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::string disk_of(const NodeView& v) { return v.device ? v.device->disk : "not up"; }

std::optional<std::string> vms_in_the_way(const NodeView& target, const std::string& what) {
  if (target.running_vms.empty()) return std::nullopt;
  return target.node + " runs VMs (" + joined(target.running_vms) + ") on the cluster's storage; " + what +
         " would pull it from under them: migrate or stop them first";
}

}  // namespace

std::optional<Action> action_named(const std::string& name) {
  for (auto a : {Action::up, Action::down, Action::primary, Action::secondary, Action::connect, Action::disconnect})
    if (action_name(a) == name) return a;
  return std::nullopt;
}

std::string action_name(Action a) {
  switch (a) {
    case Action::up: return "up";
    case Action::down: return "down";
    case Action::primary: return "primary";
    case Action::secondary: return "secondary";
    case Action::connect: return "connect";
    case Action::disconnect: return "disconnect";
  }
  return "";
}

std::string action_command(Action a, const std::string& resource) { return "drbdadm " + action_name(a) + " " + resource; }

bool is_destructive(Action a) { return a != Action::up && a != Action::connect; }

std::optional<DeviceStatus> device_of(const DrbdState& state, const plan::DrbdResource& r) {
  for (auto& d : state.devices) {
    bool same = !d.resource.empty() ? d.resource == r.name : d.minor == r.minor;
    if (same && !d.unconfigured) return d;
  }
  return std::nullopt;
}

std::optional<std::string> refusal(Action a, const plan::Cluster& c, const plan::DrbdResource& r, const NodeView& target,
                                   const NodeView& peer) {
  const auto& res = r.name;
  const auto& t = target.node;
  if (a == Action::up) {
    if (target.device) return res + " is already up on " + t + " (" + target.device->connection + ")";
    return std::nullopt;
  }
  if (!target.device) return res + " is not up on " + t + "; bring it up first: anvil drbd up " + res + " " + t;
  const auto& d = *target.device;
  const bool peer_up_to_date = peer.device && peer.device->disk == "UpToDate";
  switch (a) {
    case Action::primary:
      if (d.role == "Primary") return res + " is already Primary on " + t;
      if (d.disk != "UpToDate")
        return t + "'s disk of " + res + " is " + d.disk + ": as Primary it would serve data that is not up to date; "
               "let it sync (anvil drbd status) or resolve it first";
      if (!c.drbd_settings.dual_primary && peer.device && peer.device->role == "Primary")
        return "the plan is single-primary (drbd.dual-primary no) and " + peer.node + " is Primary already";
      return std::nullopt;
    case Action::secondary:
      if (d.role != "Primary") return res + " is not Primary on " + t + " (" + d.role + ")";
      return vms_in_the_way(target, "demoting " + res);
    case Action::down:
      if (auto vms = vms_in_the_way(target, "taking " + res + " down")) return vms;
      if (d.disk == "UpToDate" && !peer_up_to_date)
        return t + " holds the only UpToDate copy of " + res + " (" + peer.node + "'s disk is " + disk_of(peer) +
               "): taking it down leaves no UpToDate data online";
      return std::nullopt;
    case Action::disconnect:
      if (syncing(d))
        return res + " is resyncing (" + d.connection +
               (d.sync ? ", " + std::to_string(static_cast<int>(d.sync->percent)) + "% done" : std::string()) +
               "): disconnecting now leaves the sync target Inconsistent";
      if (d.connection == "StandAlone") return res + " is already disconnected on " + t + " (StandAlone)";
      return std::nullopt;
    case Action::connect:
      if (d.connection == "Connected" || syncing(d)) return res + " is already connected on " + t + " (" + d.connection + ")";
      return std::nullopt;
    case Action::up: break;
  }
  return std::nullopt;
}

SplitBrainReport explain_split_brain(const plan::DrbdResource& r, const NodeView& a, const NodeView& b) {
  SplitBrainReport rep;
  for (auto* v : {&a, &b}) {
    if (!v->device) {
      rep.facts.push_back(v->node + ": " + r.name + " is not up");
      continue;
    }
    auto& d = *v->device;
    rep.facts.push_back(v->node + ": " + d.connection + ", " + d.role + ", disk " + d.disk + ", peer's disk " + d.peer_disk +
                        (v->running_vms.empty() ? "" : ", running VMs: " + joined(v->running_vms)));
  }
  const bool a_alone = a.device && a.device->connection == "StandAlone";
  const bool b_alone = b.device && b.device->connection == "StandAlone";
  rep.suspected = a_alone || b_alone;
  if (!rep.suspected) return rep;
  // Where the states tell which side has nothing the other lacks.
  auto pick = [&](const NodeView& victim, const NodeView& other, const std::string& why) {
    rep.suggested_victim = victim.node;
    rep.why_victim = why;
    (void)other;
  };
  auto weak = [](const NodeView& v) {
    return v.device && (v.device->disk == "Outdated" || v.device->disk == "Inconsistent" || v.device->disk == "Diskless");
  };
  if (weak(a) && !weak(b))
    pick(a, b, a.node + "'s disk is " + a.device->disk + ": its data is older than " + b.node + "'s");
  else if (weak(b) && !weak(a))
    pick(b, a, b.node + "'s disk is " + b.device->disk + ": its data is older than " + a.node + "'s");
  else if (a.device && b.device && a.device->role == "Secondary" && b.device->role == "Primary" && a.running_vms.empty())
    pick(a, b, a.node + " is Secondary and runs no VMs: nothing has written to it since the split");
  else if (a.device && b.device && b.device->role == "Secondary" && a.device->role == "Primary" && b.running_vms.empty())
    pick(b, a, b.node + " is Secondary and runs no VMs: nothing has written to it since the split");
  return rep;
}

std::vector<std::pair<std::string, std::string>> split_brain_steps(const plan::DrbdResource& r, const NodeView& victim,
                                                                   const NodeView& survivor) {
  std::vector<std::pair<std::string, std::string>> steps;
  if (victim.device && victim.device->role == "Primary") steps.emplace_back(victim.node, "drbdadm secondary " + r.name);
  // DRBD 8.3's spelling; the victim's changes since the split are thrown away.
  steps.emplace_back(victim.node, "drbdadm -- --discard-my-data connect " + r.name);
  if (!survivor.device || survivor.device->connection == "StandAlone") steps.emplace_back(survivor.node, "drbdadm connect " + r.name);
  return steps;
}

std::optional<std::string> discard_refusal(const plan::DrbdResource& r, const NodeView& victim, const NodeView& survivor) {
  if (!victim.device || !survivor.device)
    return r.name + " must be up on both nodes to resolve a split brain (" + (victim.device ? survivor.node : victim.node) +
           " has it down): anvil drbd up " + r.name + " NODE";
  if (victim.device->connection != "StandAlone" && survivor.device->connection != "StandAlone")
    return "no split brain to resolve: " + r.name + " is " + victim.device->connection + " on " + victim.node + " and " +
           survivor.device->connection + " on " + survivor.node;
  if (survivor.device->disk != "UpToDate")
    return "discarding " + victim.node + "'s data leaves no UpToDate copy: " + survivor.node + "'s disk is " +
           survivor.device->disk;
  if (auto vms = vms_in_the_way(victim, "discarding its data of " + r.name)) return vms;
  return std::nullopt;
}

}  // namespace anvil::drbd
