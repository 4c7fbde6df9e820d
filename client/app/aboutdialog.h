#pragma once

#include <QDialog>

class QLabel;

namespace iotile {

namespace api {
class ApiClient;
}

// Version information about the studio, Qt and, when connected, the server (GET server/).
class AboutDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(api::ApiClient *api, QWidget *parent = nullptr);

private:
    QLabel *m_server;
};

} // namespace iotile
