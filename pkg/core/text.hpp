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
// A value for an error message: in quotes, cut at 60 characters, control
// characters as '?' (so that garbage input cannot garble the message).
std::string quoted(const std::string& s);
// Every line is empty or blank.
bool all_blank(const std::vector<std::string>& lines);

}  // namespace anvil::text
