// `anvil node list|set|trust|ping`: how anvil reaches the nodes, and
// whether it can. exec and put live in node_exec.cpp.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <ostream>

#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "exec/ssh_session.hpp"
#include "ipplan/ipplan.hpp"
#include "ledger/change_log.hpp"
#include "node/operations.hpp"
#include "node_common.hpp"
#include "node_output.hpp"
#include "output.hpp"
#include "plan/mutate.hpp"
#include "plan_views.hpp"

namespace anvil::cli {

void register_node_exec(CLI::App& node, Selected& selected);  // node_exec.cpp

namespace {

std::string or_default(const std::string& v) { return v.empty() ? "default" : v; }

int run_list(Context& ctx, const NodeArgs& args) {
  NodeArgs every = args;
  if (every.names.empty() && !every.all_clusters) every.all = true;
  auto nodes = selected_nodes(ctx, every);
  Table t{{"NODE", "CLUSTER", "HOST", "PORT", "USER", "IDENTITY", "KNOWN_HOSTS"}, {}};
  json list = json::array();
  for (auto& n : nodes) {
    auto& s = n.node.ssh;
    t.rows.push_back({n.node.name, n.cluster, n.target.host, s.port ? std::to_string(s.port) : "default",
                      or_default(s.user), or_default(s.identity), or_default(s.known_hosts)});
    list.push_back({{"name", n.node.name},
                    {"cluster", n.cluster},
                    {"host", n.target.host},
                    {"host_from_plan", s.host.empty()},
                    {"port", s.port ? json(s.port) : json(nullptr)},
                    {"user", s.user.empty() ? json(nullptr) : json(s.user)},
                    {"identity", s.identity.empty() ? json(nullptr) : json(s.identity)},
                    {"known_hosts", s.known_hosts.empty() ? json(nullptr) : json(s.known_hosts)}});
  }
  if (ctx.globals.json)
    print_json(ctx.out, {{"nodes", list}});
  else
    print_table(ctx.out, t, ctx.color_stdout());
  return exit_ok;
}

struct SetOpts {
  std::string node;
  std::optional<std::string> host, port, user, identity, known_hosts;
};

int run_set(Context& ctx, const SetOpts& o) {
  std::vector<std::pair<std::string, std::string>> changes;
  auto add = [&](const char* field, const std::optional<std::string>& v) {
    if (v) changes.emplace_back(o.node + "." + field, v->empty() ? "default" : *v);
  };
  add("ssh-host", o.host);
  add("ssh-port", o.port);
  add("ssh-user", o.user);
  add("ssh-identity", o.identity);
  add("ssh-known-hosts", o.known_hosts);
  if (changes.empty())
    throw usage_error("say what to set: --host, --port, --user, --identity or --known-hosts ('default' resets one)");
  NodeArgs one;
  one.names = {o.node};
  auto nodes = selected_nodes(ctx, one);
  auto& db = ctx.ledger_for_reading();
  auto outcome = ipplan::edit(
      db, nodes.front().cluster,
      [&](plan::Cluster c) {
        for (auto& [key, value] : changes) c = plan::set_value(std::move(c), key, value);
        return c;
      },
      ctx.invocation("node set"), ctx.globals.dry_run);
  print_outcome(ctx, outcome);
  return exit_ok;
}

struct TrustOpts {
  std::string node;
  std::string fingerprint;
};

int run_trust(Context& ctx, const TrustOpts& o) {
  NodeArgs one;
  one.names = {o.node};
  auto ref = selected_nodes(ctx, one).front();
  auto key = exec::SshSession::inspect_host_key(ref.target);
  auto where = ref.node.name + " (" + ref.target.host + (ref.target.port ? ":" + std::to_string(ref.target.port) : "") + ")";
  auto document = [&](const std::string& outcome, const json& run_id) {
    print_json(ctx.out, {{"dry_run", ctx.globals.dry_run}, {"run_id", run_id}, {"node", ref.node.name}, {"host", ref.target.host},
                         {"key_type", key.type}, {"fingerprint", key.fingerprint}, {"outcome", outcome}});
  };
  if (key.state == exec::HostKeyInfo::State::known) {
    if (ctx.globals.json)
      document("already", nullptr);
    else
      ctx.out << "node " << where << " is already trusted: " << key.type << ' ' << key.fingerprint << '\n';
    return exit_ok;
  }
  if (key.state == exec::HostKeyInfo::State::changed)
    exec::SshSession::trust_host_key(ref.target, key.fingerprint);  // throws the loud refusal
  if (!ctx.globals.json) ctx.out << "node " << where << " presents " << key.type << ' ' << key.fingerprint << '\n';
  bool accepted = !o.fingerprint.empty() ? o.fingerprint == key.fingerprint : ctx.globals.yes;
  if (!o.fingerprint.empty() && !accepted)
    throw failure("node " + where + " presents " + key.fingerprint + ", not the " + o.fingerprint +
                  " you gave; nothing was trusted");
  if (!accepted) {
    if (!::isatty(STDIN_FILENO))
      throw usage_error("check the fingerprint above against the node's console, then trust it with --fingerprint " +
                        key.fingerprint + " (or --yes)");
    ctx.err << "Is this the key of " << ref.node.name << "? Compare it on the node's console with "
            << "`ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub`. Trust it? [y/N] " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "y" && answer != "yes") throw failure("not trusted; nothing was changed");
  }
  if (ctx.globals.dry_run) {
    if (ctx.globals.json)
      document("would", nullptr);
    else
      ctx.err << "anvil: dry run: the key was not added\n";
    return exit_ok;
  }
  auto trusted = exec::SshSession::trust_host_key(ref.target, key.fingerprint);
  ledger::ChangeLog log(ctx.ledger_for_reading(), ctx.invocation("node trust"), ref.cluster);
  log.finish_run(exit_ok, "trusted " + ref.node.name + " " + trusted.type + " " + trusted.fingerprint);
  if (ctx.globals.json)
    document("trusted", log.run_id());
  else
    ctx.out << "trusted: " << trusted.type << ' ' << trusted.fingerprint << " for " << ref.target.host << '\n';
  return exit_ok;
}

// A monitoring check: exit 0 OK, 2 CRITICAL, 3 UNKNOWN; one summary line,
// perfdata after '|', then a line per node.
int run_ping(Context& ctx, const NodeArgs& args) {
  NodeArgs chosen = args;
  if (chosen.names.empty() && !chosen.all_clusters) chosen.all = true;
  auto nodes = selected_nodes(ctx, chosen);
  auto results = node::ping(nodes, exec::default_max_in_flight);
  std::size_t ok = 0;
  std::string perf;
  json list = json::array();
  for (auto& r : results) {
    if (r.ok()) {
      ++ok;
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.3f", r.value->seconds);
      perf += " '" + r.node + "'=" + seconds + "s;;;0";
    }
    list.push_back({{"node", r.node},
                    {"ok", r.ok()},
                    {"address", r.ok() ? json(r.value->address) : json(nullptr)},
                    {"seconds", r.ok() ? json(r.value->seconds) : json(nullptr)},
                    {"error", error_json(r.error)}});
  }
  bool all_ok = ok == results.size();
  std::string state = all_ok ? "OK" : "CRITICAL";
  if (ctx.globals.json) {
    print_json(ctx.out, {{"status", state}, {"reachable", ok}, {"nodes_total", results.size()}, {"nodes", list}});
  } else {
    ctx.out << "NODES " << state << ": " << ok << " of " << results.size() << " nodes reachable with a trusted key"
            << " |" << perf << '\n';
    for (auto& r : results)
      ctx.out << r.node << ": " << (r.ok() ? "ok (" + r.value->address + ")" : std::string(r.error->what())) << '\n';
  }
  return all_ok ? check_ok : check_critical;
}

}  // namespace

