#pragma once

#include <QDialog>

class QComboBox;
class QLineEdit;

namespace iotile {

class ClientSettings;

// The preferences: server address, how values are shown (output units or as stored), theme, language.
// Written to ClientSettings on OK; the main window reacts to their changed() signals.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(ClientSettings *settings, QWidget *parent = nullptr);

    void save();

private:
    ClientSettings *m_settings;
    QLineEdit *m_server;
    QComboBox *m_units;
    QComboBox *m_theme;
    QComboBox *m_language;
};

} // namespace iotile
