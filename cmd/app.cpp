#include "app.hpp"

#include <CLI/CLI.hpp>

#include "version.hpp"

namespace anvil::cli {

std::unique_ptr<CLI::App> make_app(GlobalOptions& g, Selected& selected) {
  auto app = std::make_unique<CLI::App>(
      "anvil plans, builds, verifies and operates two-node high-availability KVM clusters.", "anvil");
  app->set_version_flag("--version", version_text());
  app->require_subcommand(1);
  app->fallthrough();  // global options may follow the subcommand: `anvil ip-plan show --json`

  app->add_option("--ledger", g.ledger_path, "Ledger file (default: $ANVIL_LEDGER, /var/lib/anvil/ledger.db as root, else $XDG_STATE_HOME/anvil/ledger.db)");
  app->add_option("--cluster", g.cluster, "Cluster to work on when the ledger holds several (default: $ANVIL_CLUSTER)");
  app->add_flag("--json", g.json, "Print JSON (with schema_version) instead of text");
  app->add_flag("--dry-run", g.dry_run, "Show what would change; change nothing");
  app->add_flag("--yes", g.yes, "Do not ask before destructive actions");
  app->add_option("--reason", g.reason, "Why: recorded with the run in the ledger's history");
  app->add_flag("-v,--verbose", g.verbose, "Say more on stderr (repeat for more)");
  app->add_option("--color", g.color, "Colour: auto (off when stdout is not a TTY or NO_COLOR is set), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();

  // The command table, in the order --help lists it.
  register_ip_plan(*app, selected);
  register_node(*app, selected);
  register_net(*app, selected);
  register_drbd(*app, selected);
  register_cluster(*app, selected);
  register_fence(*app, selected);
  register_storage(*app, selected);
  register_vm(*app, selected);
  register_check(*app, selected);
  register_history(*app, selected);
  return app;
}

bool is_check_command(const std::string& path) { return path == "node ping" || path == "net check" || path == "drbd check" || path == "fence check" || path == "cluster check" || path == "storage check" || path == "check"; }

}  // namespace anvil::cli
