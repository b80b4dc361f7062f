// The backends' constructors (internal to storage/): open_store() and
// open_store_readonly() (store.cpp) pick one by the spec.
#pragma once

#include <filesystem>
#include <memory>

#include "storage/store.hpp"

namespace nw::storage::sqlite {
std::unique_ptr<Store> open_store(const std::filesystem::path& path);
std::unique_ptr<StoreReader> open_reader(const std::filesystem::path& path);
}  // namespace nw::storage::sqlite

namespace nw::storage::postgresql {
std::unique_ptr<Store> open_store(const StoreSpec& spec);
std::unique_ptr<StoreReader> open_reader(const StoreSpec& spec);
}  // namespace nw::storage::postgresql
