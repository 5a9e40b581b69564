// `anvil drbd wait RES [--timeout S]`: waits until the resource is
// Connected and UpToDate on both nodes, showing the resync on a terminal;
// gives up at once when waiting cannot help (StandAlone, down, diskless).
#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>
#include <ostream>
#include <thread>

#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "drbd/guarded.hpp"
#include "drbd/wait.hpp"
#include "ledger/plan_store.hpp"
#include "node_common.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace anvil::cli {
namespace {

struct WaitOpts {
  std::string resource;
  int timeout = 3600;
  int interval = 2;
};

int run_wait(Context& ctx, const WaitOpts& o) {
  auto& db = ctx.ledger_for_reading();
  auto c = ledger::load_cluster(db, ctx.cluster(db));
  auto* r = c.drbd_resource(o.resource);
  if (!r) throw failure("no DRBD resource '" + o.resource + "' in cluster " + c.name + "; `anvil drbd list` shows them");
  node::NodeSessions both(nodes_of_cluster(ctx, c.name));
  Progress progress(ctx);
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::seconds(o.timeout);
  drbd::SyncVerdict v;
  for (;;) {
    v = drbd::sync_verdict(*r, drbd::look_at(both, *r, false));
    if (v.in_sync || v.hopeless || std::chrono::steady_clock::now() >= deadline) break;
    progress.show(v.text);
    std::this_thread::sleep_for(std::chrono::seconds(o.interval));
  }
  progress.clear();
  auto waited = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count();
  const int status = v.in_sync ? exit_ok : exit_failed;
  if (ctx.globals.json) {
    print_json(ctx.out, {{"resource", r->name}, {"in_sync", v.in_sync}, {"hopeless", v.hopeless}, {"waited_s", waited},
                         {"percent", v.percent < 0 ? json(nullptr) : json(v.percent)}, {"message", v.text}});
    return status;
  }
  if (v.in_sync)
    ctx.out << v.text << " (waited " << waited << " s)\n";
  else if (v.hopeless)
    print_error(ctx.err, "waiting cannot help: " + v.text, "", false, ctx.color_stderr());
  else
    print_error(ctx.err, "still not in sync after " + std::to_string(o.timeout) + " s: " + v.text, "", false, ctx.color_stderr());
  return status;
}

}  // namespace

void register_drbd_wait(CLI::App& drbd, Selected& selected) {
  auto o = std::make_shared<WaitOpts>();
  auto* wait = drbd.add_subcommand("wait", "Wait until a resource is Connected and UpToDate on both nodes (resync progress on a terminal)");
  wait->add_option("resource", o->resource, "The resource, e.g. r0")->required();
  wait->add_option("--timeout", o->timeout, "Seconds to wait at most")->check(CLI::Range(1, 7 * 86400))->capture_default_str();
  wait->add_option("--interval", o->interval, "Seconds between looks")->check(CLI::Range(1, 600))->capture_default_str();
  wait->callback([&selected, o] {
    selected.command = "drbd wait";
    selected.run = [o](Context& ctx) { return run_wait(ctx, *o); };
  });
}

}  // namespace anvil::cli
