#include "client/fleets/scriptuploaddialog.h"

#include "client/fleets/devicescriptmodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace iotile {

ScriptUploadDialog::ScriptUploadDialog(DeviceScriptModel *scripts, QWidget *parent)
    : QDialog(parent)
    , m_scripts(scripts)
    , m_script(new QComboBox(this))
    , m_file(new QLineEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("scriptUploadDialog"));
    setWindowTitle(tr("Upload Script File"));
    m_script->setObjectName(QStringLiteral("uploadScript"));
    m_script->setModel(scripts);
    m_script->setModelColumn(DeviceScriptModel::NameColumn);
    m_file->setObjectName(QStringLiteral("uploadFile"));
    m_file->setPlaceholderText(tr("The file the devices will be sent"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Upload"));
    auto *browse = new QPushButton(tr("&Browse…"), this);

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    auto *form = new QFormLayout(this);
    form->addRow(tr("&Script:"), m_script);
    form->addRow(tr("&File:"), fileRow);
    form->addRow(m_buttons);

    connect(browse, &QPushButton::clicked, this, &ScriptUploadDialog::browse);
    connect(m_file, &QLineEdit::textChanged, this, &ScriptUploadDialog::updateButtons);
    connect(m_script, &QComboBox::currentIndexChanged, this, &ScriptUploadDialog::updateButtons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateButtons();
}

QString ScriptUploadDialog::script() const
{
    const int row = m_script->currentIndex();
    return row < 0 ? QString() : m_scripts->index(row, 0).data(DeviceScriptModel::SlugRole).toString();
}

void ScriptUploadDialog::setScript(const QString &slug)
{
    const int row = m_scripts->rowOfSlug(slug);
    if (row >= 0)
        m_script->setCurrentIndex(row);
}

QString ScriptUploadDialog::filePath() const
{
    return m_file->text().trimmed();
}

void ScriptUploadDialog::setFilePath(const QString &path)
{
    m_file->setText(path);
}

void ScriptUploadDialog::browse()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Script File"), filePath());
    if (!path.isEmpty())
        m_file->setText(path);
}

void ScriptUploadDialog::updateButtons()
{
    const QFileInfo file(filePath());
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!script().isEmpty() && file.isFile() && file.isReadable());
}

} // namespace iotile
