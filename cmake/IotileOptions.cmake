# One INTERFACE target carries the language level, warnings and sanitizer flags for all project code
# (the pattern of qBittorrent's CommonConfig.cmake). Every project target links iotile::options.

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

# ccache when present: CI runs on the same machine, so a warm cache makes rebuilds cheap.
if(NOT CMAKE_CXX_COMPILER_LAUNCHER)
    find_program(IOTILE_CCACHE ccache)
    if(IOTILE_CCACHE)
        # Precompiled headers are cacheable only with this sloppiness (and -fpch-preprocess, below);
        # without them ccache passes every compile through uncached.
        set(IOTILE_CCACHE_LAUNCHER env CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
            ${IOTILE_CCACHE})
        set(CMAKE_CXX_COMPILER_LAUNCHER "${IOTILE_CCACHE_LAUNCHER}" CACHE STRING "" FORCE)
        set(CMAKE_C_COMPILER_LAUNCHER "${IOTILE_CCACHE_LAUNCHER}" CACHE STRING "" FORCE)
    endif()
endif()

add_library(iotile_options INTERFACE)
add_library(iotile::options ALIAS iotile_options)
target_compile_features(iotile_options INTERFACE cxx_std_20)
target_compile_definitions(iotile_options INTERFACE
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_DISABLE_DEPRECATED_BEFORE=0x060000
    IOTILE_VERSION="${PROJECT_VERSION}")
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(iotile_options INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
    if(IOTILE_WERROR)
        target_compile_options(iotile_options INTERFACE -Werror)
    endif()
elseif(MSVC)
    target_compile_options(iotile_options INTERFACE /W4 /permissive- /utf-8)
    if(IOTILE_WERROR)
        target_compile_options(iotile_options INTERFACE /WX)
    endif()
endif()

if(IOTILE_SANITIZE)
    target_compile_options(iotile_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                    -fno-sanitize-recover=undefined)
    target_link_options(iotile_options INTERFACE -fsanitize=address,undefined)
endif()

# Precompiled headers for the Qt-heavy libraries; one list so every library shares the same set.
set(IOTILE_PCH_HEADERS <QtCore/QByteArray> <QtCore/QString> <QtCore/QList> <QtCore/QHash>
    <QtCore/QJsonObject> <QtCore/QJsonArray> <QtCore/QJsonDocument> <QtCore/QDateTime>
    <QtCore/QObject> <optional> <variant> <memory> <vector>)

function(iotile_use_pch target)
    if(NOT IOTILE_FUZZ)
        target_precompile_headers(${target} PRIVATE ${IOTILE_PCH_HEADERS})
        if(CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
            target_compile_options(${target} PRIVATE -fpch-preprocess)
        endif()
    endif()
endfunction()
