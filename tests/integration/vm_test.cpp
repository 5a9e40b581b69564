// `anvil vm` against libvirt's test driver, through both transports: virsh
// run on the sshd nodes (whose login environment points virsh at a
// test-driver file in the node's own /root) and the libvirt client library
// in this process (the same file, by a test:/// URI). The test driver
// starts every connection from its file, so each anvil run sees the file's
// state: a guest vm1 shut off and a guest vm2 running that the plan does
// not know. Live migration between real libvirtds is in vm_migrate_test.cpp.
#include <catch2/catch.hpp>

#include "integration/ssh_cluster.hpp"

using namespace anvil::test;
using nlohmann::json;

namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// The table's cells with one space between them, whatever the widths.
std::string squeezed(const std::string& text) {
  std::string out;
  for (char ch : text)
    if (ch != ' ' || (!out.empty() && out.back() != ' ')) out += ch;
  return out;
}

const char* guests_xml =
    "<node>\n"
    "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
    "    <name>vm1</name><memory unit='MiB'>1024</memory><vcpu>1</vcpu><os><type>hvm</type></os>\n"
    "    <test:runstate>5</test:runstate>\n"
    "  </domain>\n"
    "  <domain type='test'>\n"
    "    <name>vm2</name><memory unit='MiB'>512</memory><vcpu>2</vcpu><os><type>hvm</type></os>\n"
    "  </domain>\n"
    "</node>\n";

// an-node02 has the guests; an-node03's libvirtd has none.
void test_driver_nodes(const SshCluster& c) {
  write_file(c.home("127.0.0.2") + "/guests.xml", guests_xml);
  write_file(c.home("127.0.0.3") + "/guests.xml", "<node>\n</node>\n");
  for (auto [addr, node] : {std::pair{"127.0.0.2", "an-node02"}, std::pair{"127.0.0.3", "an-node03"}}) {
    c.set_environment(addr, "LIBVIRT_DEFAULT_URI=test:///root/guests.xml\n");
    c.run_ok({"ip-plan", "set", std::string(node) + ".libvirt-uri", "test://" + c.home(addr) + "/guests.xml"});
  }
  c.run_ok({"vm", "add", "vm1", "--ram", "1G", "--vcpus", "1", "--disk-lv", "/dev/an02-vg0/vm1", "--node", "an-node02"});
}

std::vector<std::string> transports() {
  if (static_build()) return {"virsh"};
  return {"virsh", "libvirt"};
}

}  // namespace

TEST_CASE("vm list, info and the operations against the test driver, through both transports", "[ssh][vm]") {
  NEEDS_ROOT();
  SshCluster c;
  test_driver_nodes(c);
  for (auto& t : transports()) {
    INFO("transport " << t);
    auto list = c.run_ok({"vm", "list", "--transport", t});
    INFO(list.out);
    CHECK(has(squeezed(list.out), "vm1 shut off an-node02 1G 1 an-node02 yes\n"));
    CHECK(has(squeezed(list.out), "vm2 running an-node02 512M 2 - NOT IN PLAN\n"));
    auto doc = c.json({"vm", "list", "--transport", t});
    CHECK(doc["transport"] == t);
    CHECK(doc["guests"].size() == 2);

    auto info = c.run_ok({"vm", "info", "vm1", "--transport", t});
    CHECK(has(info.out, "on an-node02:  shut off, 1G, 1 vCPUs"));
    CHECK(has(info.out, "not anvil's definition"));  // the file's UUID is not the plan's

    auto started = c.run_ok({"vm", "start", "vm1", "--transport", t, "--reason", "test " + t});
    CHECK(started.out == "started vm1 on an-node02\n");
    auto already = c.run_ok({"vm", "shutdown", "vm1", "--transport", t});  // a fresh connection: off again
    CHECK(already.out == "vm1 is shut off on an-node02 already\n");
    auto undefined = c.json({"vm", "undefine", "vm1", "--transport", t});
    CHECK(undefined["outcome"] == "done");
    CHECK(undefined["node"] == "an-node02");
    auto dry = c.run_ok({"--dry-run", "vm", "start", "vm1", "--transport", t});
    CHECK(dry.out == "would start vm1 on an-node02\n");
  }
  auto history = c.run_ok({"history"});
  CHECK(has(history.out, "vm start"));
  CHECK(has(history.out, "started vm1 on an-node02"));
  CHECK(has(history.out, "vm undefine"));
}

TEST_CASE("vm operations refuse unknown guests, wrong states and unconfirmed destroys, changing nothing", "[ssh][vm]") {
  NEEDS_ROOT();
  SshCluster c;
  test_driver_nodes(c);
  for (auto& t : transports()) {
    INFO("transport " << t);
    auto unknown = c.run({"vm", "start", "nosuch", "--transport", t});
    CHECK(unknown.status == 1);
    CHECK(unknown.err == "anvil: no guest 'nosuch' in the plan of cluster an-cluster-01; add it with `anvil vm add nosuch ...`\n");
    auto destroy = c.run({"vm", "destroy", "vm1", "--transport", t});
    CHECK(destroy.status == 2);  // not confirmed: no terminal, no --yes
    CHECK(has(destroy.err, "confirm with --yes"));
    auto elsewhere = c.run({"vm", "start", "vm1", "--node", "an-node03", "--transport", t});
    CHECK(elsewhere.status == 1);
    CHECK(elsewhere.err == "anvil: guest vm1 is not defined on an-node03 but on an-node02\n");
    auto migrate = c.run({"vm", "migrate", "vm1", "--transport", t});
    CHECK(migrate.status == 1);
    CHECK(has(migrate.err, "[vm.not-running] vm1 is shut off on an-node02, not running"));
    CHECK(has(migrate.err, "[drbd.none-planned]"));
  }
  auto history = c.run_ok({"history"});
  CHECK_FALSE(has(history.out, "started vm1"));
}

TEST_CASE("vm commands say clearly when a node or its libvirtd is down", "[ssh][vm]") {
  NEEDS_ROOT();
  SshCluster c;
  test_driver_nodes(c);
  // an-node03's libvirtd does not answer (nothing listens there).
  c.set_environment("127.0.0.3", "LIBVIRT_DEFAULT_URI=qemu+tcp://127.0.0.3:1/system\n");
  c.run_ok({"ip-plan", "set", "an-node03.libvirt-uri", "qemu+tcp://127.0.0.3:1/system"});
  for (auto& t : transports()) {
    INFO("transport " << t);
    auto list = c.run({"vm", "list", "--transport", t});
    CHECK(list.status == 3);  // one node answered
    CHECK(has(list.out, "vm1"));
    CHECK(has(list.err, "an-node03"));
    CHECK(has(list.err, "127.0.0.3:1"));
    auto start = c.run({"vm", "start", "vm1", "--transport", t});
    CHECK(start.status == 10);
    CHECK(has(start.err, "an-node03"));
  }
  // The node itself is down (nothing listens on its SSH port): virsh cannot run there.
  c.run_ok({"ip-plan", "set", "an-node03.ssh-port", "1"});
  auto down = c.run({"vm", "list", "--transport", "virsh"});
  CHECK(down.status == 3);
  CHECK(has(down.err, "an-node03"));
}
