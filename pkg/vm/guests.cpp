#include "vm/guests.hpp"

#include <future>
#include <sstream>
#include <thread>

#include "core/time.hpp"
#include "drbd/node_state.hpp"
#include "exec/quote.hpp"
#include "exec/recording.hpp"
#include "plan/vm_plan.hpp"
#include "vm/domain_xml.hpp"
#include "vm/virsh_hypervisor.hpp"

#ifdef ANVIL_WITH_LIBVIRT
#include "vm/libvirt_hypervisor.hpp"
#endif

namespace anvil::vm {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

const plan::Vm& planned(const plan::Cluster& c, const std::string& name) {
  auto* v = c.vm(name);
  if (!v) throw failure("no guest '" + name + "' in the plan of cluster " + c.name + "; add it with `anvil vm add " + name + " ...`");
  return *v;
}

// The one node a guest is defined on (or the named one); throws when it is
// nowhere, or on another node than the one named.
Placement placed(GuestNodes& g, const std::string& name, const std::string& node) {
  auto where = locate(g, name);
  if (where.empty()) throw failure("guest " + name + " is not defined on any node of " + g.cluster().name + "; `anvil vm define " + name + "`");
  if (!node.empty()) {
    auto i = g.index_of(node);
    for (auto& p : where)
      if (p.node == i) return p;
    throw failure("guest " + name + " is not defined on " + node + " but on " + g.nodes()[where.front().node].node.name);
  }
  if (where.size() > 1)
    throw failure("guest " + name + " is defined on more than one node; name the node with --node");
  return where.front();
}

// One recorded change on a node: begun before, finished after.
class Recorded {
 public:
  Recorded(const OpSettings& s, const std::string& node, const std::string& guest, std::optional<std::string> before,
           std::optional<std::string> after)
      : log_(s.log) {
    if (log_) id_ = log_->begin({node, "vm", "vm/" + guest, std::move(before), std::move(after), "started"});
  }
  void done(const std::string& status) {
    if (log_) log_->finish(id_, status);
    finished_ = true;
  }
  ~Recorded() {
    if (!finished_ && log_) log_->finish(id_, "failed");
  }

 private:
  ledger::ChangeLog* log_;
  std::int64_t id_ = 0;
  bool finished_ = false;
};

bool dry(const OpSettings& s) { return s.log == nullptr; }

OpResult result(const std::string& guest, const std::string& node, const std::string& action, const std::string& outcome,
                const std::string& message, std::int64_t took = 0) {
  return {guest, node, action, outcome, message, took};
}

}  // namespace

bool library_available() {
#ifdef ANVIL_WITH_LIBVIRT
  return true;
#else
  return false;
#endif
}

Transport transport_named(const std::string& name) {
  if (name == "auto" || name.empty()) return library_available() ? Transport::libvirt : Transport::virsh;
  if (name == "virsh") return Transport::virsh;
  if (name == "libvirt") {
    if (!library_available())
      throw usage_error("this anvil is the static build, without the libvirt client library: use --transport virsh (the default here)");
    return Transport::libvirt;
  }
  throw usage_error("unknown transport '" + name + "': use auto, libvirt or virsh");
}

std::string transport_name(Transport t) { return t == Transport::libvirt ? "libvirt" : "virsh"; }

std::string libvirt_uri(const plan::Cluster& c, const plan::Node& n) {
  if (!n.libvirt_uri.empty()) return n.libvirt_uri;
  if (n.ssh.host == "local") return "qemu:///system";
  std::string host = n.ssh.host;
  if (host.empty())
    if (auto* a = n.address_on("bcn")) host = a->ip.str();
  (void)c;
  std::string uri = "qemu+ssh://" + (n.ssh.user.empty() ? std::string("root") : n.ssh.user) + "@" + host;
  if (n.ssh.port) uri += ":" + std::to_string(n.ssh.port);
  uri += "/system";
  if (!n.ssh.identity.empty()) uri += "?keyfile=" + n.ssh.identity;
  return uri;
}

