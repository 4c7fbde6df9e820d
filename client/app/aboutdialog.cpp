#include "client/app/aboutdialog.h"

#include "common/api/apiclient.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QStyle>
#include <QVBoxLayout>

namespace iotile {

AboutDialog::AboutDialog(api::ApiClient *api, QWidget *parent)
    : QDialog(parent)
    , m_server(new QLabel(this))
{
    setWindowTitle(tr("About IOTile Studio"));
    setObjectName(QStringLiteral("aboutDialog"));
    auto *icon = new QLabel(this);
    icon->setPixmap(QApplication::windowIcon().pixmap(64, 64));
    auto *text = new QLabel(this);
    text->setObjectName(QStringLiteral("aboutText"));
    text->setTextFormat(Qt::RichText);
    text->setOpenExternalLinks(true);
    text->setText(
        tr("<h2>IOTile Studio %1</h2>"
           "<p>The desktop client of IOTile Cloud for Qt: explore organizations, projects, devices "
           "and streams, chart stream data and write reports.</p>"
           "<p>Built with Qt %2, running on Qt %3.</p>"
           "<p><a href=\"https://github.com/iotile/iotile_cloud\">Based on the iotile.cloud API</a></p>")
            .arg(QStringLiteral(IOTILE_VERSION), QStringLiteral(QT_VERSION_STR),
                 QString::fromLatin1(qVersion())));
    text->setWordWrap(true);
    m_server->setObjectName(QStringLiteral("aboutServer"));
    m_server->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(icon, 0, Qt::AlignHCenter);
    layout->addWidget(text);
    layout->addWidget(m_server);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    if (api && api->baseUrl().isValid()) {
        m_server->setText(tr("Server: %1").arg(api->baseUrl().toString()));
        api::ApiReply *reply = api->get(QStringLiteral("/api/v1/server/"));
        connect(reply, &api::ApiReply::finished, this, [this, reply, base = api->baseUrl().toString()] {
            if (!reply->isOk())
                return;
            const QJsonObject o = reply->object();
            m_server->setText(tr("Server: %1 (%2, stage %3, server time %4)")
                                  .arg(base, o.value(QLatin1String("name")).toString(),
                                       o.value(QLatin1String("stage")).toString(),
                                       o.value(QLatin1String("now")).toString()));
        });
    }
}

} // namespace iotile
