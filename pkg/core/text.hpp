// Small text helpers the parsers of command output share.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace anvil::text {

bool starts_with(std::string_view s, std::string_view prefix);
// Without leading and trailing blanks (spaces and tabs).
std::string trim(const std::string& s);
// The words of a line, split on runs of spaces and tabs.
std::vector<std::string> tokens(const std::string& s);

}  // namespace anvil::text
