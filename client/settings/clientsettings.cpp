#include "client/settings/clientsettings.h"

#include <QMetaEnum>

namespace iotile {

namespace {

constexpr int kRecentServers = 8;

struct KeyInfo
{
    ClientSettings::Key key;
    const char *name;
    QVariant defaultValue;
};

const QList<KeyInfo> &keyTable()
{
    using Key = ClientSettings::Key;
    // clang-format off
    static const QList<KeyInfo> table {
        {Key::ServerUrl,          "session/serverUrl",          QStringLiteral("http://127.0.0.1:8000")},
        {Key::RecentServers,      "session/recentServers",      QStringList()},
        {Key::LastEmail,          "session/email",              QString()},
        {Key::Theme,              "appearance/theme",           QStringLiteral("System")},
        {Key::Units,              "appearance/units",           QStringLiteral("Output")},
        {Key::Language,           "appearance/language",        QString()},
        {Key::ChartPreset,        "chart/preset",               QStringLiteral("Day")},
        {Key::MainWindowGeometry, "window/geometry",            QByteArray()},
        {Key::MainWindowState,    "window/state",               QByteArray()},
        {Key::MainSplitter,       "window/splitter",            QByteArray()},
        {Key::RightSplitter,      "window/rightSplitter",       QByteArray()},
        {Key::ReportDirectory,    "paths/reports",              QString()},
        {Key::ExportDirectory,    "paths/exports",              QString()},
    };
    // clang-format on
    return table;
}

const KeyInfo &info(ClientSettings::Key key)
{
    const KeyInfo &entry = keyTable().at(int(key));
    Q_ASSERT(entry.key == key); // the table lists the keys in enum order
    return entry;
}

template<typename E>
E enumValue(const QVariant &value, E fallback)
{
    bool ok = false;
    const int raw = QMetaEnum::fromType<E>().keyToValue(value.toString().toLatin1().constData(), &ok);
    return ok ? E(raw) : fallback;
}

} // namespace

ClientSettings::ClientSettings(QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>())
{ }

ClientSettings::ClientSettings(const QString &iniFile, QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{ }

ClientSettings::~ClientSettings() = default;

QString ClientSettings::storageName(Key key)
{
    return QString::fromLatin1(info(key).name);
}

QVariant ClientSettings::defaultValue(Key key)
{
    return info(key).defaultValue;
}

QVariant ClientSettings::value(Key key) const
{
    return m_settings->value(storageName(key), defaultValue(key));
}

void ClientSettings::setValue(Key key, const QVariant &value)
{
    if (m_settings->contains(storageName(key)) && m_settings->value(storageName(key)) == value)
        return;
    m_settings->setValue(storageName(key), value);
    emit changed(key);
}

void ClientSettings::reset(Key key)
{
    m_settings->remove(storageName(key));
    emit changed(key);
}

void ClientSettings::sync()
{
    m_settings->sync();
}

QUrl ClientSettings::serverUrl() const
{
    return QUrl(value(Key::ServerUrl).toString());
}

void ClientSettings::setServerUrl(const QUrl &url)
{
    setValue(Key::ServerUrl, url.toString());
}

QStringList ClientSettings::recentServers() const
{
    return value(Key::RecentServers).toStringList();
}

void ClientSettings::rememberServer(const QUrl &url)
{
    QStringList recent = recentServers();
    recent.removeAll(url.toString());
    recent.prepend(url.toString());
    while (recent.size() > kRecentServers)
        recent.removeLast();
    setValue(Key::RecentServers, recent);
    setServerUrl(url);
}

ClientSettings::Theme ClientSettings::theme() const
{
    return enumValue(value(Key::Theme), Theme::System);
}

ClientSettings::Units ClientSettings::units() const
{
    return enumValue(value(Key::Units), Units::Output);
}

QString ClientSettings::language() const
{
    return value(Key::Language).toString();
}

} // namespace iotile
