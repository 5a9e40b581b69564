#include "exec/ssh_session.hpp"

#include <libssh/callbacks.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "core/error.hpp"
#include "exec/node_lock_script.hpp"

namespace anvil::exec {
namespace {

using Clock = std::chrono::steady_clock;

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::string where(const SshTarget& t) {
  return t.node + " (" + t.host + (t.port ? ":" + std::to_string(t.port) : "") + ")";
}

// The known_hosts file in force: the node's own, else what ~/.ssh/config
// says (UserKnownHostsFile), else ~/.ssh/known_hosts.
std::string known_hosts_path(ssh_session s, const SshTarget& t) {
  if (!t.known_hosts.empty()) return t.known_hosts;
  char* path = nullptr;
  std::string out = user_ssh_dir() + "/known_hosts";
  if (s && ssh_options_get(s, SSH_OPTIONS_KNOWNHOSTS, &path) == SSH_OK && path) out = path;
  ssh_string_free_char(path);
  return out;
}

SshSessionHandle configure(const SshTarget& t) {
  SshSessionHandle s(ssh_new());
  if (!s) throw failure("cannot create an SSH session (out of memory?)");
  ssh_session raw = s.get();
  ssh_options_set(raw, SSH_OPTIONS_HOST, t.host.c_str());
  auto dir = user_ssh_dir();
  if (!dir.empty()) ssh_options_set(raw, SSH_OPTIONS_SSH_DIR, dir.c_str());
  // The user's ~/.ssh/config first, so that what the plan sets per node wins.
  if (auto config = dir + "/config"; !dir.empty() && file_exists(config))
    ssh_options_parse_config(raw, config.c_str());
  int no = 0;
  ssh_options_set(raw, SSH_OPTIONS_PROCESS_CONFIG, &no);
  if (t.port) {
    unsigned int port = static_cast<unsigned int>(t.port);
    ssh_options_set(raw, SSH_OPTIONS_PORT, &port);
  }
  if (!t.user.empty()) {
    ssh_options_set(raw, SSH_OPTIONS_USER, t.user.c_str());
  } else {
    char* user = nullptr;
    if (ssh_options_get(raw, SSH_OPTIONS_USER, &user) != SSH_OK || !user)
      ssh_options_set(raw, SSH_OPTIONS_USER, "root");  // no config, no passwd entry: cluster nodes are run as root
    ssh_string_free_char(user);
  }
  if (!t.known_hosts.empty()) ssh_options_set(raw, SSH_OPTIONS_KNOWNHOSTS, t.known_hosts.c_str());
  int one = 1;
  ssh_options_set(raw, SSH_OPTIONS_NODELAY, &one);  // each round trip would otherwise wait on Nagle
  long timeout = static_cast<long>(t.connect_timeout.count());
  ssh_options_set(raw, SSH_OPTIONS_TIMEOUT, &timeout);
  return s;
}

void connect(ssh_session s, const SshTarget& t) {
  if (ssh_connect(s) != SSH_OK)
    throw Error(ErrorKind::unreachable, "cannot reach node " + where(t) + ": " + ssh_get_error(s) +
                                            "; is it up? (`anvil node set " + t.node + " --host` changes the address)");
}

HostKeyInfo host_key(ssh_session s, const SshTarget& t) {
  ssh_key raw = nullptr;
  if (ssh_get_server_publickey(s, &raw) != SSH_OK) throw failure("node " + where(t) + " sent no host key");
  SshKeyHandle key(raw);
  unsigned char* hash = nullptr;
  size_t length = 0;
  if (ssh_get_publickey_hash(key.get(), SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != 0)
    throw failure("cannot hash the host key of node " + where(t));
  char* fingerprint = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
  ssh_clean_pubkey_hash(&hash);
  HostKeyInfo info;
  info.fingerprint = fingerprint ? fingerprint : "";
  ssh_string_free_char(fingerprint);
  info.type = ssh_key_type_to_char(ssh_key_type(key.get()));
  switch (ssh_session_is_known_server(s)) {
    case SSH_KNOWN_HOSTS_OK: info.state = HostKeyInfo::State::known; break;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER: info.state = HostKeyInfo::State::changed; break;
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND: info.state = HostKeyInfo::State::unknown; break;
    case SSH_KNOWN_HOSTS_ERROR:
      throw failure("cannot read the known hosts file " + known_hosts_path(s, t) + ": " + ssh_get_error(s));
  }
  return info;
}

[[noreturn]] void refuse_changed(ssh_session s, const SshTarget& t, const HostKeyInfo& k) {
  throw failure("HOST KEY CHANGED for node " + where(t) + ": it now presents " + k.type + " " + k.fingerprint +
                ", not the key in " + known_hosts_path(s, t) +
                ". Someone may be intercepting the connection, or the node was reinstalled. anvil will not connect. "
                "If the change is expected, remove the old key (`ssh-keygen -R " + t.host + " -f " +
                known_hosts_path(s, t) + "`) and run `anvil node trust " + t.node + "`");
}

void verify_host_key(ssh_session s, const SshTarget& t) {
  auto k = host_key(s, t);
  if (k.state == HostKeyInfo::State::changed) refuse_changed(s, t, k);
  if (k.state == HostKeyInfo::State::unknown)
    throw failure("unknown host key for node " + where(t) + ": " + k.type + " " + k.fingerprint +
                  "; compare it with the node's own (`ssh-keygen -lf /etc/ssh/ssh_host_" +
                  k.type.substr(k.type.find('-') + 1) + "_key.pub` on its console) and trust it with `anvil node trust " +
                  t.node + "`");
}

void authenticate(ssh_session s, const SshTarget& t) {
  int rc = SSH_AUTH_ERROR;
  std::string tried;
  if (!t.identity.empty()) {
    ssh_key raw = nullptr;
    if (ssh_pki_import_privkey_file(t.identity.c_str(), nullptr, nullptr, nullptr, &raw) != SSH_OK)
      throw failure("cannot read the identity file " + t.identity + " for node " + t.node +
                    " (missing, unreadable, or protected by a passphrase: use ssh-agent instead)");
    SshKeyHandle key(raw);
    rc = ssh_userauth_publickey(s, nullptr, key.get());
    tried = "the key " + t.identity;
  } else {
    rc = ssh_userauth_publickey_auto(s, nullptr, nullptr);
    tried = "the SSH agent and the keys in " + user_ssh_dir();
  }
  if (rc != SSH_AUTH_SUCCESS) {
    char* user = nullptr;
    ssh_options_get(s, SSH_OPTIONS_USER, &user);
    std::string who = user ? user : "?";
    ssh_string_free_char(user);
    throw failure("node " + where(t) + " refused authentication as " + who + " with " + tried +
                  "; install the public key in its authorized_keys, or choose one with `anvil node set " + t.node +
                  " --identity FILE`");
  }
}

// The channel's exit-signal message carries the signal name.
void on_exit_signal(ssh_session, ssh_channel, const char* signal, int, const char*, const char*, void* userdata) {
  static_cast<CommandResult*>(userdata)->signal = signal ? signal : "?";
}

SshChannelHandle open_channel(ssh_session s, const SshTarget& t, const std::string& line) {
  SshChannelHandle ch(ssh_channel_new(s));
  if (!ch || ssh_channel_open_session(ch.get()) != SSH_OK)
    throw Error(ErrorKind::unreachable, "lost the connection to node " + where(t) + ": " + ssh_get_error(s));
  if (ssh_channel_request_exec(ch.get(), line.c_str()) != SSH_OK)
    throw Error(ErrorKind::unreachable, "node " + where(t) + " refused to run a command: " + ssh_get_error(s));
  return ch;
}

}  // namespace

std::string user_ssh_dir() {
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.ssh";
  passwd entry{};
  passwd* found = nullptr;
  char buf[4096];
  if (::getpwuid_r(::geteuid(), &entry, buf, sizeof buf, &found) == 0 && found) return std::string(found->pw_dir) + "/.ssh";
  return "";
}

SshSession::SshSession(const SshTarget& target) : target_(target), session_(configure(target)) {
  connect(session_.get(), target_);
  verify_host_key(session_.get(), target_);
  authenticate(session_.get(), target_);
}

SshSession::~SshSession() {
  if (session_) ssh_disconnect(session_.get());
}

CommandResult SshSession::run(const Command& command) {
  CommandResult r;
  ssh_channel_callbacks_struct callbacks{};
  callbacks.userdata = &r;
  callbacks.channel_exit_signal_function = on_exit_signal;
  ssh_callbacks_init(&callbacks);
  auto ch = open_channel(session_.get(), target_, command.line);
  ssh_set_channel_callbacks(ch.get(), &callbacks);
  // `callbacks` lives on this stack; libssh keeps a channel it has not seen
  // closed by the node (a command killed at its deadline) after we free it,
  // and would call them from a later read on this session.
  struct Unregister {
    ssh_channel ch;
    ssh_channel_callbacks cb;
    ~Unregister() { ssh_remove_channel_callbacks(ch, cb); }
  } unregister{ch.get(), &callbacks};

  const auto deadline = Clock::now() + command.deadline;
  auto last_sign_of_life = Clock::now();
  std::size_t sent = 0;
  bool input_done = command.input.empty();
  if (input_done) ssh_channel_send_eof(ch.get());
  std::string buf(64 * 1024, '\0');
  while (true) {
    // Feed stdin only as far as the window allows and keep reading between
    // chunks, so a command that writes while it reads never deadlocks with us.
    if (!input_done) {
      auto window = ssh_channel_window_size(ch.get());
      std::size_t n = std::min<std::size_t>({window, 32 * 1024, command.input.size() - sent});
      if (n > 0) {
        int w = ssh_channel_write(ch.get(), command.input.data() + sent, static_cast<uint32_t>(n));
        if (w < 0) throw Error(ErrorKind::unreachable, "lost the connection to node " + where(target_) + " while sending");
        sent += static_cast<std::size_t>(w);
      }
      if (sent == command.input.size()) {
        ssh_channel_send_eof(ch.get());
        input_done = true;
      }
    }
    int out = ssh_channel_read_timeout(ch.get(), buf.data(), static_cast<uint32_t>(buf.size()), 0, input_done ? 100 : 5);
    if (out > 0) r.out.append(buf.data(), static_cast<std::size_t>(out));
    int err = ssh_channel_read_nonblocking(ch.get(), buf.data(), static_cast<uint32_t>(buf.size()), 1);
    if (err > 0) r.err.append(buf.data(), static_cast<std::size_t>(err));
    if (out == SSH_ERROR || err == SSH_ERROR)
      throw Error(ErrorKind::unreachable, "lost the connection to node " + where(target_) + ": " + ssh_get_error(session_.get()));
    if (out <= 0 && err <= 0 && ssh_channel_is_eof(ch.get())) break;
    auto now = Clock::now();
    if (now > deadline) {
      r.timed_out = true;
      ssh_channel_request_send_signal(ch.get(), "KILL");
      break;
    }
    // Keepalive: an idle link through a firewall or NAT must not be dropped
    // while a long command (a DRBD sync wait, a migration) runs.
    if (out <= 0 && err <= 0 && now - last_sign_of_life > std::chrono::seconds(15)) {
      ssh_send_ignore(session_.get(), "anvil keepalive");
      last_sign_of_life = now;
    }
    if (out > 0 || err > 0) last_sign_of_life = now;
  }
  if (!r.timed_out) {
    int status = ssh_channel_get_exit_status(ch.get());
    r.exit_status = r.signal.empty() ? status : -1;
  }
  ssh_channel_close(ch.get());
  return r;
}

namespace {

class SshLock : public NodeLock {
 public:
  explicit SshLock(SshChannelHandle ch) : ch_(std::move(ch)) {}
  ~SshLock() override {
    // EOF ends the `cat` that holds the lock on the node.
    ssh_channel_send_eof(ch_.get());
    ssh_channel_close(ch_.get());
  }