GuestNodes::GuestNodes(plan::Cluster cluster, std::vector<node::NodeRef> nodes, Transport t)
    : cluster_(std::move(cluster)), transport_(t), sessions_(std::move(nodes)) {
  side_.resize(sessions_.nodes().size());
  executors_.resize(sessions_.nodes().size());
  hypervisors_.resize(sessions_.nodes().size());
}

// Members go in reverse: hypervisors (which use the executors), executors,
// then the sessions; the explicit order keeps that obvious.
GuestNodes::~GuestNodes() {
  hypervisors_.clear();
  executors_.clear();
  side_.clear();
}

std::size_t GuestNodes::index_of(const std::string& node) const {
  for (std::size_t i = 0; i < nodes().size(); ++i)
    if (nodes()[i].node.name == node) return i;
  throw usage_error("no node " + node + " in cluster " + cluster_.name);
}

exec::Executor& GuestNodes::executor(std::size_t i) {
  if (!executors_.at(i)) executors_[i] = std::make_unique<exec::SessionExecutor>(sessions_.session(i));
  return *executors_[i];
}

void GuestNodes::lock(std::size_t i, const std::string& holder, std::chrono::seconds wait) { sessions_.lock(i, holder, wait); }

Hypervisor& GuestNodes::hypervisor(std::size_t i) {
  if (hypervisors_.at(i)) return *hypervisors_[i];
  const auto& n = nodes().at(i).node;
  if (transport_ == Transport::libvirt) {
#ifdef ANVIL_WITH_LIBVIRT
    hypervisors_[i] = std::make_unique<LibvirtHypervisor>(n.name, libvirt_uri(cluster_, n));
#endif
  } else {
    auto side = [this, i](const std::string& line) {
      if (!side_[i]) side_[i] = std::make_unique<node::NodeSessions>(std::vector<node::NodeRef>{nodes()[i]});
      auto r = side_[i]->session(0).run({line, "", std::chrono::seconds(20), false});
      if (!r.ok()) throw failure(virsh_error(r.err));
      return r.out;
    };
    hypervisors_[i] = std::make_unique<VirshHypervisor>(executor(i), side);
  }
  return *hypervisors_[i];
}

std::vector<NodeGuests> list_guests(const plan::Cluster& c, const std::vector<node::NodeRef>& nodes, Transport t) {
  // One GuestNodes per node, each read on its own thread: a node that does
  // not answer costs its timeout once, not once per node.
  std::vector<std::future<NodeGuests>> reads;
  for (auto& ref : nodes)
    reads.push_back(std::async(std::launch::async, [&c, ref, t] {
      NodeGuests out{ref.node.name, {}, std::nullopt};
      try {
        GuestNodes one(c, {ref}, t);
        out.domains = one.hypervisor(0).list();
      } catch (const Error& e) {
        out.error = e;
      } catch (const std::exception& e) {
        out.error = failure(e.what());
      }
      return out;
    }));
  std::vector<NodeGuests> out;
  for (auto& r : reads) out.push_back(r.get());
  return out;
}

std::vector<Placement> locate(GuestNodes& g, const std::string& name) {
  std::vector<Placement> out;
  for (std::size_t i = 0; i < g.nodes().size(); ++i)
    if (auto d = g.hypervisor(i).find(name)) out.push_back({i, *d});
  return out;
}

