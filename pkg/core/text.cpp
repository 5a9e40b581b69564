#include "core/text.hpp"

namespace anvil::text {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> tokens(const std::string& s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = s.find_first_not_of(" \t", at)) != std::string::npos) {
    auto end = s.find_first_of(" \t", at);
    out.push_back(s.substr(at, end == std::string::npos ? std::string::npos : end - at));
    at = end;
  }
  return out;
}

}  // namespace anvil::text
