#include "client/fleets/fleetdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

namespace iotile {

namespace {
// The original's Fleet.name is a CharField(max_length=50).
constexpr int kNameMax = 50;
} // namespace

FleetDialog::FleetDialog(const api::Fleet &fleet, QWidget *parent)
    : QDialog(parent)
    , m_fleet(fleet)
    , m_name(new QLineEdit(fleet.name, this))
    , m_description(new QPlainTextEdit(fleet.description, this))
    , m_network(new QCheckBox(tr("The fleet is a network: its gateways read the other devices"), this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("fleetDialog"));
    setWindowTitle(fleet.slug.isEmpty() ? tr("New Fleet") : tr("Edit Fleet %1").arg(fleet.slug));
    m_name->setObjectName(QStringLiteral("fleetName"));
    m_name->setMaxLength(kNameMax);
    m_description->setObjectName(QStringLiteral("fleetDescription"));
    m_description->setTabChangesFocus(true);
    m_network->setObjectName(QStringLiteral("fleetNetwork"));
    m_network->setChecked(fleet.isNetwork);

    auto *form = new QFormLayout(this);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(QString(), m_network);
    form->addRow(m_buttons);

    connect(m_name, &QLineEdit::textChanged, this, &FleetDialog::updateButtons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateButtons();
}

api::Fleet FleetDialog::fleet() const
{
    api::Fleet f = m_fleet;
    f.name = m_name->text().trimmed();
    f.description = m_description->toPlainText().trimmed();
    f.isNetwork = m_network->isChecked();
    return f;
}

void FleetDialog::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_name->text().trimmed().isEmpty());
}

} // namespace iotile
