#include "client/app/logindialog.h"

#include "client/session/session.h"
#include "client/settings/clientsettings.h"
#include "client/widgets/errortext.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace iotile {

LoginDialog::LoginDialog(Session *session, ClientSettings *settings, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_server(new QComboBox(this))
    , m_email(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
    , m_signIn(m_buttons->addButton(tr("Sign In"), QDialogButtonBox::AcceptRole))
{
    setWindowTitle(tr("Sign In to IOTile Cloud"));
    setObjectName(QStringLiteral("loginDialog"));
    m_server->setObjectName(QStringLiteral("server"));
    m_email->setObjectName(QStringLiteral("email"));
    m_password->setObjectName(QStringLiteral("password"));
    m_message->setObjectName(QStringLiteral("message"));
    m_signIn->setObjectName(QStringLiteral("signIn"));

    m_server->setEditable(true);
    m_server->setInsertPolicy(QComboBox::NoInsert);
    m_server->addItems(settings->recentServers());
    m_server->setEditText(settings->serverUrl().toString());
    m_server->setMinimumContentsLength(32);
    m_email->setText(settings->value(ClientSettings::Key::LastEmail).toString());
    m_email->setPlaceholderText(tr("name@example.com"));
    m_password->setEchoMode(QLineEdit::Password);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    m_signIn->setDefault(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&E-mail:"), m_email);
    form->addRow(tr("&Password:"), m_password);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_email, &QLineEdit::textChanged, this, &LoginDialog::updateButton);
    connect(m_password, &QLineEdit::textChanged, this, &LoginDialog::updateButton);
    connect(m_server, &QComboBox::editTextChanged, this, &LoginDialog::updateButton);
    connect(m_session, &Session::signInFailed, this, &LoginDialog::onSignInFailed);
    connect(m_session, &Session::signedIn, this, [this] {
        if (m_busy) {
            setBusy(false);
            accept();
        }
    });
    if (!m_email->text().isEmpty())
        m_password->setFocus();
    updateButton();
}

void LoginDialog::setMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

QString LoginDialog::message() const
{
    return m_message->text();
}

void LoginDialog::updateButton()
{
    m_signIn->setEnabled(!m_busy && !m_server->currentText().trimmed().isEmpty()
                         && !m_email->text().trimmed().isEmpty() && !m_password->text().isEmpty());
}

void LoginDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_server->setEnabled(!busy);
    m_email->setEnabled(!busy);
    m_password->setEnabled(!busy);
    if (busy)
        setMessage(tr("Signing in…"));
    updateButton();
}

void LoginDialog::submit()
{
    if (!m_signIn->isEnabled())
        return;
    const QUrl server = Session::normalizeServerUrl(m_server->currentText());
    if (!server.isValid()) {
        setMessage(tr("Enter a server address such as https://iotile.example.com."));
        m_server->setFocus();
        return;
    }
    setBusy(true);
    m_session->signIn(server, m_email->text(), m_password->text());
}

void LoginDialog::onSignInFailed(const Error &error)
{
    if (!m_busy)
        return;
    setBusy(false);
    setMessage(ErrorText::describe(error));
    m_password->selectAll();
    m_password->setFocus();
}

} // namespace iotile
