// What the backends share: the failures' names and the choice of a backend.
#include "storage/store.hpp"

#include "config/config.hpp"
#include "storage/backends.hpp"

namespace nw::storage {

const char* to_string(StoreFailure failure) {
  switch (failure) {
    case StoreFailure::busy:
      return "busy";
    case StoreFailure::full:
      return "full";
    case StoreFailure::read_only:
      return "read_only";
    case StoreFailure::constraint:
      return "constraint";
    case StoreFailure::unreachable:
      return "unreachable";
    case StoreFailure::other:
      return "other";
  }
  return "other";
}

StoreSpec store_spec(const config::Config& config) {
  return {config.storage_path, config.storage_url, config.storage_password};
}

std::string display_name(const StoreSpec& spec) {
  return is_postgresql(spec) ? spec.url : spec.path.string();
}

bool is_postgresql(const StoreSpec& spec) {
  return spec.url.rfind("postgresql://", 0) == 0 || spec.url.rfind("postgres://", 0) == 0;
}

std::unique_ptr<Store> open_store(const StoreSpec& spec) {
  if (is_postgresql(spec)) return postgresql::open_store(spec);
  return sqlite::open_store(spec.path);
}

std::unique_ptr<StoreReader> open_store_readonly(const StoreSpec& spec) {
  if (is_postgresql(spec)) return postgresql::open_reader(spec);
  return sqlite::open_reader(spec.path);
}

}  // namespace nw::storage
