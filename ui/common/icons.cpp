#include "icons.h"

#include <QApplication>
#include <QFile>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QPixmapCache>
#include <QStyle>
#include <QStyleOption>
#include <QSvgRenderer>

static void initResources()
{
    Q_INIT_RESOURCE(icons);
}

namespace Cosmoscope::Icons {

namespace {

// Draws an SVG whose outlines are `currentColor` with the application palette's colour at the
// moment it is painted, so a toolbar button, a tab or a tree row shows the current theme's
// ink on its next repaint (a palette change repaints every widget). Renderings are kept in
// QPixmapCache per name, ink, size and mode.
class SvgIconEngine : public QIconEngine
{
public:
    SvgIconEngine(const QString &name, const QByteArray &svg)
        : m_name(name)
        , m_svg(svg)
    {
    }

    QIconEngine *clone() const override { return new SvgIconEngine(m_name, m_svg); }
    QString key() const override { return QStringLiteral("CosmoscopeSvg"); }
    QString iconName() override { return m_name; }
    bool isNull() override { return false; }

    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override
    {
        const int side = qMin(size.width(), size.height());
        return {side, side};
    }

    QList<QSize> availableSizes(QIcon::Mode, QIcon::State) override
    {
        QList<QSize> sizes;
        for (int side : {16, 20, 24, 32, 48, 64, 128})
            sizes << QSize(side, side);
        return sizes;
    }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal scale = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        const QPixmap pixmap = scaledPixmap(rect.size(), mode, state, scale);
        const QSize shown = pixmap.deviceIndependentSize().toSize();
        QRect target(QPoint(), shown);
        target.moveCenter(rect.center());
        painter->drawPixmap(target, pixmap);
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State, qreal scale) override
    {
        const int side = qMin(size.width(), size.height());
        if (side <= 0)
            return {};
        const int pixels = qRound(side * scale);
        const QPalette palette = QApplication::palette();
        const QColor ink = palette.color(QPalette::Active,
                                         mode == QIcon::Selected ? QPalette::HighlightedText
                                                                 : QPalette::WindowText);
        const QString cacheKey = QStringLiteral("cosmoscope-icon|%1|%2|%3|%4")
                                     .arg(m_name, ink.name(QColor::HexArgb))
                                     .arg(pixels)
                                     .arg(int(mode));
        QPixmap pixmap;
        if (!QPixmapCache::find(cacheKey, &pixmap)) {
            pixmap = render(ink, pixels);
            if (mode == QIcon::Disabled) {
                QStyleOption option;
                option.palette = palette;
                pixmap
                    = QApplication::style()->generatedIconPixmap(QIcon::Disabled, pixmap, &option);
            }
            QPixmapCache::insert(cacheKey, pixmap);
        }
        pixmap.setDevicePixelRatio(scale);
        return pixmap;
    }

private:
    QPixmap render(const QColor &ink, int pixels) const
    {
        QByteArray svg = m_svg;
        svg.replace("currentColor", ink.name().toLatin1());
        QSvgRenderer renderer(svg);
        QPixmap pixmap(pixels, pixels);
        pixmap.fill(Qt::transparent);
        if (renderer.isValid()) {
            QPainter painter(&pixmap);
            renderer.render(&painter);
        }
        return pixmap;
    }

    QString m_name;
    QByteArray m_svg;
};

} // namespace

QIcon fromResource(const QString &name)
{
    static const bool initialised = (initResources(), true);
    Q_UNUSED(initialised)
    static QHash<QString, QIcon> cache;
    const auto cached = cache.constFind(name);
    if (cached != cache.constEnd())
        return *cached;
    QFile file(QStringLiteral(":/icons/%1.svg").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray svg = file.readAll();
    if (!QSvgRenderer(svg).isValid())
        return {};
    const QIcon icon(new SvgIconEngine(name, svg));
    cache.insert(name, icon);
    return icon;
}

QIcon account() { return fromResource(QStringLiteral("account")); }
QIcon database() { return fromResource(QStringLiteral("database")); }
QIcon container() { return fromResource(QStringLiteral("container")); }
QIcon folder() { return fromResource(QStringLiteral("folder")); }
QIcon script() { return fromResource(QStringLiteral("script")); }
QIcon user() { return fromResource(QStringLiteral("user")); }
QIcon permission() { return fromResource(QStringLiteral("permission")); }
QIcon conflict() { return fromResource(QStringLiteral("conflict")); }
QIcon items() { return fromResource(QStringLiteral("items")); }
QIcon query() { return fromResource(QStringLiteral("query")); }
QIcon loading() { return fromResource(QStringLiteral("loading")); }
QIcon error() { return fromResource(QStringLiteral("error")); }
QIcon loadMore() { return fromResource(QStringLiteral("load-more")); }
QIcon newConnection() { return fromResource(QStringLiteral("new-connection")); }
QIcon requests() { return fromResource(QStringLiteral("requests")); }
QIcon importItems() { return fromResource(QStringLiteral("import")); }
QIcon exportItems() { return fromResource(QStringLiteral("export")); }
QIcon application() { return fromResource(QStringLiteral("cosmoscope")); }

} // namespace Cosmoscope::Icons
