#include <catch2/catch.hpp>

#include "plan/derive.hpp"
#include "plan/hosts.hpp"
#include "plan/mutate.hpp"

using namespace anvil::plan;

TEST_CASE("the /etc/hosts block of the seed's plan", "[plan][hosts]") {
  auto c = add_vm(add_device(make_cluster(InitOptions{}), "pdu", "pdu1", ""), "vm1", "");
  CHECK(render_hosts(c) ==
        "# anvil: cluster an-cluster-01 (generated from the IP plan; edit the plan, not this block)\n"
        "\n# an-node01\n"
        "10.20.0.1       an-node01 an-node01.example.com an-node01.bcn\n"
        "10.10.0.1       an-node01.sn\n"
        "10.255.0.1      an-node01.ifn\n"
        "10.20.1.1       an-node01.ipmi an-node01-ipmi\n"
        "\n# an-node02\n"
        "10.20.0.2       an-node02 an-node02.example.com an-node02.bcn\n"
        "10.10.0.2       an-node02.sn\n"
        "10.255.0.2      an-node02.ifn\n"
        "10.20.1.2       an-node02.ipmi an-node02-ipmi\n"
        "\n# fence devices, switches and UPSes\n"
        "10.20.2.1       pdu1 pdu1.example.com\n"
        "\n# virtual machines\n"
        "10.255.1.1      vm1 vm1.example.com\n");
}
