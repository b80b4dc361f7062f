// The periodic timer that drives delivery rounds and the stop drain.
#include "daemon/periodic_timer.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace nw::daemon {
namespace {

using namespace std::chrono_literals;

TEST(PeriodicTimer, TicksAfterEachDoneUntilStopped) {
  boost::asio::io_context io;
  int ticks = 0;
  std::unique_ptr<PeriodicTimer> timer;
  timer = std::make_unique<PeriodicTimer>(io, 5ms, [&](std::function<void()> done) {
    if (++ticks == 3) timer->stop();
    // Done later, from another handler: the next tick waits for it.
    boost::asio::post(io, std::move(done));
  });
  timer->start();
  io.run();  // returns once stopped: nothing left to wait for
  EXPECT_EQ(ticks, 3);
}

TEST(PeriodicTimer, ATickThatIsNeverDoneStopsTheTicks) {
  boost::asio::io_context io;
  int ticks = 0;
  PeriodicTimer timer(io, 1ms, [&](std::function<void()>) { ++ticks; });
  timer.start();
  io.run();
  EXPECT_EQ(ticks, 1);
}

TEST(PeriodicTimer, DoneAfterTheTimerIsGoneDoesNothing) {
  boost::asio::io_context io;
  std::function<void()> kept;
  {
    PeriodicTimer timer(io, 1ms, [&](std::function<void()> done) { kept = std::move(done); });
    timer.start();
    io.run_one();
  }
  ASSERT_TRUE(kept);
  kept();
  io.restart();
  EXPECT_EQ(io.run(), 0u);
}

}  // namespace
}  // namespace nw::daemon
