// Writes newswatch(1) from the command table: run by the build, not installed.
#include <fstream>
#include <iostream>

#include "cli/help.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: newswatch_man OUTPUT\n";
    return 2;
  }
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out << nw::cli::man_page();
  return out.flush() ? 0 : 1;
}
