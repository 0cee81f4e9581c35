#include "icons.h"


#include <QApplication>
#include <QFile>
#include <QHash>
#include <QPainter>
#include <QPalette>
#include <QSvgRenderer>

static void initResources()
{
    Q_INIT_RESOURCE(icons);
}

namespace Cosmoscope::Icons {

QIcon fromResource(const QString &name)
{
    static const bool initialised = (initResources(), true);
    Q_UNUSED(initialised)
    static QHash<QString, QIcon> cache;
    const QColor ink = QApplication::palette().color(QPalette::WindowText);
    const QString key = name + QLatin1Char('|') + ink.name();
    const auto cached = cache.constFind(key);
    if (cached != cache.constEnd())
        return *cached;
    QFile file(QStringLiteral(":/icons/%1.svg").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArray svg = file.readAll();
    svg.replace("currentColor", ink.name().toLatin1());
    QSvgRenderer renderer(svg);
    QIcon icon;
    if (renderer.isValid()) {
        for (int size : {16, 20, 24, 32, 48, 64, 128}) {
            QPixmap pixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter painter(&pixmap);
            renderer.render(&painter);
            painter.end();
            icon.addPixmap(pixmap);
        }
    }
    cache.insert(key, icon);
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
