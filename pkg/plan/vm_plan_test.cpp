#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "plan/derive.hpp"
#include "plan/mutate.hpp"
#include "plan/validate.hpp"
#include "plan/vm_plan.hpp"

using namespace anvil;
using namespace anvil::plan;

namespace {
ErrorKind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind();
  }
  FAIL("no error");
  return ErrorKind::failed;
}
}  // namespace

TEST_CASE("guest RAM in G, M or MiB", "[plan][vm]") {
  CHECK(parse_ram_mib("ram", "2G") == 2048);
  CHECK(parse_ram_mib("ram", "2GiB") == 2048);
  CHECK(parse_ram_mib("ram", "512M") == 512);
  CHECK(parse_ram_mib("ram", "768") == 768);
  CHECK(ram_text(2048) == "2G");
  CHECK(ram_text(1536) == "1536M");
  for (auto bad : {"", "G", "2T", "2 G", "-1G", "16", "99999999"}) CHECK(kind_of([&] { parse_ram_mib("ram", bad); }) == ErrorKind::usage);
}

TEST_CASE("vm add puts a sized guest in the plan; its keys are settable", "[plan][vm]") {
  auto c = add_guest(make_cluster(InitOptions{}), {"vm1", "1G", 2, "/dev/vg0/vm1", "an-node02", "", {}});
  auto& v = *c.vm("vm1");
  CHECK(v.ram_mib == 1024);
  CHECK(v.vcpus == 2);
  CHECK(v.preferred_node == "an-node02");
  CHECK(v.address.ip.str() == "10.255.1.1");
  CHECK(current_value(c, "vm1.boot") == "hd");
  c = set_value(c, "vm1.ram", "4G");
  c = set_value(c, "vm1.boot", "network,hd");
  CHECK(current_value(c, "vm1.ram") == "4G");
  CHECK(current_value(c, "vm1.boot") == "network,hd");
  CHECK(kind_of([&] { set_value(c, "vm1.node", "an-node09"); }) == ErrorKind::usage);
  CHECK(kind_of([&] { set_value(c, "vm1.disk-lv", "/etc/passwd"); }) == ErrorKind::usage);
  CHECK(kind_of([&] { set_value(c, "vm1.disk-lv", "/dev/vg0/$(reboot)"); }) == ErrorKind::usage);
  CHECK(kind_of([&] { set_value(c, "vm1.boot", "floppy"); }) == ErrorKind::usage);
  CHECK(kind_of([&] { set_value(c, "vm1.vcpus", "0"); }) == ErrorKind::usage);
}

TEST_CASE("vm add completes a guest the IP plan added, and refuses a second one", "[plan][vm]") {
  auto c = add_vm(make_cluster(InitOptions{}), "vm1", "10.255.1.9");
  c = add_guest(c, {"vm1", "1G", 1, "/dev/vg0/vm1", "an-node01", "", {}});
  CHECK(c.vm("vm1")->address.ip.str() == "10.255.1.9");
  CHECK(c.vm("vm1")->ram_mib == 1024);
  CHECK(kind_of([&] { add_guest(c, {"vm1", "1G", 1, "/dev/vg0/vm1b", "an-node01", "", {}}); }) == ErrorKind::failed);
  CHECK(kind_of([&] { add_guest(c, {"vm2", "1G", 1, "/dev/vg0/vm1", "an-node01", "", {}}); }) == ErrorKind::failed);  // its disk
}

TEST_CASE("NODE.libvirt-uri takes a URI or default", "[plan][vm]") {
  auto c = set_value(make_cluster(InitOptions{}), "an-node01.libvirt-uri", "qemu+tcp://127.0.0.2/system");
  CHECK(current_value(c, "an-node01.libvirt-uri") == "qemu+tcp://127.0.0.2/system");
  CHECK(current_value(set_value(c, "an-node01.libvirt-uri", "default"), "an-node01.libvirt-uri") == "default");
  CHECK(kind_of([&] { set_value(c, "an-node01.libvirt-uri", "not a uri"); }) == ErrorKind::usage);
}
