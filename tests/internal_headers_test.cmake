# Fails when a library includes another module's internal/ header: DESIGN.md's rule "a
# module's internal/ headers are its own", which the compiler cannot see. Tests, fuzz targets
# and benchmarks are not checked: they may reach into what they test.
#
# Usage: cmake -DROOT=<source dir> -P internal_headers_test.cmake
set(modules base sql epc drivers inventory sync service cli)
set(offences "")
foreach(module IN LISTS modules)
  file(GLOB_RECURSE files RELATIVE ${ROOT} ${ROOT}/${module}/*.h ${ROOT}/${module}/*.cpp)
  foreach(file IN LISTS files)
    file(STRINGS ${ROOT}/${file} includes REGEX "^[ \t]*#[ \t]*include[ \t]+\"[^\"]*/internal/")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE ".*\"([^/\"]+)/.*" "\\1" owner "${line}")
      if(NOT owner STREQUAL module)
        string(APPEND offences "  ${file}: ${line}\n")
      endif()
    endforeach()
  endforeach()
endforeach()
if(offences)
  message(FATAL_ERROR "private headers included from another module:\n${offences}")
endif()
