// A file on a node next to what it should be: the unit of every "diff"
// and "apply" (network scripts, DRBD configuration, cluster.conf).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exec/executor.hpp"

namespace anvil::exec {

struct FileState {
  std::string path;                    // /etc/sysconfig/network-scripts/ifcfg-eth0
  std::optional<std::string> current;  // on the node; nothing when absent
  std::optional<std::string> wanted;   // rendered; nothing: stale, to be removed
  bool differs() const { return current != wanted; }
};

// Writes what differs (0644 root:root) and removes what is stale; returns
// how many files it changed.
int apply_file_states(Executor& node, const std::vector<FileState>& states);

}  // namespace anvil::exec
