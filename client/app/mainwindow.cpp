#include "client/app/mainwindow.h"

#include <QLabel>

namespace iotile {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("IOTile Studio"));
    auto *label = new QLabel(tr("IOTile Studio"), this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    resize(1100, 720);
}

} // namespace iotile
