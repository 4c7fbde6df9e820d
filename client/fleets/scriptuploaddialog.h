#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;

namespace iotile {

class DeviceScriptModel;

// Asks which device script gets a new file and which local file it is (the file replaces the script's
// current one on the server).
class ScriptUploadDialog final : public QDialog
{
    Q_OBJECT
public:
    ScriptUploadDialog(DeviceScriptModel *scripts, QWidget *parent = nullptr);

    QString script() const;
    void setScript(const QString &slug);
    QString filePath() const;
    void setFilePath(const QString &path);

private:
    void browse();
    void updateButtons();

    DeviceScriptModel *m_scripts;
    QComboBox *m_script;
    QLineEdit *m_file;
    QDialogButtonBox *m_buttons;
};

} // namespace iotile
