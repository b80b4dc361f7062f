# Interface targets for warnings and sanitizers; every target links them.
add_library(newswatch_warnings INTERFACE)
target_compile_options(newswatch_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                                    -Wnon-virtual-dtor -Wcast-align)
if(NEWSWATCH_WERROR)
  target_compile_options(newswatch_warnings INTERFACE -Werror)
endif()

add_library(newswatch_sanitizers INTERFACE)
if(NEWSWATCH_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_compile_options(newswatch_sanitizers INTERFACE ${_san})
  target_link_options(newswatch_sanitizers INTERFACE ${_san})
endif()

if(NEWSWATCH_TSAN)
  if(NEWSWATCH_SANITIZE)
    message(FATAL_ERROR "NEWSWATCH_TSAN and NEWSWATCH_SANITIZE cannot be combined")
  endif()
  set(_tsan -fsanitize=thread -fno-omit-frame-pointer)
  target_compile_options(newswatch_sanitizers INTERFACE ${_tsan})
  # GCC warns that TSan cannot see the fences inside Boost.Asio; that is known, not ours.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(newswatch_sanitizers INTERFACE -Wno-tsan)
  endif()
  target_link_options(newswatch_sanitizers INTERFACE ${_tsan})
endif()

# The fuzz build (scripts/fuzz.sh, clang only): the core library carries the
# coverage instrumentation libFuzzer needs, plus ASan+UBSan; fuzz/ links the runtime.
if(NEWSWATCH_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "NEWSWATCH_FUZZ needs clang (CC=clang CXX=clang++)")
  endif()
  target_compile_options(newswatch_sanitizers INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                                                        -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(newswatch_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
