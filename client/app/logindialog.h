#pragma once

#include "common/util/error.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace iotile {

class ClientSettings;
class Session;

// Asks for the server, e-mail and password and signs in through the Session without blocking; closes
// itself (accepted) once signed in and shows the server's answer when not.
class LoginDialog final : public QDialog
{
    Q_OBJECT
public:
    LoginDialog(Session *session, ClientSettings *settings, QWidget *parent = nullptr);

    void setMessage(const QString &text);
    QString message() const;

private:
    void submit();
    void setBusy(bool busy);
    void onSignInFailed(const Error &error);
    void updateButton();

    Session *m_session;
    QComboBox *m_server;
    QLineEdit *m_email;
    QLineEdit *m_password;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    QPushButton *m_signIn;
    bool m_busy = false;
};

} // namespace iotile
