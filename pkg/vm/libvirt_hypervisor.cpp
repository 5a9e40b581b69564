#include "vm/libvirt_hypervisor.hpp"

#include <libvirt/virterror.h>

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "core/error.hpp"

namespace anvil::vm {
namespace {

// libvirt prints every error on stderr unless told not to; pkg/ never
// prints, and the errors reach the user through the exceptions below.
void quiet_libvirt() {
  static std::once_flag once;
  std::call_once(once, [] { virSetErrorFunc(nullptr, [](void*, virErrorPtr) {}); });
}

std::string last_error() {
  const char* m = virGetLastErrorMessage();
  return m ? m : "unknown libvirt error";
}

bool last_error_is(int code) {
  virErrorPtr e = virGetLastError();
  return e && e->code == code;
}

std::string state_name(int state) {
  switch (state) {
    case VIR_DOMAIN_RUNNING: return state_running;
    case VIR_DOMAIN_BLOCKED: return "idle";
    case VIR_DOMAIN_PAUSED: return state_paused;
    case VIR_DOMAIN_SHUTDOWN: return "in shutdown";
    case VIR_DOMAIN_SHUTOFF: return state_shut_off;
    case VIR_DOMAIN_CRASHED: return "crashed";
    case VIR_DOMAIN_PMSUSPENDED: return "pmsuspended";
    default: return "no state";
  }
}

DomainInfo info_of(virDomainPtr dom) {
  DomainInfo d;
  d.name = virDomainGetName(dom);
  virDomainInfo info{};
  if (virDomainGetInfo(dom, &info) == 0) {
    d.state = state_name(info.state);
    d.vcpus = info.nrVirtCpu;
    d.max_memory_kib = static_cast<std::int64_t>(info.maxMem);
  }
  d.persistent = virDomainIsPersistent(dom) == 1;
  char uuid[VIR_UUID_STRING_BUFLEN] = {};
  if (virDomainGetUUIDString(dom, uuid) == 0) d.uuid = uuid;
  return d;
}

JobProgress job_of(virDomainPtr dom) {
  virDomainJobInfo info{};
  JobProgress p;
  if (virDomainGetJobInfo(dom, &info) != 0) return p;
  p.active = info.type == VIR_DOMAIN_JOB_BOUNDED || info.type == VIR_DOMAIN_JOB_UNBOUNDED;
  p.elapsed_ms = static_cast<std::int64_t>(info.timeElapsed);
  p.data_total = static_cast<std::int64_t>(info.dataTotal);
  p.data_processed = static_cast<std::int64_t>(info.dataProcessed);
  p.data_remaining = static_cast<std::int64_t>(info.dataRemaining);
  if (p.active) p.operation = "migration or other job";
  return p;
}

}  // namespace

LibvirtHypervisor::LibvirtHypervisor(std::string node, std::string uri) : node_(std::move(node)), uri_(std::move(uri)) {
  quiet_libvirt();
  conn_.reset(virConnectOpenAuth(uri_.c_str(), virConnectAuthPtrDefault, 0));
  if (!conn_) throw Error(ErrorKind::unreachable, "cannot reach libvirtd on " + node_ + " (" + uri_ + "): " + last_error());
  // A peer that vanishes mid-call is noticed in ~15 s instead of never
  // (local drivers such as test:/// have no keepalive: -1 is fine there).
  virConnectSetKeepAlive(conn_.get(), 5, 3);
}

void LibvirtHypervisor::fail(const std::string& what) const { throw failure(what + " on " + node_ + " failed: " + last_error()); }

Domain LibvirtHypervisor::lookup(const std::string& name) {
  Domain d(virDomainLookupByName(conn_.get(), name.c_str()));
  if (!d) {
    if (last_error_is(VIR_ERR_NO_DOMAIN)) throw failure("no guest " + name + " on " + node_);
    fail("looking up " + name);
  }
  return d;
}

std::vector<DomainInfo> LibvirtHypervisor::list() {
  virDomainPtr* domains = nullptr;
  int n = virConnectListAllDomains(conn_.get(), &domains, 0);
  if (n < 0) fail("listing the guests");
  std::vector<DomainInfo> out;
  for (int i = 0; i < n; ++i) {
    Domain owned(domains[i]);
    out.push_back(info_of(owned.get()));
  }
  std::free(domains);  // the array is libvirt's malloc()ed memory
  return out;
}

std::optional<DomainInfo> LibvirtHypervisor::find(const std::string& name) {
  Domain d(virDomainLookupByName(conn_.get(), name.c_str()));
  if (!d) {
    if (last_error_is(VIR_ERR_NO_DOMAIN)) return std::nullopt;
    fail("looking up " + name);
  }
  return info_of(d.get());
}

std::string LibvirtHypervisor::domain_xml(const std::string& name) {
  auto d = lookup(name);
  char* xml = virDomainGetXMLDesc(d.get(), 0);
  if (!xml) fail("reading " + name + "'s XML");
  std::string out = xml;
  std::free(xml);
  return out;
}

void LibvirtHypervisor::define(const std::string& xml) {
  Domain d(virDomainDefineXMLFlags(conn_.get(), xml.c_str(), VIR_DOMAIN_DEFINE_VALIDATE));
  if (!d) fail("defining the guest");
}

void LibvirtHypervisor::start(const std::string& name) {
  if (virDomainCreate(lookup(name).get()) != 0) fail("starting " + name);
}

void LibvirtHypervisor::request_shutdown(const std::string& name) {
  if (virDomainShutdown(lookup(name).get()) != 0) fail("shutting " + name + " down");
}

void LibvirtHypervisor::destroy(const std::string& name) {
  if (virDomainDestroy(lookup(name).get()) != 0) fail("destroying " + name);
}

void LibvirtHypervisor::undefine(const std::string& name) {
  if (virDomainUndefine(lookup(name).get()) != 0) fail("undefining " + name);
}

JobProgress LibvirtHypervisor::job(const std::string& name) { return job_of(lookup(name).get()); }

void LibvirtHypervisor::migrate(const std::string& name, Hypervisor& target, const std::string&,
                                const std::function<void(const JobProgress&)>& progress) {
  auto* to = dynamic_cast<LibvirtHypervisor*>(&target);
  if (!to) throw failure("cannot migrate between transports (" + transport() + " to " + target.transport() + ")");
  auto d = lookup(name);
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::thread watcher;
  if (progress) {
    // libvirt connections are thread-safe: the job is read while the
    // migration call blocks.
    watcher = std::thread([&] {
      std::unique_lock lock(m);
      while (!cv.wait_for(lock, std::chrono::seconds(1), [&] { return done; })) {
        lock.unlock();
        progress(job_of(d.get()));
        lock.lock();
      }
    });
  }
  // The definition goes with the guest and leaves the source, so that the
  // guest is defined on exactly one node at any time.
  const unsigned flags = VIR_MIGRATE_LIVE | VIR_MIGRATE_PERSIST_DEST | VIR_MIGRATE_UNDEFINE_SOURCE;
  Domain moved(virDomainMigrate3(d.get(), to->conn_.get(), nullptr, 0, flags));
  std::string error = moved ? "" : last_error();
  {
    std::lock_guard lock(m);
    done = true;
  }
  cv.notify_all();
  if (watcher.joinable()) watcher.join();
  if (!moved) throw failure("migrating " + name + " from " + node_ + " to " + target.node() + " failed: " + error);
}

}  // namespace anvil::vm
