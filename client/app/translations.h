#pragma once

#include <QString>
#include <QStringList>

namespace iotile {

// The studio's own translations (embedded .qm files built from translations/*.ts) and Qt's, chosen by the
// language setting or the system locale.
class Translations final
{
public:
    // Installs the translators for a language ("" follows the system); returns the language used, "en"
    // when nothing matched.
    static QString install(const QString &language);
    // Languages with a translation, source language first.
    static QStringList available();
    static QString resource(const QString &language);
};

} // namespace iotile
