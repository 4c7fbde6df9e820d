# Packaging (included last by the top CMakeLists.txt).
#   Linux:   cpack -G DEB  -> iotile-server_<v>_<arch>.deb (systemd units, system user "iotile",
#            /etc/iotile/iotile-server.conf, data in /var/lib/iotile) and iotile-studio_<v>_<arch>.deb
#            (desktop entry, icon). Built and tested here: tests/packaging/test_deb.sh.
#   Windows: cpack -G NSIS      (studio + server, Qt libraries deployed by Qt's deployment script)
#   macOS:   cpack -G DragNDrop (the studio's app bundle, Qt frameworks deployed by the script)
# NSIS and DragNDrop are configured only; they are built on those systems (Qt 6.5+ recommended there).

# Files of the Linux server package (the studio's desktop entry and icon are installed by client/).
# Absolute destinations land as-is in the .deb.
if(UNIX AND NOT APPLE)
    if(IOTILE_BUILD_SERVER)
        install(FILES ${CMAKE_CURRENT_LIST_DIR}/linux/iotile-server.service
                      ${CMAKE_CURRENT_LIST_DIR}/linux/iotile-server-worker.service
                DESTINATION /lib/systemd/system COMPONENT server)
        install(FILES ${CMAKE_CURRENT_LIST_DIR}/linux/iotile-server.conf
                DESTINATION /etc/iotile COMPONENT server)
        install(FILES ${CMAKE_CURRENT_LIST_DIR}/../resources/config/iotile-server.example.ini
                DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/iotile-server COMPONENT server)
    endif()
endif()

# Windows and macOS: Qt's deployment script copies the Qt libraries and plugins next to the programs.
if((WIN32 OR APPLE) AND IOTILE_BUILD_CLIENT AND TARGET iotile-studio)
    set_target_properties(iotile-studio PROPERTIES WIN32_EXECUTABLE ON MACOSX_BUNDLE ON
        MACOSX_BUNDLE_BUNDLE_NAME "IOTile Studio" MACOSX_BUNDLE_GUI_IDENTIFIER "io.iotile.studio")
    if(APPLE)
        install(TARGETS iotile-studio BUNDLE DESTINATION . COMPONENT studio)
    endif()
    qt_generate_deploy_app_script(TARGET iotile-studio OUTPUT_SCRIPT iotile_studio_deploy
        NO_UNSUPPORTED_PLATFORM_ERROR)
    install(SCRIPT ${iotile_studio_deploy} COMPONENT studio)
endif()
if(WIN32 AND IOTILE_BUILD_SERVER AND TARGET iotile-server)
    qt_generate_deploy_app_script(TARGET iotile-server OUTPUT_SCRIPT iotile_server_deploy
        NO_UNSUPPORTED_PLATFORM_ERROR)
    install(SCRIPT ${iotile_server_deploy} COMPONENT server)
endif()

set(CPACK_PACKAGE_NAME "iotile")
set(CPACK_PACKAGE_VENDOR "IOTile Cloud for Qt")
set(CPACK_PACKAGE_CONTACT "IOTile Cloud for Qt maintainers <maintainers@iotile.invalid>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "IOTile Cloud")
set(CPACK_STRIP_FILES ON)
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
if(NOT EXISTS "${CPACK_RESOURCE_FILE_LICENSE}")
    unset(CPACK_RESOURCE_FILE_LICENSE)
endif()

set(IOTILE_PACKAGE_COMPONENTS)
if(IOTILE_BUILD_SERVER)
    list(APPEND IOTILE_PACKAGE_COMPONENTS server)
endif()
if(IOTILE_BUILD_CLIENT)
    list(APPEND IOTILE_PACKAGE_COMPONENTS studio)
endif()
set(CPACK_COMPONENTS_ALL ${IOTILE_PACKAGE_COMPONENTS})

if(WIN32)
    set(CPACK_GENERATOR "NSIS")
    set(CPACK_NSIS_DISPLAY_NAME "IOTile Cloud")
    set(CPACK_NSIS_PACKAGE_NAME "IOTile Cloud ${PROJECT_VERSION}")
    set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
    set(CPACK_NSIS_MODIFY_PATH OFF)
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
    set(CPACK_PACKAGE_EXECUTABLES "iotile-studio" "IOTile Studio")
    set(CPACK_CREATE_DESKTOP_LINKS "iotile-studio")
elseif(APPLE)
    # One disk image with the studio's bundle (the server is not packaged for macOS).
    set(CPACK_GENERATOR "DragNDrop")
    set(CPACK_COMPONENTS_ALL studio)
    set(CPACK_DMG_VOLUME_NAME "IOTile Studio")
    set(CPACK_DMG_FORMAT "UDZO")
else()
    set(CPACK_GENERATOR "DEB")
    set(CPACK_DEB_COMPONENT_INSTALL ON)
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
    set(CPACK_DEBIAN_SERVER_PACKAGE_NAME "iotile-server")
    set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION "net")
    set(CPACK_DEBIAN_SERVER_DESCRIPTION "IOTile Cloud server\n IoT device cloud: organizations, projects, devices, stream data ingest,\n jobs and reports, with a REST API compatible with the original IOTile Cloud.")
    # The Qt SQL drivers are plugins (loaded at run time, so invisible to dpkg-shlibdeps).
    set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "passwd, libqt6sql6-sqlite, libqt6sql6-psql")
    set(CPACK_DEBIAN_SERVER_PACKAGE_SUGGESTS "postgresql, nginx")
    set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
        "${CMAKE_CURRENT_LIST_DIR}/debian/conffiles;${CMAKE_CURRENT_LIST_DIR}/debian/postinst;${CMAKE_CURRENT_LIST_DIR}/debian/prerm;${CMAKE_CURRENT_LIST_DIR}/debian/postrm")
    set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_STRICT_PERMISSION ON)
    set(CPACK_DEBIAN_STUDIO_PACKAGE_NAME "iotile-studio")
    set(CPACK_DEBIAN_STUDIO_PACKAGE_SECTION "science")
    set(CPACK_DEBIAN_STUDIO_DESCRIPTION "IOTile Studio\n Desktop client of IOTile Cloud: explorer, stream charts, fleets and reports.")
endif()
include(CPack)
