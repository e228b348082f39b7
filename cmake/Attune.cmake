# SPDX-License-Identifier: Apache-2.0
# attune_add_test(NAME SOURCES ... LABEL unit|eval|integration [LIBS ...])
#   One GoogleTest executable, registered with ctest under its label.
function(attune_add_test name)
    cmake_parse_arguments(T "" "LABEL" "SOURCES;LIBS" ${ARGN})
    if(NOT T_LABEL MATCHES "^(unit|eval|integration)$")
        message(FATAL_ERROR "attune_add_test(${name}): LABEL must be unit, eval or integration")
    endif()
    add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE attune GTest::gtest GTest::gtest_main PkgConfig::UTF8PROC ${T_LIBS})
    # Unit tests reach private headers (src/) and the shared test helpers (tests/support).
    target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/src ${CMAKE_SOURCE_DIR}/tests)
    target_compile_definitions(${name} PRIVATE
        ATTUNE_SOURCE_DIR="${ATTUNE_SOURCE_DIR}"
        ATTUNE_SHARED_DIR="${ATTUNE_SHARED_DIR}"
        ATTUNE_CLI="$<TARGET_FILE:attune_cli>")
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES LABELS ${T_LABEL})
    if(NOT T_LABEL STREQUAL "unit")
        add_dependencies(${name} attune_cli)  # eval and integration tests run the CLI
    endif()
    if(T_LABEL STREQUAL "unit")
        set_tests_properties(${name} PROPERTIES TIMEOUT 120)
    else()
        set_tests_properties(${name} PROPERTIES TIMEOUT 900)
    endif()
endfunction()

# attune_add_bench(NAME SOURCES ...): a Google Benchmark program, kept out of ctest.
function(attune_add_bench name)
    add_executable(${name} ${ARGN})
    target_link_libraries(${name} PRIVATE attune benchmark::benchmark benchmark::benchmark_main)
    target_compile_definitions(${name} PRIVATE ATTUNE_SOURCE_DIR="${ATTUNE_SOURCE_DIR}")
endfunction()
