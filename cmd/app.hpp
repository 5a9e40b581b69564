// The command tree: global options and every command, in one place, used by
// main to parse and by `__complete` to walk (so completion can never list
// an option that --help does not).
#pragma once

#include <memory>

#include "commands.hpp"
#include "context.hpp"

namespace CLI {
class App;
}

namespace anvil::cli {

std::unique_ptr<CLI::App> make_app(GlobalOptions& globals, Selected& selected);


}  // namespace anvil::cli
