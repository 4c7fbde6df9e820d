#pragma once

#include <QDialog>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace iotile {

class DeviceScriptModel;

// Asks for what a new deployment request deploys: one of the org's device scripts and the selection
// criteria ("os_tag:eq:1024", one per line) that narrow the fleet's devices.
class DeploymentDialog final : public QDialog
{
    Q_OBJECT
public:
    DeploymentDialog(DeviceScriptModel *scripts, const QString &targetText, QWidget *parent = nullptr);

    QString script() const;
    QStringList selectionCriteria() const;
    // The criterion lines that do not read as "name:op:value"; empty when all do.
    QStringList invalidCriteria() const;

private:
    void updateButtons();

    DeviceScriptModel *m_scripts;
    QComboBox *m_script;
    QPlainTextEdit *m_criteria;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace iotile