void register_node(CLI::App& app, Selected& selected) {
  auto* node = app.add_subcommand("node", "How anvil reaches the nodes over SSH, and running commands on them");
  node->require_subcommand(1);

  auto list_args = std::make_shared<NodeArgs>();
  auto* list = node->add_subcommand("list", "Show each node's SSH target");
  list->add_flag("--all-clusters", list_args->all_clusters, "Nodes of every cluster in the ledger");
  list->callback([&selected, list_args] {
    selected.command = "node list";
    selected.run = [list_args](Context& ctx) { return run_list(ctx, *list_args); };
  });

  auto set_opts = std::make_shared<SetOpts>();
  auto* set = node->add_subcommand("set", "Override how anvil reaches a node ('default' resets a value)");
  set->add_option("node", set_opts->node, "The node")->required();
  set->add_option("--host", set_opts->host, "Address or name to connect to (default: its BCN address; 'local': this machine)");
  set->add_option("--port", set_opts->port, "SSH port (default: ~/.ssh/config, else 22)");
  set->add_option("--user", set_opts->user, "SSH user (default: ~/.ssh/config, else root)");
  set->add_option("--identity", set_opts->identity, "Private key file (default: the SSH agent and ~/.ssh keys)");
  set->add_option("--known-hosts", set_opts->known_hosts, "known_hosts file (default: ~/.ssh/config's UserKnownHostsFile, else ~/.ssh/known_hosts)");
  set->callback([&selected, set_opts] {
    selected.command = "node set";
    selected.run = [set_opts](Context& ctx) { return run_set(ctx, *set_opts); };
  });

  auto trust_opts = std::make_shared<TrustOpts>();
  auto* trust = node->add_subcommand("trust", "Show a node's host key and add it to known_hosts once confirmed");
  trust->add_option("node", trust_opts->node, "The node")->required();
  trust->add_option("--fingerprint", trust_opts->fingerprint, "Trust only if the key has this SHA256 fingerprint");
  trust->callback([&selected, trust_opts] {
    selected.command = "node trust";
    selected.run = [trust_opts](Context& ctx) { return run_trust(ctx, *trust_opts); };
  });

  auto ping_args = std::make_shared<NodeArgs>();
  auto* ping = node->add_subcommand("ping", "Check reachability, host key and login of nodes (a monitoring check)");
  add_node_selection(ping, *ping_args, "check (default: every node of the cluster)");
  ping->callback([&selected, ping_args] {
    selected.command = "node ping";
    selected.check_style = true;
    selected.run = [ping_args](Context& ctx) { return run_ping(ctx, *ping_args); };
  });

  register_node_exec(*node, selected);
}

}  // namespace anvil::cli
