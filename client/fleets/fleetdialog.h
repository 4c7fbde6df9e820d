#pragma once

#include "common/api/fleet.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLineEdit;
class QPlainTextEdit;

namespace iotile {

// Asks for a fleet's name, description and network flag, for a new fleet or an existing one.
class FleetDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit FleetDialog(const api::Fleet &fleet, QWidget *parent = nullptr);

    // The fleet given to the constructor with the fields as typed.
    api::Fleet fleet() const;

private:
    void updateButtons();

    api::Fleet m_fleet;
    QLineEdit *m_name;
    QPlainTextEdit *m_description;
    QCheckBox *m_network;
    QDialogButtonBox *m_buttons;
};

} // namespace iotile
