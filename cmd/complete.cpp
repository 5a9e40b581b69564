// The hidden `__complete` entry point behind the bash, zsh and fish scripts.
// It walks the same CLI11 tree that parses real commands, so completion
// offers exactly the commands and options --help shows; names come from the
// ledger, opened read-only and never created or migrated.
#include "complete.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <ostream>

#include "app.hpp"
#include "ledger/history.hpp"
#include "ledger/ledger.hpp"
#include "ledger/plan_store.hpp"
#include "plan/mutate.hpp"

namespace anvil::cli {
namespace {

struct Position {
  CLI::App* app = nullptr;
  std::string path;                  // "ip-plan add device"
  std::vector<std::string> values;   // positional values typed so far in `app`
  const CLI::Option* pending = nullptr;  // an option still waiting for its value
  std::optional<std::string> ledger, cluster;
};

const CLI::Option* find_option(CLI::App* app, const std::string& word) {
  for (auto* a = app; a; a = a->get_parent())
    for (auto* opt : a->get_options())
      if (!opt->get_positional() && opt->check_name(word)) return opt;
  return nullptr;
}

Position walk(CLI::App& root, const std::vector<std::string>& words) {
  Position p;
  p.app = &root;
  for (auto& w : words) {
    if (p.pending) {
      if (p.pending->check_name("--ledger")) p.ledger = w;
      if (p.pending->check_name("--cluster")) p.cluster = w;
      p.pending = nullptr;
      continue;
    }
    if (w.rfind("-", 0) == 0 && w.size() > 1) {
      auto eq = w.find('=');
      auto name = w.substr(0, eq);
      auto* opt = find_option(p.app, name);
      if (opt && eq == std::string::npos && opt->get_expected_min() > 0) p.pending = opt;  // flags take no value
      if (opt && eq != std::string::npos && name == "--ledger") p.ledger = w.substr(eq + 1);
      if (opt && eq != std::string::npos && name == "--cluster") p.cluster = w.substr(eq + 1);
      continue;
    }
    CLI::App* sub = nullptr;
    for (auto* s : p.app->get_subcommands([](CLI::App*) { return true; }))
      if (s->check_name(w)) sub = s;
    if (sub) {
      p.app = sub;
      p.path += (p.path.empty() ? "" : " ") + w;
      p.values.clear();
    } else {
      p.values.push_back(w);
    }
  }
  return p;
}

// An IsMember validator describes itself as "{a,b,c}": its choices.
std::vector<std::string> choices(const CLI::Option* opt) {
  std::vector<std::string> out;
  for (int i = 0;; ++i) {
    CLI::Validator* v = nullptr;
    try {
      v = const_cast<CLI::Option*>(opt)->get_validator(i);
    } catch (const CLI::Error&) {
      break;  // CLI11 reports the end of the list by throwing
    }
    if (!v) break;
    auto d = v->get_description();
    auto open = d.find('{'), close = d.rfind('}');
    if (open == std::string::npos || close == std::string::npos) continue;
    std::string item;
    for (char c : d.substr(open + 1, close - open - 1)) {
      if (c == ',') {
        out.push_back(item);
        item.clear();
      } else if (c != ' ') {
        item += c;
      }
    }
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

const CLI::Option* nth_positional(CLI::App* app, std::size_t n) {
  std::size_t i = 0;
  for (auto* opt : app->get_options())
    if (opt->get_positional() && i++ == n) return opt;
  return nullptr;
}

// Names from the ledger for the places that take them.
std::vector<std::string> ledger_names(const Position& p, const std::string& what) {
  std::optional<std::string> path;
  try {
    path = ledger::resolve_path(p.ledger);
  } catch (...) {
    return {};
  }
  auto db = ledger::open_for_lookup(*path);
  if (!db) return {};
  try {
    if (what == "cluster") return ledger::cluster_names(*db);
    if (what == "run") {
      std::vector<std::string> out;
      for (auto& r : ledger::list_runs(*db, {std::nullopt, 20})) out.push_back(std::to_string(r.id));
      return out;
    }
    auto cluster = ledger::load_cluster(*db, ledger::choose_cluster(*db, p.cluster ? p.cluster : [] {
      const char* env = std::getenv("ANVIL_CLUSTER");
      return env && *env ? std::optional<std::string>(env) : std::nullopt;
    }()));
    std::vector<std::string> out;
    if (what == "key") return plan::settable_keys(cluster);
    if (what == "device")
      for (auto& d : cluster.devices)
        if (d.kind != "ipmi") out.push_back(d.name);
    if (what == "vm")
      for (auto& v : cluster.vms) out.push_back(v.name);
    if (what == "fence-device")  // the BMCs too: they have agents and passwords
      for (auto& d : cluster.devices)
        if (d.kind == "ipmi" || d.kind == "pdu") out.push_back(d.name);
    if (what == "drbd")
      for (auto& r : cluster.drbd) out.push_back(r.name);
    if (what == "storage-vg")
      for (auto& v : cluster.storage_vgs) out.push_back(v.name);
    if (what == "guest-lv")  // the planned guests' disks, as VG/LV
      for (auto& v : cluster.vms)
        if (v.disk_lv.rfind("/dev/", 0) == 0) out.push_back(v.disk_lv.substr(5));
    if (what.rfind("fence-method:", 0) == 0)
      if (auto* n = cluster.node(what.substr(13)))
        for (auto& m : n->fence) out.push_back(m.name);
    if (what == "node")
      for (auto& n : cluster.nodes) out.push_back(n.name);
    return out;
  } catch (...) {
    return {};  // completion never prints errors: it just offers nothing
  }
}

std::vector<std::string> candidates(const Position& p, const std::string& current);

std::vector<std::string> candidates(const Position& p, const std::string& current) {
  if (p.pending) {
    if (p.pending->check_name("--cluster")) return ledger_names(p, "cluster");
    // Options whose value is a node of the cluster: vm --node/--to/--from.
    if (p.path.rfind("vm ", 0) == 0 && (p.pending->check_name("--node") || p.pending->check_name("--to") || p.pending->check_name("--from")))
      return ledger_names(p, "node");
    if (p.path == "storage add-vg" && p.pending->check_name("--drbd")) return ledger_names(p, "drbd");
    if (p.path == "storage gfs2" && p.pending->check_name("--vg")) return ledger_names(p, "storage-vg");
    return choices(p.pending);
  }
  std::vector<std::string> out;
  if (auto eq = current.find('='); current.rfind("--", 0) == 0 && eq != std::string::npos) {
    // --option=VALUE: the option's values, each with its --option= prefix.
    auto name = current.substr(0, eq + 1);
    if (auto* opt = find_option(p.app, current.substr(0, eq)); opt && opt->get_expected_min() > 0) {
      Position for_value = p;
      for_value.pending = opt;
      for (auto& v : candidates(for_value, "")) out.push_back(name + v);
    }
    return out;
  }
  if (current.rfind("-", 0) == 0) {
    for (auto* a = p.app; a; a = a->get_parent())
      for (auto* opt : a->get_options())
        if (!opt->get_positional())
          for (auto& name : opt->get_lnames()) out.push_back("--" + name);
    for (auto* opt : p.app->get_options())
      if (!opt->get_positional())
        for (auto& name : opt->get_snames()) out.push_back("-" + name);
    return out;
  }
  for (auto* s : p.app->get_subcommands([](CLI::App* s) { return !s->get_group().empty(); }))
    out.push_back(s->get_name());
  if (auto* positional = nth_positional(p.app, p.values.size())) {
    auto fixed = choices(positional);
    out.insert(out.end(), fixed.begin(), fixed.end());
    auto name = positional->get_name();
    if (p.path == "ip-plan set" && name == "key") {
      auto keys = ledger_names(p, "key");
      out.insert(out.end(), keys.begin(), keys.end());
    }
    if (name == "nodes" || name == "node") {
      auto nodes = ledger_names(p, "node");
      out.insert(out.end(), nodes.begin(), nodes.end());
    }
    if (name == "run") {
      auto runs = ledger_names(p, "run");
      out.insert(out.end(), runs.begin(), runs.end());
    }
    // The names each command's positional takes, from the plan.
    auto add_names = [&](const std::string& what) {
      auto names = ledger_names(p, what);
      out.insert(out.end(), names.begin(), names.end());
    };
    if (p.path.rfind("vm ", 0) == 0 && p.path != "vm add" && name == "name") add_names("vm");
    if ((p.path.rfind("drbd ", 0) == 0 && name == "resource") || (p.path == "drbd remove" && name == "name")) add_names("drbd");
    if ((p.path == "fence set-device" && name == "name") || (p.path == "fence set-credentials" && name == "device")) add_names("fence-device");
    if (p.path == "fence remove-method" && name == "method" && !p.values.empty()) add_names("fence-method:" + p.values.front());
    if (p.path == "storage remove-vg" && name == "name") add_names("storage-vg");
    if (p.path.rfind("storage lv ", 0) == 0 && name == "lv") add_names("guest-lv");
    if (p.path == "ip-plan remove" && name == "name" && !p.values.empty()) {
      auto names = ledger_names(p, p.values.front());
      out.insert(out.end(), names.begin(), names.end());
    }
  }
  return out;
}

}  // namespace

int run_complete(const std::vector<std::string>& words, std::ostream& out) {
  GlobalOptions globals;
  Selected selected;
  auto app = make_app(globals, selected);
  std::vector<std::string> typed(words);
  std::string current;
  if (!typed.empty()) {
    current = typed.back();
    typed.pop_back();
  }
  auto position = walk(*app, typed);
  auto found = candidates(position, current);
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  for (auto& c : found)
    if (c.rfind(current, 0) == 0) out << c << '\n';
  return 0;
}

}  // namespace anvil::cli
