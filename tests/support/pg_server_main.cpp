// newswatch_pg_server start|stop DIR: the ctest fixture around the tests that
// need PostgreSQL (tests/CMakeLists.txt). Without PostgreSQL's binaries,
// `start` says so and succeeds, and those tests skip with the same message.
#include <cstring>
#include <iostream>

#include "support/pg_server.hpp"

int main(int argc, char** argv) {
  if (argc != 3 || (std::strcmp(argv[1], "start") != 0 && std::strcmp(argv[1], "stop") != 0)) {
    std::cerr << "usage: newswatch_pg_server start|stop DIR\n";
    return 2;
  }
  if (std::strcmp(argv[1], "stop") == 0) {
    nw::test::stop_pg_cluster(argv[2]);
    return 0;
  }
  if (const auto why = nw::test::pg_unavailable()) {
    std::cout << *why << "\n";
    return 0;
  }
  try {
    nw::test::start_pg_cluster(argv[2]);
  } catch (const std::exception& e) {
    std::cerr << "newswatch_pg_server: " << e.what() << "\n";
    return 1;
  }
  std::cout << "PostgreSQL listening in " << argv[2] << "\n";
  return 0;
}
