#include "icons.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>

#include <functional>

namespace Cosmoscope::Icons {

static QIcon draw(int size, const std::function<void(QPainter &)> &paint)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 16.0, size / 16.0);
    paint(p);
    return QIcon(pixmap);
}

static QIcon multi(const std::function<void(QPainter &)> &paint)
{
    QIcon icon;
    for (int size : {16, 32}) {
        const QIcon one = draw(size, paint);
        icon.addPixmap(one.pixmap(size, size));
    }
    return icon;
}

QIcon account()
{
    static const QIcon icon = multi([](QPainter &p) {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x1f, 0x6f, 0xd1));
        p.drawEllipse(QPointF(8, 8), 6.5, 6.5);
        p.setPen(QPen(QColor(0x9c, 0xc4, 0xf2), 1.2));
        p.setBrush(Qt::NoBrush);
        p.save();
        p.translate(8, 8);
        p.rotate(-30);
        p.drawEllipse(QPointF(0, 0), 7.5, 2.6);
        p.restore();
        p.setPen(Qt::NoPen);
        p.setBrush(Qt::white);
        p.drawEllipse(QPointF(8, 8), 2, 2);
    });
    return icon;
}

QIcon database()
{
    static const QIcon icon = multi([](QPainter &p) {
        const QColor line(0x24, 0x5c, 0x9e);
        p.setPen(QPen(line, 1));
        p.setBrush(QColor(0x4b, 0x8f, 0xe2));
        QPainterPath body;
        body.moveTo(2.5, 3.5);
        body.lineTo(2.5, 12.5);
        body.arcTo(QRectF(2.5, 10.5, 11, 4), 180, 180);
        body.lineTo(13.5, 3.5);
        p.drawPath(body);
        p.setBrush(QColor(0x9c, 0xc4, 0xf2));
        p.drawEllipse(QRectF(2.5, 1.5, 11, 4));
        p.setBrush(Qt::NoBrush);
        p.drawArc(QRectF(2.5, 5.5, 11, 4), 180 * 16, 180 * 16);
        p.drawArc(QRectF(2.5, 8.5, 11, 4), 180 * 16, 180 * 16);
    });
    return icon;
}

QIcon container()
{
    static const QIcon icon = multi([](QPainter &p) {
        const QColor line(0x2f, 0x6d, 0xb5);
        p.setPen(QPen(line, 1));
        p.setBrush(QColor(0xe8, 0xf1, 0xfc));
        p.drawRoundedRect(QRectF(1.5, 2.5, 13, 11), 1.5, 1.5);
        p.setBrush(line);
        p.drawRect(QRectF(1.5, 2.5, 13, 3));
        p.drawLine(QPointF(6, 5.5), QPointF(6, 13.5));
        p.drawLine(QPointF(10.5, 5.5), QPointF(10.5, 13.5));
    });
    return icon;
}

QIcon folder()
{
    return QApplication::style()->standardIcon(QStyle::SP_DirIcon);
}

QIcon items()
{
    static const QIcon icon = multi([](QPainter &p) {
        p.setPen(QPen(QColor(0x55, 0x55, 0x55), 1));
        p.setBrush(Qt::white);
        p.drawRect(QRectF(3.5, 1.5, 9, 13));
        p.setPen(QPen(QColor(0x1f, 0x6f, 0xd1), 1.2));
        p.drawText(QRectF(3.5, 1.5, 9, 13), Qt::AlignCenter, QStringLiteral("{}"));
    });
    return icon;
}

QIcon script()
{
    static const QIcon icon = multi([](QPainter &p) {
        p.setPen(QPen(QColor(0x7a, 0x4f, 0x01), 1));
        p.setBrush(QColor(0xff, 0xe6, 0x99));
        p.drawRect(QRectF(2.5, 1.5, 11, 13));
        p.drawLine(QPointF(4.5, 5), QPointF(11.5, 5));
        p.drawLine(QPointF(4.5, 8), QPointF(10, 8));
        p.drawLine(QPointF(4.5, 11), QPointF(11.5, 11));
    });
    return icon;
}

QIcon user()
{
    static const QIcon icon = multi([](QPainter &p) {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x3b, 0x8e, 0x5a));
        p.drawEllipse(QPointF(8, 5), 3, 3);
        p.drawChord(QRectF(2.5, 9, 11, 10), 0, 180 * 16);
    });
    return icon;
}

QIcon permission()
{
    static const QIcon icon = multi([](QPainter &p) {
        p.setPen(QPen(QColor(0x8a, 0x6d, 0x00), 1.4));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(QPointF(5, 8), 3, 3);
        p.drawLine(QPointF(8, 8), QPointF(14.5, 8));
        p.drawLine(QPointF(12.5, 8), QPointF(12.5, 11));
        p.drawLine(QPointF(14.5, 8), QPointF(14.5, 10.5));
    });
    return icon;
}

QIcon conflict()
{
    return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
}

QIcon loading()
{
    return QApplication::style()->standardIcon(QStyle::SP_BrowserReload);
}

QIcon error()
{
    return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
}

QIcon loadMore()
{
    return QApplication::style()->standardIcon(QStyle::SP_ArrowDown);
}

QIcon application()
{
    static const QIcon icon = [] {
        QIcon i;
        for (int size : {16, 32, 64}) {
            i.addPixmap(draw(size, [](QPainter &p) {
                            p.setPen(Qt::NoPen);
                            p.setBrush(QColor(0x1f, 0x6f, 0xd1));
                            p.drawEllipse(QPointF(7, 7), 5.5, 5.5);
                            p.setBrush(QColor(0xe8, 0xf1, 0xfc));
                            p.drawEllipse(QPointF(7, 7), 3.3, 3.3);
                            p.setPen(
                                QPen(QColor(0x24, 0x5c, 0x9e), 2.2, Qt::SolidLine, Qt::RoundCap));
                            p.drawLine(QPointF(11, 11), QPointF(14.5, 14.5));
                        }).pixmap(size, size));
        }
        return i;
    }();
    return icon;
}

} // namespace Cosmoscope::Icons
