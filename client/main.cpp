#include "client/app/mainwindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("iotile-studio"));
    QApplication::setOrganizationName(QStringLiteral("IOTile"));
    QApplication::setApplicationVersion(QStringLiteral(IOTILE_VERSION));
    iotile::MainWindow window;
    window.show();
    return QApplication::exec();
}
