# Where other packages look for what we install, from their pkg-config files,
# with our prefix put in for theirs; relative to the prefix when under it, so
# `cmake --install --prefix P` still moves them.
#   newswatch_pkg_dir(OUT MODULE VARIABLE PREFIX_VARIABLE FALLBACK)
function(newswatch_pkg_dir out module variable prefix_variable fallback)
  set(dir "")
  if(PKG_CONFIG_EXECUTABLE)
    execute_process(
      COMMAND ${PKG_CONFIG_EXECUTABLE} --define-variable=${prefix_variable}=${CMAKE_INSTALL_PREFIX}
              --variable=${variable} ${module}
      OUTPUT_VARIABLE dir OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE status ERROR_QUIET)
    if(NOT status EQUAL 0)
      set(dir "")
    endif()
  endif()
  if(dir STREQUAL "")
    set(dir ${fallback})
  else()
    string(LENGTH "${CMAKE_INSTALL_PREFIX}/" prefix_length)
    string(SUBSTRING "${dir}" 0 ${prefix_length} head)
    if(head STREQUAL "${CMAKE_INSTALL_PREFIX}/")
      string(SUBSTRING "${dir}" ${prefix_length} -1 dir)
    endif()
  endif()
  set(${out} ${dir} PARENT_SCOPE)
endfunction()

# systemd's unit directory (systemd.pc systemdsystemunitdir).
newswatch_pkg_dir(_unit_dir systemd systemdsystemunitdir root_prefix lib/systemd/system)
set(NEWSWATCH_SYSTEMD_UNIT_DIR ${_unit_dir} CACHE STRING "Where the systemd unit is installed")
# bash-completion's directory (bash-completion.pc completionsdir).
newswatch_pkg_dir(_completion_dir bash-completion completionsdir prefix
                  ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
set(NEWSWATCH_BASH_COMPLETION_DIR ${_completion_dir}
    CACHE STRING "Where the bash completion script is installed")