OpResult define_guest(GuestNodes& g, const plan::Vm& guest, const std::string& node, const OpSettings& s) {
  auto xml = render_domain_xml(g.cluster(), guest);
  const std::string target = node.empty() ? plan::home_of(g.cluster(), guest).name : node;
  auto i = g.index_of(target);
  std::optional<std::string> before;
  for (auto& p : locate(g, guest.name)) {
    if (p.node != i)
      throw failure(guest.name + " is defined on " + g.nodes()[p.node].node.name + " already: a guest is defined on one node at a time "
                    "(`anvil vm undefine " + guest.name + "` there first, or migrate it)");
    before = g.hypervisor(i).domain_xml(guest.name);
  }
  // rgmanager starts the guest from its definition on the shared GFS2
  // filesystem, wherever it runs: the same XML goes there too.
  const auto dir = plan::guest_definitions_dir(g.cluster());
  const auto file = dir + "/" + guest.name + ".xml";
  if (dry(s))
    return result(guest.name, target, "define", "would", "would define " + guest.name + " on " + target + " and write " + file);
  g.lock(i, s.holder, s.lock_wait);
  auto start = Clock::now();
  Recorded rec(s, target, guest.name, before, xml);
  g.hypervisor(i).define(xml);
  rec.done("applied");
  std::string copy;
  auto& ex = g.executor(i);
  if (ex.run({"test -d " + exec::shell_quote(dir), "", std::chrono::seconds(10), false}).ok()) {
    exec::RecordingExecutor recording(ex, *s.log);
    recording.write_file({file, xml, "0644", "root:root", false});
    copy = "; its definition for rgmanager is " + file;
  } else {
    copy = "; " + dir + " is not there on " + target + " (GFS2 not mounted?): rgmanager's copy was not written";
  }
  return result(guest.name, target, "define", "done", (before ? "redefined " : "defined ") + guest.name + " on " + target + copy,
                ms_since(start));
}

OpResult start_guest(GuestNodes& g, const std::string& name, const std::string& node, const OpSettings& s) {
  planned(g.cluster(), name);
  auto p = placed(g, name, node);
  const auto& where = g.nodes()[p.node].node.name;
  for (auto& other : locate(g, name))
    if (other.node != p.node && other.domain.state == state_running)
      throw failure(name + " runs on " + g.nodes()[other.node].node.name + " already");
  if (p.domain.state == state_running) return result(name, where, "start", "already", name + " is running on " + where + " already");
  if (dry(s)) return result(name, where, "start", "would", "would start " + name + " on " + where);
  g.lock(p.node, s.holder, s.lock_wait);
  auto start = Clock::now();
  Recorded rec(s, where, name, p.domain.state, std::string(state_running));
  g.hypervisor(p.node).start(name);
  rec.done("applied");
  return result(name, where, "start", "done", "started " + name + " on " + where, ms_since(start));
}

OpResult shutdown_guest(GuestNodes& g, const std::string& name, const std::string& node, std::chrono::seconds deadline,
                        const OpSettings& s) {
  planned(g.cluster(), name);
  auto p = placed(g, name, node);
  const auto& where = g.nodes()[p.node].node.name;
  if (p.domain.state == state_shut_off) return result(name, where, "shutdown", "already", name + " is shut off on " + where + " already");
  if (dry(s)) return result(name, where, "shutdown", "would", "would shut " + name + " down on " + where + " (waiting up to " +
                                                                  std::to_string(deadline.count()) + " s)");
  g.lock(p.node, s.holder, s.lock_wait);
  auto start = Clock::now();
  Recorded rec(s, where, name, p.domain.state, std::string(state_shut_off));
  auto& hv = g.hypervisor(p.node);
  hv.request_shutdown(name);
  std::string state = p.domain.state;
  while (Clock::now() - start < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto d = hv.find(name);
    state = d ? d->state : std::string(state_shut_off);  // a transient guest is gone once off
    if (state == state_shut_off) {
      rec.done("applied");
      return result(name, where, "shutdown", "done", name + " shut down on " + where, ms_since(start));
    }
  }
  rec.done("failed");
  return result(name, where, "shutdown", "timed-out",
                name + " is still " + state + " on " + where + " after " + std::to_string(deadline.count()) +
                    " s (its OS did not act on the ACPI request); wait longer with --timeout, or `anvil vm destroy " + name + " --yes`",
                ms_since(start));
}

