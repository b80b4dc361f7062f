#include "alerts/routing.hpp"

#include <gtest/gtest.h>

namespace nw::alerts {
namespace {

const Time k_now = Time(std::chrono::sys_days(std::chrono::year{2026} / 3 / 1));

AlertFacts facts(std::string event = "contradiction", double difference = 0.5, int origins = 1) {
  return {std::move(event), "Belarus", "killed", difference, origins, k_now};
}

struct Case {
  const char* name;
  Route route;
  AlertFacts alert;
  std::optional<Time> last;
  bool wanted;
};

Route route(const std::function<void(Route&)>& edit) {
  Route r;
  r.target = "desk";
  edit(r);
  return r;
}

class RoutingTest : public testing::TestWithParam<Case> {};

TEST_P(RoutingTest, Wants) {
  const Case& c = GetParam();
  EXPECT_EQ(wants(c.route, c.alert, c.last), c.wanted);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RoutingTest,
    testing::Values(
        Case{"DefaultsTakeAllButConfirmed", route([](Route&) {}), facts(), std::nullopt, true},
        Case{"DefaultsSkipConfirmed", route([](Route&) {}), facts("confirmed"), std::nullopt,
             false},
        Case{"AskedForConfirmed", route([](Route& r) { r.events = {"confirmed"}; }),
             facts("confirmed", 0.01), std::nullopt, true},
        Case{"SubjectAnyCase", route([](Route& r) { r.subjects = {"belarus"}; }), facts(),
             std::nullopt, true},
        Case{"OtherSubject", route([](Route& r) { r.subjects = {"Nepal"}; }), facts(), std::nullopt,
             false},
        Case{"OtherMetric", route([](Route& r) { r.metrics = {"payment"}; }), facts(), std::nullopt,
             false},
        Case{"BelowMinDifference", route([](Route& r) { r.min_difference = 0.6; }), facts(),
             std::nullopt, false},
        Case{"AtMinDifference", route([](Route& r) { r.min_difference = 0.5; }), facts(),
             std::nullopt, true},
        Case{"TooFewOrigins", route([](Route& r) { r.min_origins = 2; }), facts(), std::nullopt,
             false},
        Case{"EnoughOrigins", route([](Route& r) { r.min_origins = 2; }),
             facts("contradiction", 0.5, 2), std::nullopt, true},
        Case{"InCooldown", route([](Route& r) { r.cooldown = std::chrono::hours(6); }), facts(),
             k_now - std::chrono::hours(5), false},
        Case{"AfterCooldown", route([](Route& r) { r.cooldown = std::chrono::hours(6); }), facts(),
             k_now - std::chrono::hours(6), true}),
    [](const testing::TestParamInfo<Case>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace nw::alerts
