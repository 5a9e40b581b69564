// The one function through which every value reaches a remote command line.
// POSIX shell single quoting: the result is one word whatever the input
// holds (spaces, quotes, $, `, ;, newlines, leading dashes are the
// caller's business: put "--" before paths).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace anvil::exec {

std::string shell_quote(std::string_view value);

// Quotes each word and joins them with spaces: argv -> one command line.
std::string command_line(const std::vector<std::string>& argv);

}  // namespace anvil::exec
