#include "drbd/wait.hpp"

#include <cstdio>

namespace anvil::drbd {

SyncVerdict sync_verdict(const plan::DrbdResource& r, const std::vector<NodeView>& views) {
  SyncVerdict v;
  bool all_good = !views.empty();
  for (auto& n : views) {
    if (!n.device || n.device->unconfigured) {
      v.hopeless = true;
      v.text = r.name + " is not up on " + n.node + ": `anvil drbd up " + r.name + " " + n.node + "`";
      return v;
    }
    const auto& d = *n.device;
    if (d.connection == "StandAlone") {
      v.hopeless = true;
      v.text = r.name + " is StandAlone on " + n.node + " (a split brain, or disconnected by hand): `anvil drbd split-brain " + r.name + "`";
      return v;
    }
    if (d.disk == "Diskless" || d.disk == "Failed") {
      v.hopeless = true;
      v.text = r.name + "'s disk on " + n.node + " is " + d.disk + ": it will not resync; see `anvil drbd status " + n.node + "`";
      return v;
    }
    if (d.sync) {
      char line[200];
      std::snprintf(line, sizeof line, "%s: resync %.1f%%%s%s", r.name.c_str(), d.sync->percent,
                    d.sync->finish.empty() ? "" : (" (" + d.sync->finish + " left").c_str(),
                    d.sync->finish.empty() ? "" : (", " + std::to_string(d.sync->speed_kib) + " K/s)").c_str());
      v.text = line;
      v.percent = d.sync->percent;
    }
    all_good = all_good && d.connection == "Connected" && d.disk == "UpToDate" && d.peer_disk == "UpToDate";
    if (v.text.empty() && !(d.connection == "Connected" && d.disk == "UpToDate"))
      v.text = r.name + " on " + n.node + ": " + d.connection + ", disk " + d.disk + ", peer's " + d.peer_disk;
  }
  v.in_sync = all_good;
  if (v.in_sync) v.text = r.name + " is in sync: Connected, UpToDate on both nodes";
  return v;
}

}  // namespace anvil::drbd
