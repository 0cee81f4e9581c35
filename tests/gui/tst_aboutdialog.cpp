// Help › About: the version, the licence and the third-party notices of every library the
// program links (the same file the Debian package installs in /usr/share/doc/cosmoscope/).

#include "guitestsupport.h"

#include <aboutdialog.h>
#include <mainwindow.h>

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QtTest>

using namespace Cosmoscope;

class tst_AboutDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareGuiTest(); }
    void showsVersionLicenceAndNotices();
    void helpMenuOpensIt();
};

void tst_AboutDialog::showsVersionLicenceAndNotices()
{
    QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));
    AboutDialog dialog;
    bool versionShown = false;
    for (const QLabel *label : dialog.findChildren<QLabel *>())
        versionShown = versionShown
                       || (label->text().contains(QLatin1String("9.8.7"))
                           && label->text().contains(QLatin1String("MIT")));
    QVERIFY(versionShown);
    auto notices = dialog.findChild<QPlainTextEdit *>(QStringLiteral("thirdPartyNotices"));
    QVERIFY(notices);
    const QString text = notices->toPlainText();
    for (const char *library :
         {"Qt 6", "LGPL", "QScintilla", "GPL", "QtKeychain", "BSD", "RapidJSON", "MIT"})
        QVERIFY2(text.contains(QLatin1String(library)), library);
    // The compiled-in text is the packaged file.
    QFile packaged(QStringLiteral(COSMOSCOPE_SOURCE_DIR "/packaging/THIRD-PARTY-NOTICES"));
    QVERIFY(packaged.open(QIODevice::ReadOnly));
    QCOMPARE(text, QString::fromUtf8(packaged.readAll()));
}

void tst_AboutDialog::helpMenuOpensIt()
{
    MainWindow window;
    window.show();
    QAction *about = nullptr;
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->text() != QLatin1String("&Help") || !menu->menu())
            continue;
        for (QAction *action : menu->menu()->actions()) {
            if (action->text() == QLatin1String("&About Cosmoscope"))
                about = action;
        }
    }
    QVERIFY(about);
    about->trigger();
    QTRY_VERIFY(window.findChild<AboutDialog *>());
    QTRY_VERIFY(window.findChild<AboutDialog *>()->isVisible());
}

QTEST_MAIN(tst_AboutDialog)
#include "tst_aboutdialog.moc"
