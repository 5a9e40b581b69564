#include "vm/virsh_hypervisor.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "core/text.hpp"
#include "exec/quote.hpp"
#include "vm/virsh_text.hpp"

namespace anvil::vm {

std::string virsh_error(const std::string& err) {
  std::string out;
  std::size_t start = 0;
  while (start < err.size()) {
    auto end = err.find('\n', start);
    if (end == std::string::npos) end = err.size();
    auto line = text::trim(err.substr(start, end - start));
    start = end + 1;
    if (line.rfind("error: ", 0) == 0) line = line.substr(7);
    if (line.empty()) continue;
    out += (out.empty() ? "" : ": ") + line;
  }
  return out;
}

namespace {

// virsh could not reach the node's libvirtd at all (it is down): the node
// is there, its hypervisor is not.
[[noreturn]] void fail(const std::string& what, const std::string& err, const exec::CommandResult& r) {
  auto why = virsh_error(err);
  // virsh may fail with exit 0 inside a pipeline: then only its words tell.
  auto message = what + (r.ok() ? std::string() : " (" + r.describe() + ")") + (why.empty() ? "" : ": " + why);
  if (why.find("failed to connect to the hypervisor") != std::string::npos) throw Error(ErrorKind::unreachable, message);
  throw failure(message);
}

}  // namespace

std::string VirshHypervisor::virsh(const std::vector<std::string>& args, bool changes, const std::string& input,
                                   std::chrono::milliseconds deadline) {
  std::vector<std::string> argv = {"virsh", "-q"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = ex_.run({exec::command_line(argv), input, deadline, changes});
  if (r.exit_status == 127) throw failure("virsh is not installed on " + node() + " (install libvirt-client there)");
  if (!r.ok()) fail("virsh " + args.front() + " on " + node() + " failed", r.err, r);
  return r.out;
}

std::vector<DomainInfo> VirshHypervisor::list() {
  // One round trip: every guest's dominfo, each block ending in blank lines
  // (virsh must not read the names' pipe: its stdin is /dev/null).
  auto r = ex_.run({"command -v virsh >/dev/null || exit 127\n"
                    "virsh list --all --name | while read -r d; do [ -n \"$d\" ] || continue; virsh dominfo -- \"$d\" </dev/null && echo; done",
                    "", std::chrono::seconds(60), false});
  if (r.exit_status == 127) throw failure("virsh is not installed on " + node() + " (install libvirt-client there)");
  if (!r.ok() || !text::trim(r.err).empty()) fail("cannot list the guests on " + node(), r.err, r);
  std::vector<DomainInfo> out;
  std::string block;
  std::istringstream in(r.out + "\n");
  for (std::string line; std::getline(in, line);) {
    if (!text::trim(line).empty()) {
      block += line + "\n";
      continue;
    }
    if (!block.empty()) out.push_back(parse_dominfo(block));
    block.clear();
  }
  return out;
}

std::optional<DomainInfo> VirshHypervisor::find(const std::string& name) {
  auto r = ex_.run({exec::command_line({"virsh", "dominfo", "--", name}), "", std::chrono::seconds(30), false});
  if (r.exit_status == 127) throw failure("virsh is not installed on " + node() + " (install libvirt-client there)");
  if (!r.ok()) {
    auto why = virsh_error(r.err);
    // "failed to get domain 'x'" (and "Domain not found"): not there.
    if (why.find("failed to get domain") != std::string::npos || why.find("Domain not found") != std::string::npos) return std::nullopt;
    fail("cannot ask " + node() + "'s libvirtd about " + name, r.err, r);
  }
  return parse_dominfo(r.out);
}

std::string VirshHypervisor::domain_xml(const std::string& name) { return virsh({"dumpxml", "--", name}, false); }

void VirshHypervisor::define(const std::string& xml) { virsh({"define", "/dev/stdin"}, true, xml); }
void VirshHypervisor::start(const std::string& name) { virsh({"start", "--", name}, true); }
void VirshHypervisor::request_shutdown(const std::string& name) { virsh({"shutdown", "--", name}, true); }
void VirshHypervisor::destroy(const std::string& name) { virsh({"destroy", "--", name}, true); }
void VirshHypervisor::undefine(const std::string& name) { virsh({"undefine", "--", name}, true); }

JobProgress VirshHypervisor::job(const std::string& name) {
  auto r = ex_.run({exec::command_line({"virsh", "domjobinfo", "--", name}), "", std::chrono::seconds(30), false});
  if (!r.ok()) {
    // Drivers without jobs (the test driver) have no migration running.
    if (r.err.find("not supported") != std::string::npos) return {};
    fail("cannot read " + name + "'s job on " + node(), r.err, r);
  }
  return parse_domjobinfo(r.out);
}

void VirshHypervisor::migrate(const std::string& name, Hypervisor&, const std::string& target_uri,
                              const std::function<void(const JobProgress&)>& progress) {
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::thread watcher;
  if (side_ && progress) {
    watcher = std::thread([&] {
      std::unique_lock lock(m);
      while (!cv.wait_for(lock, std::chrono::seconds(1), [&] { return done; })) {
        lock.unlock();
        try {
          progress(parse_domjobinfo(side_(exec::command_line({"virsh", "domjobinfo", "--", name}))));
        } catch (const std::exception&) {
          // Progress is a courtesy: a missed reading is no reason to stop.
        }
        lock.lock();
      }
    });
  }
  auto finish = [&] {
    {
      std::lock_guard lock(m);
      done = true;
    }
    cv.notify_all();
    if (watcher.joinable()) watcher.join();
  };
  try {
    virsh({"migrate", "--live", "--persistent", "--undefinesource", "--", name, target_uri}, true, {}, std::chrono::hours(2));
  } catch (...) {
    finish();
    throw;
  }
  finish();
}

}  // namespace anvil::vm
