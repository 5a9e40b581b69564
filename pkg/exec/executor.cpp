#include "exec/executor.hpp"

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "exec/quote.hpp"

namespace anvil::exec {
namespace {

constexpr int missing_status = 66;  // EX_NOINPUT: the file does not exist

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

void require_absolute(const std::string& path) {
  if (path.empty() || path.front() != '/') throw usage_error("node paths must be absolute, not '" + path + "'");
}

}  // namespace

std::string read_file_script(const std::string& path) {
  auto p = shell_quote(path);
  return "if [ -e " + p + " ]; then exec cat -- " + p + "; else exit " + std::to_string(missing_status) + "; fi";
}

std::string write_file_script(const FileWrite& f) {
  auto target = shell_quote(f.path);
  auto dir = shell_quote(directory_of(f.path));
  // dd conv=fsync: the content is on disk before the rename makes it visible.
  // sync DIR makes the rename durable; EL6's sync(1) takes no operand, so it
  // falls back to a full sync there.
  // If anvil dies mid-transfer, the node sees an early EOF: the size and
  // hash check keeps that partial content from ever replacing the file.
  return "set -e\n"
         "tmp=$(mktemp " + dir + "/.anvil.XXXXXX)\n"
         "trap 'rm -f -- \"$tmp\"' EXIT\n"
         "dd of=\"$tmp\" conv=fsync 2>/dev/null\n"
         "[ \"$(wc -c <\"$tmp\")\" -eq " + std::to_string(f.content.size()) + " ]\n"
         // Not for a secret: a hash on a command line is world-readable in
         // the node's process list, and a short password falls to it.
         + (f.secret ? std::string() : "echo " + sha256_hex(f.content) + "' *'\"$tmp\" | sha256sum -c --status\n") +
         "chmod " + shell_quote(f.mode) + " -- \"$tmp\"\n"
         "chown " + shell_quote(f.owner) + " -- \"$tmp\"\n"
         "mv -f -- \"$tmp\" " + target + "\n"
         "trap - EXIT\n"
         "sync -- " + dir + " 2>/dev/null || sync\n";
}

std::string remove_file_script(const std::string& path) {
  return "rm -f -- " + shell_quote(path) + " && { sync -- " + shell_quote(directory_of(path)) + " 2>/dev/null || sync; }";
}

std::optional<std::string> SessionExecutor::read_file(const std::string& path) {
  require_absolute(path);
  auto r = session_.run({read_file_script(path), "", std::chrono::minutes(2), false});
  if (r.exit_status == missing_status) return std::nullopt;
  if (!r.ok()) throw failure("cannot read " + path + " on " + node() + ": " + (r.err.empty() ? r.describe() : first_line(r.err)));
  return r.out;
}

void SessionExecutor::write_file(const FileWrite& f) {
  require_absolute(f.path);
  auto r = session_.run({write_file_script(f), f.content, std::chrono::minutes(2), true});
  if (!r.ok())
    throw failure("cannot write " + f.path + " on " + node() + ": " + (r.err.empty() ? r.describe() : first_line(r.err)));
}

void SessionExecutor::remove_file(const std::string& path) {
  require_absolute(path);
  auto r = session_.run({remove_file_script(path), "", std::chrono::minutes(2), true});
  if (!r.ok())
    throw failure("cannot remove " + path + " on " + node() + ": " + (r.err.empty() ? r.describe() : first_line(r.err)));
}

}  // namespace anvil::exec
