// View › Theme against real editors: switching to Dark turns every editor's paper dark (the
// item editor's JSON lexer, the query editor's SQL lexer, a script's JavaScript lexer), the
// grid's base colour and the icons' outlines follow, and Light brings them back.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <codeeditor.h>
#include <connectioncontroller.h>
#include <icons.h>
#include <itemeditor.h>
#include <queryeditor.h>
#include <querytab.h>
#include <resultview.h>
#include <settings.h>
#include <sourceeditor.h>
#include <theme.h>

#include <Qsci/qscilexer.h>

#include <QAction>
#include <QApplication>
#include <QMenuBar>
#include <QTableView>
#include <QtTest>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_Theme : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void darkAndBack();
    void choiceIsRemembered();

private:
    QAction *themeAction(const QString &name) const;

    GatewayProcess m_gateway;
    std::unique_ptr<MainWindow> m_window;
    ItemsTab *m_items = nullptr;
    QueryTab *m_query = nullptr;
};

// The background Scintilla paints for `style` (it answers 0xBBGGRR).
static QColor styleBack(QsciScintilla *editor, int style)
{
    const long bgr = editor->SendScintilla(QsciScintillaBase::SCI_STYLEGETBACK, style);
    return QColor(int(bgr & 0xff), int((bgr >> 8) & 0xff), int((bgr >> 16) & 0xff));
}

// The colour actually painted at the editor's bottom-right corner (past any text).
static QColor paintedPaper(QsciScintilla *editor)
{
    const QImage image = editor->viewport()->grab().toImage();
    return image.pixelColor(image.width() - 20, image.height() - 10);
}

void tst_Theme::initTestCase()
{
    prepareGuiTest();
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    AccountSession *session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
    m_items = openProducts(m_window.get(), session);
    QVERIFY(m_items);
    m_query = m_window->openQueryTab(session, m_items->container());
    QVERIFY(m_query);
    m_query->editor()->setText(QStringLiteral("SELECT * FROM c WHERE c.price > 10"));
}

void tst_Theme::cleanupTestCase()
{
    m_window.reset();
    Theme::instance()->setMode(Theme::Mode::Light);
}

QAction *tst_Theme::themeAction(const QString &name) const
{
    return m_window->menuBar()->findChild<QAction *>(name);
}

void tst_Theme::darkAndBack()
{
    QAction *dark = themeAction(QStringLiteral("themeDark"));
    QAction *light = themeAction(QStringLiteral("themeLight"));
    QVERIFY(dark && light);
    Manage::SourceEditor script(Manage::SourceEditor::Language::JavaScript);
    script.setText(QStringLiteral("function f() { return 1; }"));
    QList<QsciScintilla *> editors{m_items->editor()->editor(), m_query->editor(), &script};

    light->trigger();
    QVERIFY(!Theme::instance()->isDark());
    const QImage lightIcon = Icons::database().pixmap(32).toImage();
    for (QsciScintilla *e : editors)
        QVERIFY2(styleBack(e, 0).lightness() > 200, qPrintable(e->lexer()->language()));

    dark->trigger();
    QVERIFY(Theme::instance()->isDark());
    QVERIFY(dark->isChecked());
    for (QsciScintilla *e : editors) {
        QsciLexer *lexer = e->lexer();
        QVERIFY(lexer);
        // Every style the lexer knows paints on dark paper, with text lighter than the paper.
        for (int style = 0; style < 128; ++style) {
            if (lexer->description(style).isEmpty())
                continue;
            QVERIFY2(styleBack(e, style).lightness() < 60,
                     qPrintable(QStringLiteral("%1 style %2").arg(lexer->language()).arg(style)));
            QVERIFY2(lexer->color(style).lightness() > 120,
                     qPrintable(QStringLiteral("%1 style %2 text").arg(lexer->language())
                                    .arg(style)));
        }
    }
    // The painted pixels, not only the settings: the known bug was a white editor in dark.
    m_window->tabs()->setCurrentWidget(m_items);
    QTRY_VERIFY(m_items->editor()->editor()->isVisible());
    QVERIFY2(paintedPaper(m_items->editor()->editor()).lightness() < 60,
             qPrintable(paintedPaper(m_items->editor()->editor()).name()));
    m_window->tabs()->setCurrentWidget(m_query);
    QTRY_VERIFY(m_query->editor()->isVisible());
    QVERIFY2(paintedPaper(m_query->editor()).lightness() < 60,
             qPrintable(paintedPaper(m_query->editor()).name()));
    m_window->tabs()->setCurrentWidget(m_items);
    auto grid = m_items->view()->findChild<QTableView *>();
    QVERIFY(grid);
    QTRY_VERIFY(grid->isVisible());
    QVERIFY2(grid->palette().color(QPalette::Base).lightness() < 60,
             qPrintable(grid->palette().color(QPalette::Base).name()));
    saveShot(m_window.get(), QStringLiteral("theme-dark.png"));
    // Icon outlines are drawn in the text colour: the database icon changes with the theme.
    QVERIFY(Icons::database().pixmap(32).toImage() != lightIcon);

    light->trigger();
    QVERIFY(!Theme::instance()->isDark());
    QVERIFY(paintedPaper(m_query->editor()).lightness() > 200);
    for (QsciScintilla *e : editors)
        QVERIFY(styleBack(e, 0).lightness() > 200);
    QCOMPARE(Icons::database().pixmap(32).toImage(), lightIcon);
}

void tst_Theme::choiceIsRemembered()
{
    themeAction(QStringLiteral("themeDark"))->trigger();
    QCOMPARE(Settings().theme(), QStringLiteral("dark"));
    Theme::instance()->setMode(Theme::Mode::Light);
    MainWindow second; // a restart reads the choice
    QVERIFY(Theme::instance()->isDark());
    QVERIFY(second.menuBar()->findChild<QAction *>(QStringLiteral("themeDark"))->isChecked());
    themeAction(QStringLiteral("themeSystem"))->trigger();
    QCOMPARE(Settings().theme(), QStringLiteral("system"));
    QCOMPARE(Theme::instance()->mode(), Theme::Mode::System);
}

QTEST_MAIN(tst_Theme)
#include "tst_theme.moc"
