// The command table: main registers these, in this order, explicitly (no
// static self-registration, which a static link can silently drop).
#pragma once

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace anvil::cli {

class Context;

// What the parse selected: the runner is called after CLI11 is done, so
// parse errors and domain errors never mix.
struct Selected {
  std::function<int(Context&)> run;
  std::string command;       // "ip-plan show", for the run record and errors
  bool check_style = false;  // bad arguments exit 3 (UNKNOWN), as monitoring plugins do
  bool takes_command = false;  // the words after "--" are a command for the nodes
};

void register_ip_plan(CLI::App& app, Selected& selected);
void register_node(CLI::App& app, Selected& selected);
void register_net(CLI::App& app, Selected& selected);
void register_drbd(CLI::App& app, Selected& selected);
void register_cluster(CLI::App& app, Selected& selected);
void register_fence(CLI::App& app, Selected& selected);
void register_vm(CLI::App& app, Selected& selected);
void register_storage(CLI::App& app, Selected& selected);
void register_check(CLI::App& app, Selected& selected);
void register_history(CLI::App& app, Selected& selected);

// Commands that report like monitoring plugins: bad arguments and errors
// exit 3 (UNKNOWN) instead of 2 or 1.
bool is_check_command(const std::string& path);

}  // namespace anvil::cli
