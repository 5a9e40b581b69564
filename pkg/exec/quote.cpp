#include "exec/quote.hpp"

namespace anvil::exec {

std::string shell_quote(std::string_view value) {
  // Words made only of these need no quotes; keeping them bare keeps
  // dry-run output readable.
  auto plain = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '/' || c == ':' || c == ',' || c == '+' || c == '=' || c == '@' || c == '%';
  };
  bool bare = !value.empty();
  for (char c : value) bare = bare && plain(c);
  if (bare) return std::string(value);
  std::string out = "'";
  for (char c : value) {
    if (c == '\'')
      out += "'\\''";  // close, an escaped quote, reopen
    else
      out += c;
  }
  return out + "'";
}

std::string command_line(const std::vector<std::string>& argv) {
  std::string out;
  for (auto& word : argv) out += (out.empty() ? "" : " ") + shell_quote(word);
  return out;
}

}  // namespace anvil::exec
