#include "client/app/settingsdialog.h"

#include "client/session/session.h"
#include "client/settings/clientsettings.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace iotile {

SettingsDialog::SettingsDialog(ClientSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_server(new QLineEdit(this))
    , m_units(new QComboBox(this))
    , m_theme(new QComboBox(this))
    , m_language(new QComboBox(this))
{
    setWindowTitle(tr("Settings"));
    setObjectName(QStringLiteral("settingsDialog"));
    m_server->setObjectName(QStringLiteral("server"));
    m_units->setObjectName(QStringLiteral("units"));
    m_theme->setObjectName(QStringLiteral("theme"));
    m_language->setObjectName(QStringLiteral("language"));

    m_server->setText(settings->serverUrl().toString());
    m_units->addItem(tr("Output units of each stream"), QStringLiteral("Output"));
    m_units->addItem(tr("Values as stored"), QStringLiteral("Stored"));
    m_theme->addItem(tr("System"), QStringLiteral("System"));
    m_theme->addItem(tr("Light"), QStringLiteral("Light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("Dark"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_units->setCurrentIndex(m_units->findData(settings->value(ClientSettings::Key::Units)));
    m_theme->setCurrentIndex(m_theme->findData(settings->value(ClientSettings::Key::Theme)));
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings->language())));

    auto *note = new QLabel(tr("A new language applies when IOTile Studio starts again."), this);
    note->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&Values:"), m_units);
    form->addRow(tr("&Theme:"), m_theme);
    form->addRow(tr("&Language:"), m_language);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void SettingsDialog::save()
{
    const QUrl server = Session::normalizeServerUrl(m_server->text());
    if (server.isValid())
        m_settings->setServerUrl(server);
    m_settings->setValue(ClientSettings::Key::Units, m_units->currentData());
    m_settings->setValue(ClientSettings::Key::Theme, m_theme->currentData());
    m_settings->setValue(ClientSettings::Key::Language, m_language->currentData());
}

} // namespace iotile