 private:
  SshChannelHandle ch_;
};

}  // namespace

std::unique_ptr<NodeLock> SshSession::lock(const std::string& holder, std::chrono::seconds wait) {
  auto ch = open_channel(session_.get(), target_, lock_script(holder, wait));
  std::string out, err;
  std::string buf(4096, '\0');
  const auto deadline = Clock::now() + wait + std::chrono::seconds(15);
  while (Clock::now() < deadline) {
    int n = ssh_channel_read_timeout(ch.get(), buf.data(), static_cast<uint32_t>(buf.size()), 0, 200);
    if (n > 0) out.append(buf.data(), static_cast<std::size_t>(n));
    int e = ssh_channel_read_nonblocking(ch.get(), buf.data(), static_cast<uint32_t>(buf.size()), 1);
    if (e > 0) err.append(buf.data(), static_cast<std::size_t>(e));
    if (out.find(lock_taken_line) != std::string::npos) return std::make_unique<SshLock>(std::move(ch));
    if (n == SSH_ERROR) break;
    if (n <= 0 && e <= 0 && ssh_channel_is_eof(ch.get())) break;
  }
  int status = ssh_channel_get_exit_status(ch.get());
  throw lock_refused(target_.node, status, out, err, wait);
}

HostKeyInfo SshSession::inspect_host_key(const SshTarget& target) {
  auto s = configure(target);
  connect(s.get(), target);
  auto info = host_key(s.get(), target);
  ssh_disconnect(s.get());
  return info;
}

HostKeyInfo SshSession::trust_host_key(const SshTarget& target, const std::string& expected_fingerprint) {
  auto s = configure(target);
  connect(s.get(), target);
  auto info = host_key(s.get(), target);
  if (info.state == HostKeyInfo::State::changed) refuse_changed(s.get(), target, info);
  if (info.state == HostKeyInfo::State::known) return info;
  if (info.fingerprint != expected_fingerprint)
    throw failure("node " + where(target) + " now presents " + info.fingerprint + ", not the " + expected_fingerprint +
                  " you accepted; nothing was trusted");
  auto path = known_hosts_path(s.get(), target);
  auto dir = path.substr(0, path.rfind('/'));
  if (!dir.empty()) ::mkdir(dir.c_str(), 0700);
  if (ssh_session_update_known_hosts(s.get()) != SSH_OK)
    throw failure("cannot add the key of node " + target.node + " to " + path + ": " + ssh_get_error(s.get()));
  ssh_disconnect(s.get());
  return info;
}

}  // namespace anvil::exec
