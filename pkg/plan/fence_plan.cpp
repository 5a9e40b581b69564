#include "plan/fence_plan.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "plan/mutate.hpp"

namespace anvil::plan {
namespace {

// Agent options go to the agent on stdin as KEY=VALUE lines: no newline,
// and no key the agent takes from the plan or the secret store.
std::pair<std::string, std::string> parse_option(const std::string& item) {
  auto eq = item.find('=');
  if (eq == std::string::npos || eq == 0)
    throw usage_error("give --option KEY=VALUE, e.g. --option ipport=623, not '" + item + "'");
  auto key = item.substr(0, eq);
  auto value = item.substr(eq + 1);
  if (!std::all_of(key.begin(), key.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; }))
    throw usage_error("invalid option name '" + key + "': letters, digits and '_' only");
  if (value.find_first_of("\n\r") != std::string::npos) throw usage_error("option " + key + " must be one line");
  for (const char* reserved : {"passwd", "password", "passwd_script", "password_script", "action", "option", "ipaddr", "ip",
                               "login", "username", "port", "plug"})
    if (key == reserved)
      throw usage_error("option '" + key + "' is not set with --option: " +
                        (key == "passwd" || key == "password" || key == "passwd_script" || key == "password_script"
                             ? std::string("passwords go in with `anvil fence set-credentials` (never on a command line)")
                             : std::string("anvil sets it from the plan (address, --login, a method's --port)")));
  return {key, value};
}

void apply_options(Device& d, const std::vector<std::string>& options) {
  for (auto& item : options) {
    auto [key, value] = parse_option(item);
    auto it = std::find_if(d.options.begin(), d.options.end(), [&](auto& o) { return o.first == key; });
    if (value.empty()) {
      if (it != d.options.end()) d.options.erase(it);
    } else if (it != d.options.end()) {
      it->second = value;
    } else {
      d.options.emplace_back(key, value);
    }
  }
}

void require_agent(const std::string& agent) {
  if (!is_known_fence_agent(agent))
    throw usage_error("unknown fence agent '" + agent + "': anvil drives fence_ipmilan, fence_apc_snmp, fence_apc, "
                      "fence_raritan, fence_eaton_snmp, fence_ifmib and fence_virsh");
}

Device& device_of(Cluster& c, const std::string& name) {
  for (auto& d : c.devices)
    if (d.name == name) return d;
  throw failure("no device '" + name + "' in cluster " + c.name + "; `anvil fence list` shows them");
}

Node& node_of(Cluster& c, const std::string& name) {
  if (auto* n = c.node(name)) return *n;
  throw usage_error("no node '" + name + "' in cluster " + c.name);
}

// NODE.fence-order: the node's fence methods by name, in the order to try them.
void set_fence_order(Node& node, const std::string& value) {
  std::vector<FenceMethod> ordered;
  std::size_t start = 0;
  while (start <= value.size()) {
    auto comma = value.find(',', start);
    if (comma == std::string::npos) comma = value.size();
    auto name = value.substr(start, comma - start);
    auto it = std::find_if(node.fence.begin(), node.fence.end(), [&](auto& m) { return m.name == name; });
    if (it == node.fence.end()) throw usage_error(node.name + " has no fence method '" + name + "'");
    if (std::any_of(ordered.begin(), ordered.end(), [&](auto& m) { return m.name == name; }))
      throw usage_error("fence method '" + name + "' is named twice");
    ordered.push_back(*it);
    start = comma + 1;
  }
  if (ordered.size() != node.fence.size())
    throw usage_error("name every fence method of " + node.name + " in the order to try them");
  node.fence = ordered;
}

}  // namespace

bool is_fence_method_key(const std::string& field) { return field == "fence-order" || field.rfind("fence.", 0) == 0; }

