#include "client/fleets/deploymentdialog.h"

#include "client/fleets/devicescriptmodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>

namespace iotile {

namespace {
// The original keeps criteria as "type:op:value" texts of at most 64 characters, e.g. "os_tag:eq:1024",
// "app_version:gte:2.1"; the server checks the type and operator names.
constexpr int kCriterionMax = 64;
} // namespace

DeploymentDialog::DeploymentDialog(DeviceScriptModel *scripts, const QString &targetText, QWidget *parent)
    : QDialog(parent)
    , m_scripts(scripts)
    , m_script(new QComboBox(this))
    , m_criteria(new QPlainTextEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("deploymentDialog"));
    setWindowTitle(tr("New Deployment Request"));
    m_script->setObjectName(QStringLiteral("deploymentScript"));
    m_script->setModel(scripts);
    m_script->setModelColumn(DeviceScriptModel::NameColumn);
    m_criteria->setObjectName(QStringLiteral("deploymentCriteria"));
    m_criteria->setPlaceholderText(tr("One criterion per line, e.g. os_tag:eq:1024 (empty: every device)"));
    m_criteria->setTabChangesFocus(true);
    m_problem->setObjectName(QStringLiteral("deploymentProblem"));
    m_problem->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));

    auto *form = new QFormLayout(this);
    form->addRow(tr("Target:"), new QLabel(targetText, this));
    form->addRow(tr("&Script:"), m_script);
    form->addRow(tr("S&election:"), m_criteria);
    form->addRow(m_problem);
    form->addRow(m_buttons);

    connect(m_criteria, &QPlainTextEdit::textChanged, this, &DeploymentDialog::updateButtons);
    connect(m_script, &QComboBox::currentIndexChanged, this, &DeploymentDialog::updateButtons);
    connect(scripts, &QAbstractItemModel::modelReset, this, &DeploymentDialog::updateButtons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateButtons();
}

QString DeploymentDialog::script() const
{
    const int row = m_script->currentIndex();
    return row < 0 ? QString() : m_scripts->index(row, 0).data(DeviceScriptModel::SlugRole).toString();
}

QStringList DeploymentDialog::selectionCriteria() const
{
    QStringList criteria;
    for (const QString &line : m_criteria->toPlainText().split(QLatin1Char('\n'))) {
        const QString criterion = line.trimmed();
        if (!criterion.isEmpty())
            criteria.append(criterion);
    }
    return criteria;
}

QStringList DeploymentDialog::invalidCriteria() const
{
    static const QRegularExpression shape(QStringLiteral("^[a-z_]+:[a-z]+:\\S+$"));
    QStringList invalid;
    for (const QString &criterion : selectionCriteria()) {
        if (criterion.size() > kCriterionMax || !shape.match(criterion).hasMatch())
            invalid.append(criterion);
    }
    return invalid;
}

void DeploymentDialog::updateButtons()
{
    const QStringList invalid = invalidCriteria();
    QString problem;
    if (m_scripts->rowCount() == 0)
        problem = m_scripts->isLoading() ? tr("Loading the device scripts…")
                                         : tr("This organization has no device scripts to deploy.");
    else if (!invalid.isEmpty())
        problem = tr("Not a criterion (name:operator:value): %1").arg(invalid.join(QStringLiteral(", ")));
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!script().isEmpty() && invalid.isEmpty());
}

} // namespace iotile
