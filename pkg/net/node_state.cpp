#include "net/node_state.hpp"

#include <sstream>

#include "core/error.hpp"
#include "exec/executor.hpp"

namespace anvil::net {
namespace {

bool is_header(const std::string& line) {
  return line.rfind("==> ", 0) == 0 && line.size() > 8 && line.compare(line.size() - 4, 4, " <==") == 0;
}

}  // namespace

NodeNetState parse_node_state(const std::string& text, const std::string& bond_name) {
  NodeNetState state;
  if (text.rfind("==> ", 0) != 0) {
    state.bonds.push_back(parse_bonding(bond_name, text));
    return state;
  }
  std::string header, body;
  auto flush = [&] {
    if (header.empty()) return;
    if (header == "ip -o addr") {
      state.addresses = parse_ip_addr(body);
      state.has_addresses = true;
    } else if (header.rfind("/proc/net/bonding/", 0) == 0) {
      state.bonds.push_back(parse_bonding(header.substr(header.rfind('/') + 1), body));
    } else if (header.rfind("/sys/class/net/", 0) == 0 && header.size() > 5 && header.compare(header.size() - 5, 5, "/brif") == 0) {
      auto bridge = header.substr(15, header.size() - 15 - 5);
      auto& ports = state.bridge_ports[bridge];
      std::istringstream in(body);
      for (std::string port; in >> port;) ports.push_back(port);
      state.has_bridges = true;
    } else {
      throw failure("unknown section '" + header + "' in the capture");
    }
    body.clear();
  };
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (is_header(line)) {
      flush();
      header = line.substr(4, line.size() - 8);
      continue;
    }
    body += line + "\n";
  }
  flush();
  return state;
}

std::string node_state_script() {
  // EL6's ip has no JSON: text, one line per address (-o).
  return "for f in /proc/net/bonding/*; do [ -e \"$f\" ] || continue; echo \"==> $f <==\"; cat \"$f\"; done\n"
         "echo '==> ip -o addr <=='; ip -o addr\n"
         "for d in /sys/class/net/*/brif; do [ -d \"$d\" ] || continue; echo \"==> $d <==\"; ls -1 \"$d\"; done\n"
         "true\n";
}

NodeNetState read_node_state(exec::Executor& node) {
  auto r = node.run({node_state_script(), "", std::chrono::seconds(30), false});
  if (!r.ok()) throw failure("cannot read the network state of " + node.node() + ": " + r.describe());
  auto state = parse_node_state(r.out);
  // Read live, every section was looked for: none found means none there.
  state.has_addresses = true;
  state.has_bridges = true;
  return state;
}

}  // namespace anvil::net
