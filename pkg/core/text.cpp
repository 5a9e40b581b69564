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

std::string quoted(const std::string& s) {
  std::string out = s.size() > 60 ? s.substr(0, 57) + "..." : s;
  for (auto& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return "'" + out + "'";
}

bool all_blank(const std::vector<std::string>& lines) {
  for (auto& l : lines)
    if (!trim(l).empty()) return false;
  return true;
}

}  // namespace anvil::text