OpResult destroy_guest(GuestNodes& g, const std::string& name, const std::string& node, const OpSettings& s) {
  planned(g.cluster(), name);
  auto p = placed(g, name, node);
  const auto& where = g.nodes()[p.node].node.name;
  if (p.domain.state == state_shut_off) return result(name, where, "destroy", "already", name + " is shut off on " + where + " already");
  if (dry(s)) return result(name, where, "destroy", "would", "would power " + name + " off on " + where + " (no clean shutdown)");
  g.lock(p.node, s.holder, s.lock_wait);
  auto start = Clock::now();
  Recorded rec(s, where, name, p.domain.state, std::string(state_shut_off));
  g.hypervisor(p.node).destroy(name);
  rec.done("applied");
  return result(name, where, "destroy", "done", "powered " + name + " off on " + where, ms_since(start));
}

OpResult undefine_guest(GuestNodes& g, const std::string& name, const std::string& node, const OpSettings& s) {
  planned(g.cluster(), name);
  auto p = placed(g, name, node);
  const auto& where = g.nodes()[p.node].node.name;
  if (p.domain.state != state_shut_off)
    throw failure(name + " is " + p.domain.state + " on " + where + ": shut it down first (`anvil vm shutdown " + name + "`)");
  if (dry(s)) return result(name, where, "undefine", "would", "would undefine " + name + " on " + where);
  g.lock(p.node, s.holder, s.lock_wait);
  auto start = Clock::now();
  Recorded rec(s, where, name, g.hypervisor(p.node).domain_xml(name), std::nullopt);
  g.hypervisor(p.node).undefine(name);
  rec.done("applied");
  return result(name, where, "undefine", "done", "undefined " + name + " on " + where, ms_since(start));
}

NodeFacts read_facts(GuestNodes& g, std::size_t i, const plan::Vm* guest) {
  NodeFacts f;
  f.node = g.nodes().at(i).node.name;
  auto* ifn = g.cluster().network("ifn");
  const std::string bridge = ifn && !ifn->bridge.empty() ? ifn->bridge : "vbr2";
  try {
    auto& ex = g.executor(i);
    // One round trip for the plain facts; each value reaches the shell quoted.
    std::string script = "b=" + exec::shell_quote(bridge) + "; d=" + exec::shell_quote(guest ? guest->disk_lv : std::string()) +
                         "\n"
                         "if [ -d \"/sys/class/net/$b/bridge\" ]; then echo bridge=yes; else echo bridge=no; fi\n"
                         "if [ -n \"$d\" ] && [ -b \"$d\" ]; then echo disk=yes; else echo disk=no; fi\n"
                         "sed -n 's/^MemAvailable: *\\([0-9]*\\) kB$/mem=\\1/p' /proc/meminfo\n";
    auto r = ex.run({script, "", std::chrono::seconds(20), false});
    if (!r.ok()) throw failure("reading the bridge, the disk and the memory failed (" + r.describe() + ")");
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) {
      if (line == "bridge=yes") f.has_bridge = true;
      if (line == "disk=yes") f.has_disk = true;
      if (line.rfind("mem=", 0) == 0) f.mem_available_kib = std::stoll("0" + line.substr(4));
    }
    try {
      f.drbd = drbd::read_state(ex);
    } catch (const Error& e) {
      f.unreadable.push_back(std::string("DRBD: ") + e.what());
    }
  } catch (const Error& e) {
    f.unreadable.push_back(e.what());
    return f;
  }
  try {
    f.domains = g.hypervisor(i).list();
  } catch (const Error& e) {
    f.unreadable.push_back(e.what());
  }
  return f;
}

std::vector<std::string> running_on(GuestNodes& g, const std::string& node) {
  std::vector<std::string> out;
  for (auto& d : g.hypervisor(g.index_of(node)).list())
    if (d.state == state_running) out.push_back(d.name);
  return out;
}

