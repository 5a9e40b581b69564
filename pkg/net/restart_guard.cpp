#include "net/restart_guard.hpp"

#include <algorithm>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "exec/quote.hpp"

namespace anvil::net {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

std::string q(const std::string& s) { return exec::shell_quote(s); }

// What anvil runs on each poll: the guard's state, and (when it may still
// confirm) the confirmation itself. Renaming `armed` is the confirmation:
// if the guard renamed it first, it is rolling back and the rename fails.
std::string poll_script(const GuardSpec& spec, bool confirm) {
  const std::string d = q(spec.dir());
  std::string s = "d=" + d + "\n"
                  "s=$(cat \"$d/state\" 2>/dev/null || echo missing)\n";
  if (confirm)
    s += "if [ \"$s\" = restarted ] && mv \"$d/armed\" \"$d/confirmed\" 2>/dev/null; then s=confirmed; fi\n";
  s += "echo \"$s\"\n"
       "if [ -e \"$d/restart-failed\" ]; then echo \"restart-failed $(cat \"$d/restart-failed\")\"; else echo restart-ok; fi\n"
       "tail -n 1 \"$d/restart.log\" 2>/dev/null\n"
       "exit 0\n";
  return s;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

std::string guard_script(const GuardSpec& spec) {
  const auto timeout = std::to_string(spec.confirm_timeout.count());
  std::string s;
  s += "#!/bin/sh\n"
       "# anvil net apply, run " + std::to_string(spec.run_id) + ": restarts networking, then puts the\n"
       "# previous ifcfg files back and restarts again unless anvil confirms\n"
       "# within " + timeout + " s that it can still reach this node.\n";
  s += "dir=" + q(spec.dir()) + "\n";
  s += "scripts=" + q(spec.scripts_dir) + "\n";
  s += "deadline=$(( $(date +%s) + " + timeout + " ))\n";
  s += "state() { printf '%s\\n' \"$1\" >\"$dir/state.tmp\" && mv -f \"$dir/state.tmp\" \"$dir/state\"; }\n";
  // fd 9 (the lock) must not leak into daemons the restart starts.
  s += "restart() {\n  (\n" + spec.restart_command + "\n  ) >>\"$dir/restart.log\" 2>&1 </dev/null 9>&-\n}\n";
  s += "restore() {\n"
       "  for f in \"$scripts\"/ifcfg-*; do\n"
       "    [ -e \"$f\" ] || continue\n"
       "    [ -e \"$dir/backup/${f##*/}\" ] || rm -f \"$f\" || return 1\n"
       "  done\n"
       "  for f in \"$dir\"/backup/ifcfg-*; do\n"
       "    [ -e \"$f\" ] || continue\n"
       "    cp -p \"$f\" \"$scripts/.${f##*/}.anvil-guard\" &&\n"
       "      mv -f \"$scripts/.${f##*/}.anvil-guard\" \"$scripts/${f##*/}\" || return 1\n"
       "  done\n"
       "  sync\n"
       "}\n";
  s += "rollback() {\n"
       "  state rolling-back\n"
       "  echo \"anvil guard: restoring the previous ifcfg files and restarting networking\" >>\"$dir/restart.log\"\n"
       "  if restore && restart; then final=rolled-back; else final=rollback-failed; fi\n"
       "}\n";
  s += "echo $$ >\"$dir/pid\"\n";
  s += "exec 9>>" + q(spec.lock_file) + "\n";
  s += "if ! flock -w " + std::to_string(spec.lock_wait.count()) + " 9; then\n"
       "  mv -f \"$dir/armed\" \"$dir/expired\" 2>/dev/null\n"
       "  state lock-timeout\n"
       "  exit 1\n"
       "fi\n";
  s += "printf '%s\\n' " + q(spec.holder) + " >" + q(spec.lock_owner_file) + "\n";
  s += "state restarting\n"
       "if restart; then\n"
       "  state restarted\n"
       "  while [ -e \"$dir/armed\" ] && [ \"$(date +%s)\" -lt \"$deadline\" ]; do sleep 1; done\n"
       "  if mv \"$dir/armed\" \"$dir/expired\" 2>/dev/null; then rollback; else final=confirmed; fi\n"
       "else\n"
       "  rc=$?\n"
       "  last=$(tail -n 1 \"$dir/restart.log\")\n"
       "  printf 'exit %s%s\\n' \"$rc\" \"${last:+: $last}\" >\"$dir/restart-failed\"\n"
       "  echo \"anvil guard: the restart command failed (exit $rc)\" >>\"$dir/restart.log\"\n"
       "  mv -f \"$dir/armed\" \"$dir/expired\" 2>/dev/null\n"
       "  rollback\n"
       "fi\n";
  // The final state last: whoever sees it knows the guard is done.
  s += "rm -f " + q(spec.lock_owner_file) + "\n"
       "state \"$final\"\n";
  return s;
}

void prepare_guard(exec::Executor& node, const GuardSpec& spec) {
  const std::string d = q(spec.dir());
  std::string line =
      "set -e; umask 077; d=" + d + "; s=" + q(spec.scripts_dir) + "\n"
      // Old guards' directories are kept a month for the post-mortem.
      "find " + q(spec.root) + " -mindepth 1 -maxdepth 1 -name 'run-*' -mtime +30 -exec rm -rf {} + 2>/dev/null || true\n"
      "rm -rf \"$d\"; mkdir -p \"$d/backup\"\n"
      "for f in \"$s\"/ifcfg-*; do [ ! -e \"$f\" ] || cp -p \"$f\" \"$d/backup/\"; done\n"
      "cat >\"$d/guard.sh\"\n"
      "echo waiting-for-lock >\"$d/state\"\n"
      ": >\"$d/armed\"";
  auto r = node.run({line, guard_script(spec), std::chrono::seconds(30), true});
  if (!r.ok())
    throw failure("cannot prepare the network restart guard on " + node.node() + " (" + spec.dir() + "): " +
                  (r.err.empty() ? r.describe() : r.err.substr(0, r.err.find('\n'))));
}

void launch_guard(exec::Executor& node, const GuardSpec& spec) {
  const std::string d = q(spec.dir());
  // Every descriptor of the background job is redirected, or sshd would
  // keep the channel open for as long as the guard runs.
  auto r = node.run({"(cd / && exec setsid sh " + d + "/guard.sh) </dev/null >" + d + "/guard.log 2>&1 &", "",
                     std::chrono::seconds(30), true});
  if (!r.ok())
    throw failure("cannot start the network restart guard on " + node.node() + ": " +
                  (r.err.empty() ? r.describe() : r.err.substr(0, r.err.find('\n'))));
}

GuardOutcome await_confirmation(const Connect& connect, const GuardSpec& spec, clock::time_point launched,
                                std::chrono::seconds rollback_wait) {
  // Stop confirming a second early: the guard's clock started a little
  // after `launched`, and the rename decides any race anyway.
  const auto confirm_by = launched + spec.confirm_timeout - 1s;
  const auto give_up = launched + spec.confirm_timeout + rollback_wait;
  auto done = [&](GuardEnd end, std::string detail) {
    return GuardOutcome{end, std::move(detail),
                        std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - launched)};
  };
  std::unique_ptr<exec::Session> session;
  std::string last_error = "no answer yet";
  while (clock::now() < give_up) {
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(give_up - clock::now());
    if (!session) {
      try {
        session = connect(std::clamp(left, std::chrono::seconds(1), std::chrono::seconds(5)));
      } catch (const Error& e) {
        last_error = e.what();
        std::this_thread::sleep_for(1s);
        continue;
      }
    }
    exec::CommandResult r;
    try {
      r = session->run({poll_script(spec, clock::now() < confirm_by), "", 5s, true});
    } catch (const Error& e) {
      last_error = e.what();
    }
    if (!r.ok()) {  // the connection died with the restart, or hangs on it
      if (r.timed_out) last_error = "no answer within 5 s";
      session.reset();
      std::this_thread::sleep_for(500ms);
      continue;
    }
    auto lines = lines_of(r.out);
    const std::string state = lines.empty() ? "missing" : lines[0];
    const std::string failed_prefix = "restart-failed ";
    const bool restart_failed = lines.size() > 1 && lines[1].rfind(failed_prefix, 0) == 0;
    const std::string log_line = restart_failed ? lines[1].substr(failed_prefix.size()) : lines.size() > 2 ? lines[2] : "";
    if (state == "confirmed") return done(GuardEnd::confirmed, log_line);
    if (state == "rolled-back") return done(restart_failed ? GuardEnd::restart_failed : GuardEnd::rolled_back, log_line);
    if (state == "rollback-failed") return done(GuardEnd::guard_failed, "the rollback failed: " + log_line);
    if (state == "lock-timeout")
      return done(GuardEnd::guard_failed, "the guard did not get the node's lock within " +
                                              std::to_string(spec.lock_wait.count()) + " s; networking was not restarted");
    if (state == "missing") return done(GuardEnd::guard_failed, "the guard's state file " + spec.dir() + "/state is missing");
    last_error = "the guard is " + state;
    std::this_thread::sleep_for(500ms);
  }
  return done(GuardEnd::lost, last_error);
}

}  // namespace anvil::net