Cluster set_fence_method_key(Cluster c, const std::string& head, const std::string& field, const std::string& value) {
  auto* node = c.node(head);
  if (!node) throw usage_error("no node '" + head + "' in cluster " + c.name);
  if (field == "fence-order") {
    set_fence_order(*node, value);
    return c;
  }
  // DEVICE[:PORT],...: the method's devices anew, in place.
  const auto method = field.substr(6);
  std::vector<std::string> devices, ports;
  std::size_t start = 0;
  while (start <= value.size()) {
    auto comma = value.find(',', start);
    if (comma == std::string::npos) comma = value.size();
    auto item = value.substr(start, comma - start);
    auto colon = item.find(':');
    if (colon == 0 || item.empty() || (colon != std::string::npos && item.find(':', colon + 1) != std::string::npos))
      throw usage_error("invalid fence method '" + value + "': give DEVICE or DEVICE:OUTLET, comma-separated, e.g. pdu1:3,pdu2:3");
    devices.push_back(item.substr(0, colon));
    if (colon != std::string::npos) ports.push_back(item.substr(colon + 1));
    start = comma + 1;
  }
  auto at = std::find_if(node->fence.begin(), node->fence.end(), [&](auto& m) { return m.name == method; });
  if (at == node->fence.end()) throw usage_error(head + " has no fence method '" + method + "'; add it with anvil fence add-method");
  auto position = at - node->fence.begin();
  auto changed = add_fence_method(remove_fence_method(c, head, method), head, method, devices, ports);
  auto& methods = changed.node(head)->fence;
  std::rotate(methods.begin() + position, methods.end() - 1, methods.end());
  return changed;
}

bool is_known_fence_agent(const std::string& agent) {
  for (const char* a : {"fence_ipmilan", "fence_apc_snmp", "fence_apc", "fence_raritan", "fence_eaton_snmp", "fence_ifmib", "fence_virsh"})
    if (agent == a) return true;
  return false;
}

Cluster add_fence_device(Cluster c, const std::string& name, const std::string& agent, const std::string& address,
                         const std::string& login, const std::vector<std::string>& options) {
  require_agent(agent);
  if (agent == "fence_ipmilan")
    throw usage_error("each node's IPMI BMC is in the plan already (NODE-ipmi); set it up with `anvil fence set-device NODE-ipmi`");
  c = add_device(std::move(c), "pdu", name, address);
  auto& d = device_of(c, name);
  d.agent = agent;
  d.login = login;
  apply_options(d, options);
  return c;
}

Cluster set_fence_device(Cluster c, const std::string& name, const std::optional<std::string>& agent,
                         const std::optional<std::string>& login, const std::vector<std::string>& options) {
  auto& d = device_of(c, name);
  if (d.kind != "ipmi" && d.kind != "pdu")
    throw failure(name + " is a " + d.kind + ", not a fence device (an IPMI BMC or a PDU)");
  if (agent) {
    require_agent(*agent);
    d.agent = *agent;
  }
  if (login) {
    if (login->find_first_of("\n\r") != std::string::npos) throw usage_error("a login must be one line");
    d.login = *login;
  }
  apply_options(d, options);
  return c;
}

Cluster add_fence_method(Cluster c, const std::string& node, const std::string& method, const std::vector<std::string>& devices,
                         const std::vector<std::string>& ports) {
  auto& n = node_of(c, node);
  if (method.empty() || !std::all_of(method.begin(), method.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
      }))
    throw usage_error("invalid method name '" + method + "': letters, digits, '-' and '_'");
  if (std::any_of(n.fence.begin(), n.fence.end(), [&](auto& m) { return m.name == method; }))
    throw failure(node + " already has a fence method '" + method + "'; remove it first, or choose another --name");
  if (devices.empty()) throw usage_error("give the method's devices: --device pdu1 --port 3");
  FenceMethod m{method, {}};
  std::size_t next_port = 0;
  for (auto& name : devices) {
    auto& d = device_of(c, name);
    if (d.kind != "ipmi" && d.kind != "pdu") throw failure(name + " is a " + d.kind + ", not a fence device");
    if (d.kind == "ipmi" && d.node != node)
      throw failure(name + " is the BMC of " + d.node + ": it cannot fence " + node);
    std::string port;
    if (d.kind == "pdu") {
      if (next_port >= ports.size())
        throw usage_error("give the outlet of " + node + " on " + name + ": --device " + name + " --port N");
      port = ports[next_port++];
      if (port.empty() || port.find_first_of(" \n\r\"'") != std::string::npos) throw usage_error("invalid outlet '" + port + "'");
    }
    m.steps.push_back({name, port});
  }
  if (next_port != ports.size()) throw usage_error("more --port than PDUs in the method: each PDU --device takes one --port");
  n.fence.push_back(m);
  return c;
}

Cluster remove_fence_method(Cluster c, const std::string& node, const std::string& method) {
  auto& n = node_of(c, node);
  auto it = std::find_if(n.fence.begin(), n.fence.end(), [&](auto& m) { return m.name == method; });
  if (it == n.fence.end()) throw failure(node + " has no fence method '" + method + "'; `anvil fence list` shows them");
  n.fence.erase(it);
  return c;
}

}  // namespace anvil::plan
