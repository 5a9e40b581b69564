// Parsers over virsh's own output, captured from virsh 9.0 (Debian 12)
// against the test driver and the two-libvirtd test setup.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "vm/virsh_hypervisor.hpp"
#include "vm/virsh_text.hpp"

using namespace anvil;
using namespace anvil::vm;

TEST_CASE("virsh list --all: names and states, two-word states included", "[vm][virsh]") {
  auto rows = parse_virsh_list(" Id   Name       State\n"
                               "---------------------------\n"
                               " 1    test       running\n"
                               " -    vm01-dev   shut off\n\n");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == std::pair<std::string, std::string>{"test", "running"});
  CHECK(rows[1] == std::pair<std::string, std::string>{"vm01-dev", "shut off"});
  CHECK_THROWS_AS(parse_virsh_list("error: failed to connect to the hypervisor\n"), Error);
}

TEST_CASE("virsh dominfo", "[vm][virsh]") {
  auto d = parse_dominfo("Id:             1\n"
                         "Name:           test\n"
                         "UUID:           6695eb01-f6a4-8304-79aa-97f2502e193f\n"
                         "OS Type:        linux\n"
                         "State:          running\n"
                         "CPU(s):         2\n"
                         "CPU time:       1795658790.5s\n"
                         "Max memory:     8388608 KiB\n"
                         "Used memory:    2097152 KiB\n"
                         "Persistent:     yes\n"
                         "Autostart:      disable\n"
                         "Managed save:   no\n"
                         "Security model: testSecurity\n"
                         "Security DOI:   \n"
                         "Security label: libvirt-test (enforcing)\n");
  CHECK(d.name == "test");
  CHECK(d.state == "running");
  CHECK(d.vcpus == 2);
  CHECK(d.max_memory_kib == 8388608);
  CHECK(d.persistent);
  CHECK(d.uuid == "6695eb01-f6a4-8304-79aa-97f2502e193f");
  CHECK(parse_dominfo("Id:             -\nName:           vm1\nState:          shut off\nPersistent:     no\n").state == "shut off");
  CHECK_THROWS_AS(parse_dominfo("nonsense\n"), Error);
}

TEST_CASE("virsh domjobinfo: no job, and a migration under way", "[vm][virsh]") {
  CHECK_FALSE(parse_domjobinfo("Job type:         None        \n\n").active);
  auto p = parse_domjobinfo("Job type:         Unbounded   \n"
                            "Operation:        Outgoing migration\n"
                            "Time elapsed:     1203         ms\n"
                            "Data processed:   20.125 MiB\n"
                            "Data remaining:   48.000 MiB\n"
                            "Data total:       64.000 MiB\n"
                            "Memory processed: 20.125 MiB\n");
  CHECK(p.active);
  CHECK(p.operation == "Outgoing migration");
  CHECK(p.elapsed_ms == 1203);
  CHECK(p.data_total == 64 * 1024 * 1024);
  CHECK(p.data_remaining == 48 * 1024 * 1024);
  CHECK(p.percent() == 25);
  CHECK(parse_virsh_size("1.500 GiB") == 1610612736);
}

TEST_CASE("virsh's error lines become one line", "[vm][virsh]") {
  CHECK(virsh_error("error: failed to get domain 'nosuch'\n\n") == "failed to get domain 'nosuch'");
  CHECK(virsh_error("error: failed to connect to the hypervisor\nerror: Cannot recv data: Connection reset by peer\n") ==
        "failed to connect to the hypervisor: Cannot recv data: Connection reset by peer");
}
