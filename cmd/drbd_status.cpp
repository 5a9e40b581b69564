// `anvil drbd status` and `anvil drbd check`: each node's DRBD state, live
// or from a capture, and judged against the plan.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <ostream>

#include "check_output.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "drbd/actions.hpp"
#include "drbd/check.hpp"
#include "drbd/node_state.hpp"
#include "ledger/plan_store.hpp"
#include "node_common.hpp"
#include "node_output.hpp"

namespace anvil::cli {
namespace {

std::vector<Gathered<drbd::DrbdState>> gather(Context& ctx, const StatusOpts& o) {
  return gather_states<drbd::DrbdState>(
      ctx, o.nodes, o.from, [](const std::string& text, const std::string&) { return drbd::parse_drbd_state(text); },
      [](exec::Executor& ex) { return drbd::read_state(ex); });
}

// The plan's name for a device: DRBD 9 says it; /proc/drbd only has minors.
std::string resource_name(const plan::Cluster& c, const drbd::DeviceStatus& d) {
  if (!d.resource.empty()) return d.resource;
  for (auto& r : c.drbd)
    if (r.minor == d.minor) return r.name;
  return "-";
}

std::string sync_text(const drbd::DeviceStatus& d) {
  if (!d.sync) return "-";
  char pct[16];
  std::snprintf(pct, sizeof pct, "%.1f%%", d.sync->percent);
  std::string s = std::string(d.sync->verifying ? "verify " : "") + pct;
  if (!d.sync->finish.empty()) s += ", " + d.sync->finish + " left";
  if (d.sync->speed_kib) s += ", " + std::to_string(d.sync->speed_kib) + " K/s";
  if (d.sync->stalled) s += " (stalled)";
  return s;
}

json device_json(const plan::Cluster& c, const drbd::DeviceStatus& d) {
  json sync = nullptr;
  if (d.sync)
    sync = {{"percent", d.sync->percent}, {"finish", d.sync->finish.empty() ? json(nullptr) : json(d.sync->finish)},
            {"finish_seconds", d.sync->finish_seconds >= 0 ? json(d.sync->finish_seconds) : json(nullptr)},
            {"speed_kib", d.sync->speed_kib}, {"stalled", d.sync->stalled}, {"verifying", d.sync->verifying}};
  return {{"resource", resource_name(c, d) == "-" ? json(nullptr) : json(resource_name(c, d))},
          {"minor", d.minor >= 0 ? json(d.minor) : json(nullptr)},
          {"connection", d.unconfigured ? "Unconfigured" : d.connection},
          {"role", d.role},
          {"peer_role", d.peer_role},
          {"disk", d.disk},
          {"peer_disk", d.peer_disk},
          {"sync", sync},
          {"out_of_sync_kib", d.out_of_sync_kib},
          {"suspended", d.suspended}};
}

int run_status(Context& ctx, const StatusOpts& o) {
  auto gathered = gather(ctx, o);
  Table t{{"NODE", "RESOURCE", "MINOR", "CONNECTION", "ROLES", "DISKS", "SYNC", "OUT OF SYNC"}, {}};
  json list = json::array();
  int status = exit_ok;
  for (auto& g : gathered) {
    if (report_unreadable(ctx, g.ref.node.name, g.error, gathered.size(), list, status)) continue;
    auto cluster = ledger::load_cluster(ctx.ledger_for_reading(), g.ref.cluster);
    json devices = json::array();
    for (auto& d : g.state.devices) {
      devices.push_back(device_json(cluster, d));
      if (d.unconfigured) {
        t.rows.push_back({g.ref.node.name, resource_name(cluster, d), std::to_string(d.minor), "Unconfigured", "-", "-", "-", "-"});
        continue;
      }
      t.rows.push_back({g.ref.node.name, resource_name(cluster, d), d.minor >= 0 ? std::to_string(d.minor) : "-", d.connection,
                        d.role + "/" + d.peer_role, d.disk + "/" + d.peer_disk, sync_text(d),
                        d.out_of_sync_kib ? std::to_string(d.out_of_sync_kib) + " KiB" : "0"});
    }
    if (g.state.format == "none" && !ctx.globals.json)
      ctx.err << "anvil: " << g.ref.node.name << ": DRBD is not loaded (no /proc/drbd)\n";
    list.push_back({{"node", g.ref.node.name}, {"ok", true}, {"format", g.state.format},
                    {"version", g.state.version.empty() ? json(nullptr) : json(g.state.version)}, {"devices", devices}});
  }
  if (ctx.globals.json)
    print_json(ctx.out, {{"nodes", list}});
  else if (!t.rows.empty())
    print_table(ctx.out, t, ctx.color_stdout());
  return status;
}

int run_check(Context& ctx, const StatusOpts& o) {
  std::vector<check::Finding> findings;
  std::vector<check::Perf> perf;
  for (auto& g : gather(ctx, o)) {
    if (g.error) {
      findings.push_back({check::Severity::unknown, "drbd.node-unreadable", g.ref.node.name,
                          std::string("cannot read the DRBD state: ") + g.error->what(), "anvil node ping " + g.ref.node.name});
      continue;
    }
    auto cluster = ledger::load_cluster(ctx.ledger_for_reading(), g.ref.cluster);
    auto found = drbd::check_node(cluster, g.ref.node.name, g.state);
    findings.insert(findings.end(), found.begin(), found.end());
    for (auto& p : drbd::sync_perfdata(cluster, g.state)) {
      char max[32] = "";
      if (p.max) std::snprintf(max, sizeof max, "%g", *p.max);
      perf.push_back({g.ref.node.name + "_" + p.label, p.value, p.unit, p.max ? std::string(";;;0;") + max : ""});
    }
  }
  return print_findings(ctx, "DRBD", o.format, std::move(findings), perf);
}

}  // namespace

void register_drbd_status(CLI::App& drbd, Selected& selected) {
  register_status_commands(drbd, selected,
                           {"drbd", "Per resource and node: connection, roles, disks, sync progress, out of sync",
                            "Judge the resources against the plan, as a monitoring check (exit 0/1/2/3)",
                            "Read a capture instead of the node: /proc/drbd, `drbdadm status` or `drbdsetup events2 --now`; - for stdin",
                            run_status, run_check});
}

}  // namespace anvil::cli