std::vector<Migration> migrate_guests(GuestNodes& g, const std::vector<std::string>& guests, const std::string& from,
                                      const std::string& to, const OpSettings& s, const ProgressFn& progress) {
  const auto& c = g.cluster();
  for (auto& name : guests) planned(c, name);
  if (!from.empty()) g.index_of(from);
  if (!to.empty()) g.index_of(to);
  if (!from.empty() && from == to) throw usage_error("--from and --to name the same node, " + from);
  std::vector<Migration> out;
  bool any_refused = false;
  // Guests of one run that go to one node share its memory: each later
  // guest sees what the earlier ones will take.
  std::vector<std::int64_t> promised_kib(g.nodes().size(), 0);
  for (auto& name : guests) {
    const auto& v = *c.vm(name);
    Migration m;
    m.guest = name;
    std::optional<std::size_t> src;
    for (std::size_t i = 0; i < g.nodes().size(); ++i) {
      std::optional<DomainInfo> d;
      try {
        d = g.hypervisor(i).find(name);
      } catch (const Error&) {
        continue;  // the preflight reads the node again and says why it cannot
      }
      if (d && (d->state == state_running || !src)) src = i;
    }
    if (!from.empty()) src = g.index_of(from);
    if (!src) src = g.index_of(plan::home_of(c, v).name);
    std::size_t dst = !to.empty() ? g.index_of(to) : (*src + 1) % g.nodes().size();
    m.from = g.nodes()[*src].node.name;
    m.to = g.nodes()[dst].node.name;
    if (dst == *src) {
      m.blockers.push_back({"vm.on-target", name + " is on " + m.to + " already"});
    } else {
      auto source = read_facts(g, *src, &v);
      auto target = read_facts(g, dst, &v);
      JobProgress job;
      if (auto* d = domain_in(source, name); d && d->state == state_running) {
        try {
          job = g.hypervisor(*src).job(name);
        } catch (const Error& e) {
          m.blockers.push_back({"node.unreadable", "cannot tell whether " + name + " is being migrated: " + e.what()});
        }
      }
      target.mem_available_kib -= promised_kib[dst];
      auto more = migration_blockers(c, v, source, target, job);
      m.blockers.insert(m.blockers.end(), more.begin(), more.end());
      if (auto* d = domain_in(source, name)) promised_kib[dst] += d->max_memory_kib + qemu_overhead_kib;
    }
    m.outcome = m.blockers.empty() ? (dry(s) ? "would" : "pending") : "refused";
    any_refused = any_refused || !m.blockers.empty();
    out.push_back(m);
  }
  if (any_refused || dry(s)) {
    for (auto& m : out)
      if (m.outcome == "pending") m.outcome = "held";  // another guest was refused: nothing moves
    return out;
  }
  bool stopped = false;
  for (auto& m : out) {
    if (stopped) {
      m.outcome = "not-started";
      continue;
    }
    auto src = g.index_of(m.from), dst = g.index_of(m.to);
    g.lock(src, s.holder, s.lock_wait);
    g.lock(dst, s.holder, s.lock_wait);
    auto start = Clock::now();
    Recorded rec(s, m.from, m.guest, m.from, m.to);
    try {
      g.hypervisor(src).migrate(m.guest, g.hypervisor(dst), libvirt_uri(c, g.nodes()[dst].node),
                                [&](const JobProgress& p) { if (progress) progress(m.guest, p); });
      auto there = g.hypervisor(dst).find(m.guest);
      if (!there || there->state != state_running)
        throw failure(m.guest + " is not running on " + m.to + " after the migration" + (there ? " (" + there->state + ")" : ""));
      m.took_ms = ms_since(start);
      m.outcome = "migrated";
      rec.done("applied");
    } catch (const Error& e) {
      m.took_ms = ms_since(start);
      m.outcome = "failed";
      m.error = e.what();
      rec.done("failed");
      stopped = true;
    }
  }
  return out;
}

}  // namespace anvil::vm
