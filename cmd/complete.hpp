#pragma once
#include <iosfwd>
#include <string>
#include <vector>
namespace anvil::cli {
// `anvil __complete WORD... CURRENT`: the words typed after `anvil` and the
// word being completed (may be empty); prints one candidate per line.
int run_complete(const std::vector<std::string>& words, std::ostream& out);
}  // namespace anvil::cli
