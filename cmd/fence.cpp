// `anvil fence list|add-device|set-device|add-method|remove-method|
// set-credentials`: the fence devices and each node's fence methods in the
// plan, and the devices' passwords (kept apart, never shown).
#include <CLI/CLI.hpp>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <ostream>

#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "ipplan/ipplan.hpp"
#include "ledger/change_log.hpp"
#include "ledger/plan_store.hpp"
#include "ledger/secrets.hpp"
#include "output.hpp"
#include "plan/fence_plan.hpp"
#include "plan_views.hpp"

namespace anvil::cli {

void register_fence_check(CLI::App& fence, Selected& selected);  // fence_check.cpp

namespace {

std::string joined_options(const plan::Device& d) {
  std::string out;
  for (auto& [k, v] : d.options) out += (out.empty() ? "" : " ") + k + "=" + v;
  return out;
}

int run_list(Context& ctx) {
  auto& db = ctx.ledger_for_reading();
  auto c = ledger::load_cluster(db, ctx.cluster(db));
  Table t{{"NODE", "ORDER", "METHOD", "DEVICE", "AGENT", "ADDRESS", "PORT", "LOGIN", "PASSWORD"}, {}};
  json nodes = json::array();
  for (auto& n : c.nodes) {
    json methods = json::array();
    int order = 0;
    for (auto& m : n.fence) {
      ++order;
      json steps = json::array();
      for (auto& s : m.steps) {
        auto* d = c.device(s.device);
        bool secret = ledger::has_secret(db, c.name, s.device);
        t.rows.push_back({n.name, std::to_string(order), m.name, s.device, d ? d->agent : "?", d ? d->address.ip.str() : "?",
                          s.port.empty() ? "-" : s.port, d && !d->login.empty() ? d->login : "-", secret ? "set" : "NOT SET"});
        steps.push_back({{"device", s.device}, {"port", s.port.empty() ? json(nullptr) : json(s.port)}});
      }
      methods.push_back({{"name", m.name}, {"devices", steps}});
    }
    if (n.fence.empty()) t.rows.push_back({n.name, "-", "NONE", "-", "-", "-", "-", "-", "-"});
    nodes.push_back({{"name", n.name}, {"methods", methods}, {"delay", n.name == c.fence_delay_target().name ? c.fence_delay : 0}});
  }
  json devices = json::array();
  for (auto& d : c.devices) {
    if (d.kind != "ipmi" && d.kind != "pdu") continue;
    json options = json::object();
    for (auto& [k, v] : d.options) options[k] = v;
    devices.push_back({{"name", d.name}, {"kind", d.kind}, {"agent", d.agent}, {"address", d.address.ip.str()},
                       {"login", d.login.empty() ? json(nullptr) : json(d.login)}, {"options", options},
                       {"password_set", ledger::has_secret(db, c.name, d.name)}});
  }
  if (ctx.globals.json) {
    print_json(ctx.out, {{"cluster_name", c.name}, {"nodes", nodes}, {"devices", devices},
                         {"delay", {{"node", c.fence_delay_target().name}, {"seconds", c.fence_delay}}}});
    return exit_ok;
  }
  print_table(ctx.out, t, ctx.color_stdout());
  ctx.out << "\nfence delay: " << c.fence_delay << " s on " << c.fence_delay_target().name
          << " (it wins a fence race); post_join_delay " << c.post_join_delay << " s\n";
  for (auto& d : c.devices)
    if ((d.kind == "ipmi" || d.kind == "pdu") && !d.options.empty()) ctx.out << d.name << " options: " << joined_options(d) << '\n';
  return exit_ok;
}

struct DeviceOpts {
  std::string name;
  std::string agent;
  std::string address;
  std::optional<std::string> login;
  std::vector<std::string> options;
};

struct MethodOpts {
  std::string node;
  std::string name;
  std::vector<std::string> devices;
  std::vector<std::string> ports;
};

// The password, from the terminal without echo, or from stdin's first line.
std::string read_password(Context& ctx, const std::string& device) {
  std::string line;
  if (::isatty(STDIN_FILENO)) {
    ctx.err << "Password for " << device << ": " << std::flush;
    termios old{};
    ::tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::getline(std::cin, line);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    ctx.err << '\n';
  } else {
    std::getline(std::cin, line);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) throw usage_error("no password given for " + device + ": type it at the prompt, or pipe it on stdin");
  return line;
}

struct CredentialOpts {
  std::string device;
  std::optional<std::string> login;
};

int run_set_credentials(Context& ctx, const CredentialOpts& o) {
  auto& db = ctx.ledger_for_reading();
  auto cluster = ctx.cluster(db);
  auto c = ledger::load_cluster(db, cluster);
  auto* d = c.device(o.device);
  if (!d || (d->kind != "ipmi" && d->kind != "pdu"))
    throw failure("no fence device '" + o.device + "' in cluster " + cluster + "; `anvil fence list` shows them");
  auto password = read_password(ctx, o.device);
  if (ctx.globals.dry_run) {
    if (ctx.globals.json)
      print_json(ctx.out, {{"dry_run", true}, {"run_id", nullptr}, {"device", o.device}, {"password_stored", false}});
    else
      ctx.err << "anvil: dry run: the password of " << o.device << " was not stored\n";
    return exit_ok;
  }
  if (o.login) {
    auto outcome = ipplan::edit(
        db, cluster, [&](plan::Cluster p) { return plan::set_fence_device(std::move(p), o.device, std::nullopt, o.login, {}); },
        ctx.invocation("fence set-credentials"), false);
    if (!ctx.globals.json) print_outcome(ctx, outcome);
  }
  ledger::set_secret(db, cluster, o.device, password);
  // The run says that the password changed, never what it is.
  ledger::ChangeLog log(db, ctx.invocation("fence set-credentials"), cluster);
  log.finish_run(exit_ok, "password of " + o.device + " set (kept apart from the plan, not recorded)");
  if (ctx.globals.json) {
    print_json(ctx.out, {{"dry_run", false}, {"run_id", log.run_id()}, {"device", o.device}, {"password_stored", true}});
    return exit_ok;
  }
  ctx.out << "password of " << o.device << " stored (********)\n";
  return exit_ok;
}

}  // namespace

void register_fence(CLI::App& app, Selected& selected) {
  auto* fence = app.add_subcommand("fence", "Fencing: devices, each node's methods, credentials, checks and fencing a node");
  fence->require_subcommand(1);

  auto* list = fence->add_subcommand("list", "Each node's fence methods in order, their devices, addresses and outlets (no secrets)");
  list->callback([&selected] {
    selected.command = "fence list";
    selected.run = [](Context& ctx) { return run_list(ctx); };
  });

  auto a = std::make_shared<DeviceOpts>();
  auto* add = fence->add_subcommand("add-device", "Add a switched PDU with its fence agent (the IPMI BMCs are in the plan already)");
  add->add_option("name", a->name, "The device, e.g. pdu1")->required();
  add->add_option("--agent", a->agent, "Its fence agent, e.g. fence_apc_snmp")->required();
  add->add_option("--address", a->address, "Its address (default: the next on the BCN's 10.20.2.z)");
  add->add_option("--login", a->login, "The login name for the agent");
  add->add_option("--option", a->options, "KEY=VALUE: more options for the agent, e.g. --option snmp_version=1");
  add->callback([&selected, a] {
    selected.command = "fence add-device";
    selected.run = [a](Context& ctx) {
      return run_plan_edit(ctx, "fence add-device", [a](plan::Cluster c) {
        return plan::add_fence_device(std::move(c), a->name, a->agent, a->address, a->login.value_or(""), a->options);
      });
    };
  });

  auto s = std::make_shared<DeviceOpts>();
  std::shared_ptr<std::string> agent = std::make_shared<std::string>();
  auto* set = fence->add_subcommand("set-device", "Change a fence device's agent, login or options (KEY= removes one)");
  set->add_option("name", s->name, "The device, e.g. an-node01-ipmi")->required();
  auto* agent_opt = set->add_option("--agent", *agent, "Its fence agent");
  set->add_option("--login", s->login, "The login name for the agent");
  set->add_option("--option", s->options, "KEY=VALUE: an option for the agent, e.g. --option lanplus=1; KEY= removes it");
  set->callback([&selected, s, agent, agent_opt] {
    selected.command = "fence set-device";
    std::optional<std::string> new_agent;
    if (agent_opt->count()) new_agent = *agent;
    selected.run = [s, new_agent](Context& ctx) {
      return run_plan_edit(ctx, "fence set-device", [s, new_agent](plan::Cluster c) {
        return plan::set_fence_device(std::move(c), s->name, new_agent, s->login, s->options);
      });
    };
  });

  auto m = std::make_shared<MethodOpts>();
  auto* add_method = fence->add_subcommand("add-method", "Add a fence method to a node, tried after its others (--device/--port pairs)");
  add_method->add_option("node", m->node, "The node it fences")->required();
  add_method->add_option("--device", m->devices, "A device of the method; give it twice for a node fed by two PDUs")->required();
  add_method->add_option("--port", m->ports, "The node's outlet on each PDU --device, in the same order");
  add_method->add_option("--name", m->name, "The method's name (default: pdu)");
  add_method->callback([&selected, m] {
    selected.command = "fence add-method";
    selected.run = [m](Context& ctx) {
      return run_plan_edit(ctx, "fence add-method", [m](plan::Cluster c) {
        return plan::add_fence_method(std::move(c), m->node, m->name.empty() ? "pdu" : m->name, m->devices, m->ports);
      });
    };
  });

  auto r = std::make_shared<MethodOpts>();
  auto* remove_method = fence->add_subcommand("remove-method", "Remove a fence method from a node");
  remove_method->add_option("node", r->node, "The node")->required();
  remove_method->add_option("method", r->name, "The method's name")->required();
  remove_method->callback([&selected, r] {
    selected.command = "fence remove-method";
    selected.run = [r](Context& ctx) {
      return run_plan_edit(ctx, "fence remove-method",
                           [r](plan::Cluster c) { return plan::remove_fence_method(std::move(c), r->node, r->name); });
    };
  });

  auto cr = std::make_shared<CredentialOpts>();
  auto* creds = fence->add_subcommand("set-credentials", "Store a fence device's password: from a prompt, or stdin; never from the command line");
  creds->add_option("device", cr->device, "The device")->required();
  creds->add_option("--login", cr->login, "Also set the login name");
  creds->callback([&selected, cr] {
    selected.command = "fence set-credentials";
    selected.run = [cr](Context& ctx) { return run_set_credentials(ctx, *cr); };
  });

  register_fence_check(*fence, selected);
}

}  // namespace anvil::cli
