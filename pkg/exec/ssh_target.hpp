// Where and how to reach a node over SSH.
#pragma once

#include <chrono>
#include <string>

namespace anvil::exec {

struct SshTarget {
  std::string node;         // the node's name, for messages and the trust hint
  std::string host;         // address or name; the node's BCN address by default
  int port = 0;             // 0: from ~/.ssh/config, else 22
  std::string user;         // empty: from ~/.ssh/config, else root
  std::string identity;     // a private key file; empty: agent and default keys
  std::string known_hosts;  // empty: ~/.ssh/known_hosts
  std::chrono::seconds connect_timeout{10};
};

// The user's ~/.ssh, from $HOME (so a test or a sudo'd admin can point it
// elsewhere), else the password database.
std::string user_ssh_dir();

}  // namespace anvil::exec
