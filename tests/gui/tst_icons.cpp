// Icons come from the SVG resources (resources/icons/*.svg through Qt SVG), every one the
// explorer uses is there and drawn, and outlines take the palette's text colour.

#include <icons.h>

#include <QApplication>
#include <QPainter>
#include <QPalette>
#include <QtTest>

using namespace Cosmoscope;

class tst_Icons : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyIconIsDrawnFromItsSvg_data();
    void everyIconIsDrawnFromItsSvg();
    void everyResourceSvgDraws();
    void missingResourceIsNull();
    void outlinesFollowThePalette();
    void heldIconFollowsALaterPalette();
};

using IconFn = QIcon (*)();
Q_DECLARE_METATYPE(IconFn)

void tst_Icons::everyIconIsDrawnFromItsSvg_data()
{
    QTest::addColumn<IconFn>("icon");
    QTest::addColumn<QString>("resource");
    const struct
    {
        const char *name;
        IconFn fn;
    } icons[] = {{"account", Icons::account},       {"database", Icons::database},
                 {"container", Icons::container},   {"folder", Icons::folder},
                 {"script", Icons::script},         {"user", Icons::user},
                 {"permission", Icons::permission}, {"conflict", Icons::conflict},
                 {"items", Icons::items},           {"query", Icons::query},
                 {"loading", Icons::loading},       {"error", Icons::error},
                 {"load-more", Icons::loadMore},    {"new-connection", Icons::newConnection},
                 {"requests", Icons::requests},     {"import", Icons::importItems},
                 {"export", Icons::exportItems},    {"cosmoscope", Icons::application}};
    for (const auto &i : icons)
        QTest::newRow(i.name) << i.fn << QString::fromLatin1(i.name);
}

void tst_Icons::everyIconIsDrawnFromItsSvg()
{
    QFETCH(IconFn, icon);
    QFETCH(QString, resource);
    QVERIFY(QFile::exists(QStringLiteral(":/icons/%1.svg").arg(resource)));
    const QIcon i = icon();
    QVERIFY(!i.isNull());
    for (int size : {16, 32}) {
        const QImage image = i.pixmap(size).toImage();
        QCOMPARE(image.width(), size);
        int opaque = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x)
                opaque += qAlpha(image.pixel(x, y)) > 128;
        }
        // Something is drawn, and it is not a filled square.
        QVERIFY2(opaque > size * size / 20 && opaque < size * size,
                 qPrintable(QString::number(opaque)));
    }
    QCOMPARE(Icons::fromResource(resource).pixmap(32).toImage(), i.pixmap(32).toImage());
}

// Every SVG in the resources (toolbar actions included: Run, Cancel, Reload, Save …) draws
// something at 16 px, so no action shows a blank button.
void tst_Icons::everyResourceSvgDraws()
{
    const QStringList names = QDir(QStringLiteral(":/icons")).entryList({QStringLiteral("*.svg")});
    QVERIFY2(names.size() >= 29, qPrintable(names.join(u' ')));
    for (const QString &file : names) {
        const QImage image = Icons::fromResource(file.chopped(4)).pixmap(16).toImage();
        int opaque = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x)
                opaque += qAlpha(image.pixel(x, y)) > 128;
        }
        QVERIFY2(opaque > 12 && opaque < 256, qPrintable(file));
    }
}

void tst_Icons::missingResourceIsNull()
{
    QVERIFY(Icons::fromResource(QStringLiteral("no-such-icon")).isNull());
}

void tst_Icons::outlinesFollowThePalette()
{
    const QPalette original = QApplication::palette();
    QPalette light = original;
    light.setColor(QPalette::WindowText, Qt::black);
    QApplication::setPalette(light);
    const QImage onLight = Icons::container().pixmap(32).toImage();
    QPalette dark = original;
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    QApplication::setPalette(dark);
    const QImage onDark = Icons::container().pixmap(32).toImage();
    QApplication::setPalette(original);
    QVERIFY(onLight != onDark);
    // The outline's pixels: near black on light, near white on dark.
    int darkOutline = 0;
    int lightOutline = 0;
    for (int y = 0; y < 32; ++y) {
        for (int x = 0; x < 32; ++x) {
            const QColor a = onLight.pixelColor(x, y);
            const QColor b = onDark.pixelColor(x, y);
            if (a.alpha() > 200 && a.lightness() < 40)
                ++darkOutline;
            if (b.alpha() > 200 && b.lightness() > 200)
                ++lightOutline;
        }
    }
    QVERIFY(darkOutline > 20);
    QVERIFY(lightOutline > 20);
}

// A button or a tab keeps the QIcon it was given: that same icon paints in the palette's colour
// of the moment, so a theme switch needs no one to fetch icons again.
void tst_Icons::heldIconFollowsALaterPalette()
{
    const QPalette original = QApplication::palette();
    QPalette light = original;
    light.setColor(QPalette::WindowText, Qt::black);
    QApplication::setPalette(light);
    const QIcon held = Icons::importItems();
    const QImage before = held.pixmap(32).toImage();
    QPalette dark = original;
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    QApplication::setPalette(dark);
    const QImage after = held.pixmap(32).toImage();
    // Painted through QIcon::paint as widgets do, too.
    QImage painted(32, 32, QImage::Format_ARGB32_Premultiplied);
    painted.fill(Qt::transparent);
    {
        QPainter painter(&painted);
        held.paint(&painter, QRect(0, 0, 32, 32));
    }
    QApplication::setPalette(original);
    int lightOutline = 0;
    int paintedOutline = 0;
    int darkOutline = 0;
    for (int y = 0; y < 32; ++y) {
        for (int x = 0; x < 32; ++x) {
            const QColor b = after.pixelColor(x, y);
            lightOutline += b.alpha() > 200 && b.lightness() > 200;
            darkOutline += b.alpha() > 200 && b.lightness() < 40;
            const QColor p = painted.pixelColor(x, y);
            paintedOutline += p.alpha() > 200 && p.lightness() > 200;
        }
    }
    QVERIFY(before != after);
    QVERIFY2(lightOutline > 20, qPrintable(QString::number(lightOutline)));
    QVERIFY2(paintedOutline > 20, qPrintable(QString::number(paintedOutline)));
    QCOMPARE(darkOutline, 0);
    // Disabled buttons still get a (greyed) drawing.
    QVERIFY(!held.pixmap(32, QIcon::Disabled).isNull());
}

QTEST_MAIN(tst_Icons)
#include "tst_icons.moc"
