// LeakSanitizer's suppressions for the ASan+UBSan test binary (linked only
// when NEWSWATCH_SANITIZE is on).
//
// libpq, as libpqxx 6.4 (Debian 12) drives it, does not free the result of a
// statement that fails on a connection the server has dropped: seen when BEGIN
// runs on a connection whose server restarted (PostgresReconnectTest). Only
// allocations made inside libpq are suppressed: a libpqxx object our code
// leaked would still be reported, from our own allocation.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libpq.so\n";
}
