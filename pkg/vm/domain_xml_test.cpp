#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "plan/derive.hpp"
#include "plan/mutate.hpp"
#include "plan/vm_plan.hpp"
#include "vm/domain_xml.hpp"

using namespace anvil;

namespace {

plan::Cluster with_guest() {
  auto c = plan::make_cluster(plan::InitOptions{});
  return plan::add_guest(c, {"vm01-dev", "2G", 2, "/dev/an01-vg0/vm01-dev", "an-node01", "", {"cdrom", "hd"}});
}

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("a guest's domain XML: KVM, virtio disk on its LV uncached, virtio NIC on vbr2, serial console", "[vm][render]") {
  auto c = with_guest();
  auto xml = vm::render_domain_xml(c, *c.vm("vm01-dev"));
  CHECK(has(xml, "<domain type=\"kvm\">"));
  CHECK(has(xml, "<memory unit=\"MiB\">2048</memory>"));
  CHECK(has(xml, "<vcpu placement=\"static\">2</vcpu>"));
  CHECK(has(xml, "<driver name=\"qemu\" type=\"raw\" cache=\"none\" io=\"native\" />"));
  CHECK(has(xml, "<source dev=\"/dev/an01-vg0/vm01-dev\" />"));
  CHECK(has(xml, "<target dev=\"vda\" bus=\"virtio\" />"));
  CHECK(has(xml, "<source bridge=\"vbr2\" />"));
  CHECK(has(xml, "<model type=\"virtio\" />"));
  CHECK(has(xml, "<console type=\"pty\">"));
  CHECK(xml.find("<boot dev=\"cdrom\" />") < xml.find("<boot dev=\"hd\" />"));
  CHECK(vm::domain_name_of(xml) == "vm01-dev");
}

TEST_CASE("a guest's UUID and MAC stay the same across renders and differ between guests", "[vm][render]") {
  auto c = plan::add_guest(with_guest(), {"vm02-web", "1G", 1, "/dev/an02-vg0/vm02-web", "an-node02", "", {}});
  auto a = vm::guest_uuid(c, *c.vm("vm01-dev"));
  CHECK(a == vm::guest_uuid(c, *c.vm("vm01-dev")));
  CHECK(a != vm::guest_uuid(c, *c.vm("vm02-web")));
  CHECK(a.size() == 36);
  CHECK(a[14] == '5');
  CHECK(vm::guest_mac(c, *c.vm("vm01-dev")) == "52:54:00:a0:01:01");
  CHECK(vm::guest_mac(c, *c.vm("vm02-web")) == "52:54:00:a0:01:02");
}

TEST_CASE("a guest with its address only cannot be rendered", "[vm][render]") {
  auto c = plan::add_vm(plan::make_cluster(plan::InitOptions{}), "vm1", "");
  try {
    vm::render_domain_xml(c, *c.vm("vm1"));
    FAIL("rendered a guest without RAM");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "guest vm1 is missing its RAM (--ram), its vCPUs (--vcpus), its disk (--disk-lv) in the plan; set them with "
                                   "`anvil ip-plan set vm1.ram 2G` and the like");
  }
}
