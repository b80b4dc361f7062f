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
