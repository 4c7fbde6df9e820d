#pragma once

#include <QMainWindow>

namespace iotile {

// The studio's main window.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace iotile
