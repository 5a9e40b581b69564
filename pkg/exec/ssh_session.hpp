// An SSH session to one node through libssh: one connection, each command
// on its own channel. Strict host-key checking: an unknown key is refused
// with its fingerprint and the command that trusts it; a changed key is
// always refused.
#pragma once

#include <libssh/libssh.h>

#include <string>

#include "core/handle.hpp"
#include "exec/session.hpp"
#include "exec/ssh_target.hpp"

namespace anvil::exec {

using SshSessionHandle = Handle<ssh_session_struct, &ssh_free>;
using SshChannelHandle = Handle<ssh_channel_struct, &ssh_channel_free>;
using SshKeyHandle = Handle<ssh_key_struct, &ssh_key_free>;

// What the server presented, for `anvil node trust`.
struct HostKeyInfo {
  std::string fingerprint;  // "SHA256:..."
  std::string type;         // "ssh-ed25519"
  enum class State { known, unknown, changed } state = State::unknown;
};

class SshSession : public Session {
 public:
  // Connects, checks the host key and authenticates; throws anvil::Error:
  // unreachable when the node cannot be reached, failed for host-key and
  // authentication refusals (each with what to do).
  explicit SshSession(const SshTarget& target);
  ~SshSession() override;

  const std::string& node() const override { return target_.node; }
  CommandResult run(const Command& command) override;
  std::unique_ptr<NodeLock> lock(const std::string& holder, std::chrono::seconds wait) override;

  // Connects without authenticating and reports the host key, for `node trust`.
  static HostKeyInfo inspect_host_key(const SshTarget& target);
  // Adds the server's key to the known_hosts file; refuses a changed key.
  static HostKeyInfo trust_host_key(const SshTarget& target, const std::string& expected_fingerprint);

 private:
  SshTarget target_;
  SshSessionHandle session_;
};

}  // namespace anvil::exec
