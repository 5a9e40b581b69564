#pragma once
#include <string>
namespace anvil::cli {
// "anvil 0.1.0" and the versions of the libraries it runs with.
std::string version_text();
}  // namespace anvil::cli
