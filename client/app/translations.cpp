#include "client/app/translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>
#include <vector>

namespace iotile {

namespace {

std::vector<std::unique_ptr<QTranslator>> &installed()
{
    static std::vector<std::unique_ptr<QTranslator>> translators;
    return translators;
}

} // namespace

QStringList Translations::available()
{
    return {QStringLiteral("en"), QStringLiteral("de")};
}

QString Translations::resource(const QString &language)
{
    return QStringLiteral(":/i18n/iotile-studio_%1.qm").arg(language);
}

QString Translations::install(const QString &language)
{
    for (auto &translator : installed())
        QCoreApplication::removeTranslator(translator.get());
    installed().clear();

    QString chosen = QStringLiteral("en");
    const QStringList wanted = language.isEmpty() ? QLocale().uiLanguages() : QStringList {language};
    for (const QString &name : wanted) {
        const QString code = QLocale(name).name().section(QLatin1Char('_'), 0, 0);
        if (available().contains(code)) {
            chosen = code;
            break;
        }
    }
    // English too: its file carries the plural forms of the source strings ("%n stream(s)").
    auto own = std::make_unique<QTranslator>();
    if (own->load(resource(chosen))) {
        QCoreApplication::installTranslator(own.get());
        installed().push_back(std::move(own));
    }
    if (chosen == QLatin1String("en"))
        return chosen;
    // Qt's own strings (standard buttons, context menus) from the installed qtbase translations.
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QLocale(chosen), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        installed().push_back(std::move(qt));
    }
    return chosen;
}

} // namespace iotile
