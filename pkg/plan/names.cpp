#include "plan/names.hpp"

#include <cctype>

namespace anvil::plan {
namespace {

bool is_label_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

std::optional<std::string> label_problem(const std::string& label) {
  if (label.empty()) return "is empty";
  if (label.size() > 63) return "is longer than 63 characters";
  for (char c : label)
    if (!is_label_char(c))
      return std::isupper(static_cast<unsigned char>(c)) ? "has upper-case letters; use lower case"
                                                          : "may hold only a-z, 0-9 and '-'";
  if (label.front() == '-' || label.back() == '-') return "may not begin or end with '-'";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> cluster_name_problem(const std::string& name) {
  if (name.size() > max_cluster_name)
    return "is " + std::to_string(name.size()) + " characters long; cman allows at most 15";
  if (auto p = label_problem(name)) return p;
  if (!std::isalpha(static_cast<unsigned char>(name.front()))) return "must begin with a letter";
  return std::nullopt;
}

std::optional<std::string> host_name_problem(const std::string& name) {
  if (auto p = label_problem(name)) return p;
  if (!std::isalpha(static_cast<unsigned char>(name.front()))) return "must begin with a letter";
  return std::nullopt;
}

std::optional<std::string> domain_problem(const std::string& domain) {
  if (domain.size() > 253) return "is longer than 253 characters";
  std::size_t start = 0;
  while (true) {
    auto dot = domain.find('.', start);
    auto label = domain.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (auto p = label_problem(label)) return "has a label that " + *p;
    if (dot == std::string::npos) return std::nullopt;
    start = dot + 1;
  }
}

std::string normal_mac(const std::string& text) {
  if (text.size() != 17) return "";
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char ch = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    bool ok = i % 3 == 2 ? ch == ':' : std::isxdigit(static_cast<unsigned char>(ch)) != 0;
    if (!ok) return "";
    out += ch;
  }
  return out;
}

}  // namespace anvil::plan
