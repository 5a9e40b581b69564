#include "drbd/sync.hpp"

#include <algorithm>
#include <sstream>

#include "core/error.hpp"
#include "drbd/render_83.hpp"
#include "exec/quote.hpp"

namespace anvil::drbd {
namespace {

std::vector<std::string> res_files_on(exec::Executor& node) {
  const std::string dir = exec::shell_quote(drbd_dir);
  auto r = node.run({"[ -d " + dir + " ] || exit 66; cd " + dir +
                         " && for f in *.res; do [ -f \"$f\" ] && printf '%s\\n' \"$f\"; done; true",
                     "", std::chrono::seconds(30), false});
  if (r.exit_status == 66)
    throw failure("node " + node.node() + " has no " + drbd_dir + "; install DRBD's tools there first (drbd83-utils on EL6)");
  if (!r.ok()) throw failure("cannot list " + std::string(drbd_dir) + " on " + node.node() + ": " + r.err);
  std::vector<std::string> names;
  std::istringstream in(r.out);
  for (std::string name; std::getline(in, name);)
    if (!name.empty()) names.push_back(name);
  return names;
}

std::string first_line(const std::string& text) {
  auto start = text.find_first_not_of(" \n");
  if (start == std::string::npos) return "";
  return text.substr(start, text.find('\n', start) - start);
}

// drbdadm prints its complaints with this banner when __DRBD_NODE__ is set;
// neither is what the user needs to read.
std::string without_banner(const std::string& err) {
  std::istringstream in(err);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.find("found __DRBD_NODE__") != std::string::npos || line.find("PRETENDING that I am") != std::string::npos ||
        line.find_first_not_of(" \t") == std::string::npos)
      continue;
    out += line + "\n";
  }
  return out;
}

}  // namespace

std::vector<exec::FileState> compare(exec::Executor& node, const plan::Cluster& c) {
  auto rendered = render_drbd83(c);
  auto present = res_files_on(node);
  std::vector<exec::FileState> states;
  for (auto& f : rendered) states.push_back({f.path, node.read_file(f.path), f.content});
  for (auto& name : present) {
    auto path = std::string(drbd_dir) + "/" + name;
    bool planned = std::any_of(rendered.begin(), rendered.end(), [&](auto& f) { return f.path == path; });
    if (!planned) states.push_back({path, node.read_file(path), std::nullopt});
  }
  return states;
}

std::string adjust_preview(exec::Executor& node) {
  auto r = node.run({"drbdadm -d adjust all", "", std::chrono::seconds(60), false});
  if (r.exit_status == 127) throw failure("node " + node.node() + " has no drbdadm; install DRBD's tools there first");
  if (!r.ok())
    throw failure("drbdadm -d adjust all on " + node.node() + " refused the configuration: " +
                  first_line(without_banner(r.err + r.out)));
  return r.out;
}

std::string adjust(exec::Executor& node) {
  auto r = node.run({"drbdadm adjust all", "", std::chrono::minutes(2), true});
  if (!r.ok())
    throw failure("drbdadm adjust all on " + node.node() + " failed (" + r.describe() + "): " +
                  first_line(without_banner(r.err + r.out)));
  return r.out;
}

}  // namespace anvil::drbd
