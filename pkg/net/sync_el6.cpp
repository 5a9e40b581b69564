#include "net/sync_el6.hpp"

#include <algorithm>
#include <sstream>

#include "core/error.hpp"
#include "exec/quote.hpp"
#include "net/render_el6.hpp"

namespace anvil::net {
namespace {

std::vector<std::string> ifcfg_files_on(exec::Executor& node) {
  const std::string dir = exec::shell_quote(el6_scripts_dir);
  auto r = node.run({"[ -d " + dir + " ] || exit 66; cd " + dir +
                         " && for f in ifcfg-*; do [ -f \"$f\" ] && printf '%s\\n' \"$f\"; done; true",
                     "", std::chrono::seconds(30), false});
  if (r.exit_status == 66)
    throw failure("node " + node.node() + " has no " + el6_scripts_dir +
                  "; is it an EL6 node? (the el6 profile writes initscripts files)");
  if (!r.ok()) throw failure("cannot list " + std::string(el6_scripts_dir) + " on " + node.node() + ": " + r.err);
  std::vector<std::string> names;
  std::istringstream in(r.out);
  for (std::string name; std::getline(in, name);)
    if (!name.empty()) names.push_back(name);
  return names;
}

}  // namespace

std::vector<FileState> compare_el6(exec::Executor& node, const plan::Cluster& c, const plan::Node& n) {
  auto rendered = render_el6(c, n);
  auto present = ifcfg_files_on(node);
  std::vector<FileState> states;
  const std::string dir = std::string(el6_scripts_dir) + "/";
  for (auto& f : rendered) {
    auto path = dir + f.name;
    bool exists = std::find(present.begin(), present.end(), f.name) != present.end();
    states.push_back({path, exists ? node.read_file(path) : std::nullopt, f.content});
  }
  for (auto& name : present) {
    bool planned = std::any_of(rendered.begin(), rendered.end(), [&](auto& f) { return f.name == name; });
    if (!planned && !is_kept_el6_file(name)) states.push_back({dir + name, node.read_file(dir + name), std::nullopt});
  }
  return states;
}

int apply_el6(exec::Executor& node, const std::vector<FileState>& states) { return exec::apply_file_states(node, states); }

}  // namespace anvil::net
