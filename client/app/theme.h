#pragma once

#include "client/settings/clientsettings.h"

#include <QPalette>

namespace iotile {

// Light, dark or the system's look. Qt 6.4 cannot ask the platform for its colour scheme
// (QStyleHints::colorScheme() is 6.5), so "system" keeps the style and palette the application started
// with there; newer Qt follows the platform's scheme.
class Theme final
{
public:
    static void apply(ClientSettings::Theme theme);
    // Whether the palette in use is a dark one (charts follow it).
    static bool isDark();
    static QPalette darkPalette();
    static QPalette lightPalette();
};

} // namespace iotile
