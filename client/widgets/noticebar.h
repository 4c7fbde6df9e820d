#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace iotile {

// A message strip above the content (information, warning, error) that never blocks the user, unlike a
// modal box, and closes with its own button.
class NoticeBar final : public QFrame
{
    Q_OBJECT
public:
    enum class Level { Information, Warning, Error };

    explicit NoticeBar(QWidget *parent = nullptr);

    void showMessage(const QString &text, Level level = Level::Information);
    QString text() const;
    Level level() const { return m_level; }

private:
    QLabel *m_icon;
    QLabel *m_label;
    QToolButton *m_close;
    Level m_level = Level::Information;
};

} // namespace iotile
