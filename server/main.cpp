#include "server/app/serverapp.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("iotile-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(IOTILE_VERSION));
    return iotile::runServerCommand(QCoreApplication::arguments());
}
