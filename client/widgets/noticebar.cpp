#include "client/widgets/noticebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace iotile {

NoticeBar::NoticeBar(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("noticeBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setObjectName(QStringLiteral("noticeText"));
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Close"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void NoticeBar::showMessage(const QString &text, Level level)
{
    m_level = level;
    m_label->setText(text);
    QStyle::StandardPixmap pixmap = QStyle::SP_MessageBoxInformation;
    QColor tint(0x3d, 0x8e, 0xd8);
    if (level == Level::Warning) {
        pixmap = QStyle::SP_MessageBoxWarning;
        tint = QColor(0xe0, 0xa0, 0x20);
    } else if (level == Level::Error) {
        pixmap = QStyle::SP_MessageBoxCritical;
        tint = QColor(0xd0, 0x40, 0x40);
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(pixmap).pixmap(size, size));
    QPalette pal = palette();
    QColor background = pal.color(QPalette::Window);
    // A light wash of the level's colour over whatever the theme's window colour is.
    background = QColor((background.red() * 4 + tint.red()) / 5, (background.green() * 4 + tint.green()) / 5,
                        (background.blue() * 4 + tint.blue()) / 5);
    pal.setColor(QPalette::Window, background);
    setPalette(pal);
    show();
}

QString NoticeBar::text() const
{
    return m_label->text();
}

} // namespace iotile
