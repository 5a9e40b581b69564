#include "cluster/sync.hpp"

#include <pugixml.hpp>

#include <algorithm>

#include "cluster/render_conf.hpp"
#include "core/error.hpp"
#include "exec/quote.hpp"

namespace anvil::cluster {

int config_version_of(const std::string& xml, const std::string& where) {
  pugi::xml_document doc;
  auto parsed = doc.load_string(xml.c_str());
  if (!parsed) throw failure(where + " is not XML (" + parsed.description() + " at byte " + std::to_string(parsed.offset) + ")");
  auto root = doc.child("cluster");
  if (!root) throw failure(where + " has no <cluster> element");
  auto v = root.attribute("config_version");
  if (!v) throw failure(where + " has no config_version");
  return v.as_int(-1) < 0 ? throw failure(where + " has an invalid config_version '" + std::string(v.value()) + "'") : v.as_int();
}

NodeConf read_conf(exec::Executor& node) {
  NodeConf conf{node.node(), node.read_file(cluster_conf_path), 0};
  if (conf.content) conf.version = config_version_of(*conf.content, node.node() + ":" + cluster_conf_path);
  return conf;
}

std::string render_at(const plan::Cluster& c, int version) { return render_cluster_conf(c, version); }

std::optional<Target> next_conf(const plan::Cluster& c, const std::vector<NodeConf>& nodes, const std::optional<std::string>& winner) {
  int base = 0;
  if (winner) {
    auto it = std::find_if(nodes.begin(), nodes.end(), [&](auto& n) { return n.node == *winner; });
    if (it == nodes.end()) throw usage_error("--winner " + *winner + " is not one of the nodes of this run");
    base = it->version;
  } else {
    for (auto& n : nodes)
      for (auto& m : nodes)
        if (n.content && m.content && n.version != m.version)
          throw failure("the nodes' cluster.conf versions disagree (" + n.node + ": " + std::to_string(n.version) + ", " + m.node +
                        ": " + std::to_string(m.version) + "); say which one counts with --winner NODE");
    for (auto& n : nodes) base = std::max(base, n.version);
  }
  bool all_same = std::all_of(nodes.begin(), nodes.end(), [&](auto& n) { return n.content && *n.content == render_at(c, n.version); });
  if (all_same) return std::nullopt;
  int version = std::max(base, c.config_version) + 1;
  return Target{version, render_at(c, version)};
}

void write_conf(exec::Executor& node, const plan::Cluster& c, const Target& t, const std::map<std::string, std::string>& passwords) {
  for (auto& d : c.devices)
    if (!d.agent.empty() && !passwords.count(d.name))
      throw failure("no password stored for " + d.name + ": set it first (anvil fence set-credentials " + d.name +
                    "), or the cluster could not fence with it");
  auto dir = node.run({"mkdir -p -m 0700 /etc/cluster/anvil", "", std::chrono::seconds(30), true});
  if (!dir.ok()) throw failure("cannot create /etc/cluster/anvil on " + node.node() + ": " + dir.err.substr(0, dir.err.find('\n')));
  for (auto& d : c.devices) {
    if (d.agent.empty()) continue;
    // The agent runs this to learn the password (passwd_script): root only.
    node.write_file({passwd_script_path(d.name), "#!/bin/sh\nprintf '%s\\n' " + exec::shell_quote(passwords.at(d.name)) + "\n",
                     "0700", "root:root", true});
  }
  node.write_file({cluster_conf_path, t.content, "0640", "root:root"});
}

std::string activate(exec::Executor& node, int version) {
  auto running = node.run({"cman_tool status >/dev/null 2>&1", "", std::chrono::seconds(30), false});
  if (!running.ok()) return "cman is not running on " + node.node() + ": the new cluster.conf takes effect when the cluster starts";
  auto r = node.run({"cman_tool version -r", "", std::chrono::minutes(2), true});
  if (!r.ok())
    throw failure("cman_tool version -r on " + node.node() + " failed (" + r.describe() + "): " + r.err.substr(0, r.err.find('\n')));
  return "the running cluster took config_version " + std::to_string(version) + " (cman_tool version -r on " + node.node() + ")";
}

}  // namespace anvil::cluster
