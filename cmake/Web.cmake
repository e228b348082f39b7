# SPDX-License-Identifier: Apache-2.0
# The web app (target attune_web, part of ALL): its npm packages installed from web/package-lock.json,
# then the pages, uPlot and the questionnaires copied or written into build/web, where `attune
# serve` finds it. Included from the top directory, so that build/web holds the app and nothing
# of CMake's (everything in it is served).
set(ATTUNE_WEB_SRC ${CMAKE_SOURCE_DIR}/web)
set(ATTUNE_WEB_OUT ${CMAKE_BINARY_DIR}/web)
set(ATTUNE_WEB_MODULES ${ATTUNE_WEB_SRC}/node_modules)
# Rewritten by every `npm ci`: older than package-lock.json, or missing, means install again.
set(npm_stamp ${ATTUNE_WEB_MODULES}/.package-lock.json)

find_program(ATTUNE_NPM npm)
if(ATTUNE_NPM)
    add_custom_command(OUTPUT ${npm_stamp}
        COMMAND ${ATTUNE_NPM} ci --no-audit --no-fund
        COMMAND ${CMAKE_COMMAND} -E touch ${npm_stamp}
        DEPENDS ${ATTUNE_WEB_SRC}/package.json ${ATTUNE_WEB_SRC}/package-lock.json
        WORKING_DIRECTORY ${ATTUNE_WEB_SRC}
        COMMENT "web: npm ci (uPlot, playwright-core)"
        VERBATIM)
else()
    # Fails the build, not the configuration: the C++ targets still build without Node.js.
    add_custom_command(OUTPUT ${npm_stamp}
        COMMAND ${CMAKE_COMMAND} -E echo
            "web: npm not found: install Node.js 20 or later with npm (nodesource's nodejs package), then build again"
        COMMAND ${CMAKE_COMMAND} -E false
        VERBATIM)
endif()

set(web_outputs)
file(GLOB web_sources CONFIGURE_DEPENDS
    ${ATTUNE_WEB_SRC}/*.html ${ATTUNE_WEB_SRC}/*.js
    ${ATTUNE_WEB_SRC}/*.css ${ATTUNE_WEB_SRC}/*.svg)
foreach(src ${web_sources})
    get_filename_component(name ${src} NAME)
    add_custom_command(OUTPUT ${ATTUNE_WEB_OUT}/${name}
        COMMAND ${CMAKE_COMMAND} -E copy ${src} ${ATTUNE_WEB_OUT}/${name}
        DEPENDS ${src}
        VERBATIM)
    list(APPEND web_outputs ${ATTUNE_WEB_OUT}/${name})
endforeach()

# uPlot as an ES module, with its stylesheet.
foreach(name uPlot.esm.js uPlot.min.css)
    add_custom_command(OUTPUT ${ATTUNE_WEB_OUT}/vendor/${name}
        COMMAND ${CMAKE_COMMAND} -E copy ${ATTUNE_WEB_MODULES}/uplot/dist/${name}
                ${ATTUNE_WEB_OUT}/vendor/${name}
        DEPENDS ${npm_stamp}
        VERBATIM)
    list(APPEND web_outputs ${ATTUNE_WEB_OUT}/vendor/${name})
endforeach()

# The PHQ-9 and GAD-7 forms are the library's own definitions (attune::clinical), the ones that
# score the answers: written by the CLI, never retyped in JavaScript.
foreach(instrument phq9 gad7)
    set(out ${ATTUNE_WEB_OUT}/instruments/${instrument}.json)
    add_custom_command(OUTPUT ${out}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${ATTUNE_WEB_OUT}/instruments
        COMMAND sh -c "\"$0\" checkin \"$1\" --list --json > \"$2\""
                $<TARGET_FILE:attune_cli> ${instrument} ${out}
        DEPENDS attune_cli
        VERBATIM)
    list(APPEND web_outputs ${out})
endforeach()

add_custom_target(attune_web ALL DEPENDS ${web_outputs})
