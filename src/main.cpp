// newswatch: watches the news for figures. See `newswatch help`.
#include <malloc.h>

#include <string>
#include <vector>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  // glibc gives each thread that allocates its own arena (up to 8 per core),
  // each keeping freed memory of its own; the fetch, prepare and writer threads
  // need no more than two (a first poll of 500 feeds: 56 -> 50 MB peak).
  mallopt(M_ARENA_MAX, 2);
  return nw::cli::run_command_line(std::vector<std::string>(argv, argv + argc));
}
