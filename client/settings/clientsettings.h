#pragma once

#include <QByteArray>
#include <QObject>
#include <QSettings>
#include <QStringList>
#include <QUrl>
#include <QVariant>

#include <memory>

namespace iotile {

// Every setting of the studio as a typed key with its default in one table (KeePassXC's Config pattern);
// tests use an instance on a file of their own.
class ClientSettings final : public QObject
{
    Q_OBJECT
public:
    enum class Key {
        ServerUrl,
        RecentServers,
        LastEmail,
        Theme,
        Units,
        Language,
        ChartPreset,
        MainWindowGeometry,
        MainWindowState,
        MainSplitter,
        RightSplitter,
        ReportDirectory,
        ExportDirectory,
    };
    Q_ENUM(Key)

    enum class Theme { System, Light, Dark };
    Q_ENUM(Theme)
    // Values as the stream's output unit (what the original's web app shows) or as stored.
    enum class Units { Output, Stored };
    Q_ENUM(Units)

    // The application's settings (QSettings with the organization and application names).
    explicit ClientSettings(QObject *parent = nullptr);
    // An INI file of its own, for tests and portable set-ups.
    explicit ClientSettings(const QString &iniFile, QObject *parent = nullptr);
    ~ClientSettings() override;

    QVariant value(Key key) const;
    void setValue(Key key, const QVariant &value);
    void reset(Key key);
    static QString storageName(Key key);
    static QVariant defaultValue(Key key);
    void sync();

    QUrl serverUrl() const;
    void setServerUrl(const QUrl &url);
    QStringList recentServers() const;
    void rememberServer(const QUrl &url);
    Theme theme() const;
    Units units() const;
    // "" follows the system locale; otherwise a language code such as "de".
    QString language() const;

signals:
    void changed(iotile::ClientSettings::Key key);

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace iotile
