// The rules names must follow, each returning why a name breaks them (or
// nothing). Used both to refuse input and by `ip-plan check`.
#pragma once

#include <optional>
#include <string>

namespace anvil::plan {

// cman refuses cluster names longer than 15 characters.
inline constexpr std::size_t max_cluster_name = 15;

std::optional<std::string> cluster_name_problem(const std::string& name);
// Node, device and VM names become host names in /etc/hosts: one RFC 1123
// label, lower case so that two spellings can never name one host.
std::optional<std::string> host_name_problem(const std::string& name);
std::optional<std::string> domain_problem(const std::string& domain);

// "52:54:00:AB:cd:01" -> "52:54:00:ab:cd:01"; empty when it is not a MAC.
std::string normal_mac(const std::string& text);

}  // namespace anvil::plan
