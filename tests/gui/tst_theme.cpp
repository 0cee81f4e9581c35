// View › Theme against real editors: switching to Dark turns every editor's paper dark (the
// item editor's JSON lexer, the query editor's SQL lexer, a script's JavaScript lexer), the
// grid's base colour and the icons' outlines follow, and Light brings them back. A switch at
// run time recolours the icons already on buttons and tabs, and the grid's nested cells, the
// message bar and the editors' error and parameter marks stay legible (WCAG contrast, computed
// here from the colours actually used).

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

#include <itemstab.h>
#include <mainwindow.h>
#include <messagebar.h>
#include <resultmodel.h>

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QtTest>

#include <cmath>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_Theme : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void darkAndBack();
    void iconsOnButtonsAndTabsFollowASwitch();
    void nestedCellsAreLegible();
    void messageBarIsLegible();
    void editorMarksAreLegible();
    void lexerTextIsLegible();
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

// WCAG 2 relative luminance and contrast ratio, computed here rather than trusted from Theme.
static double relativeLuminance(const QColor &colour)
{
    const auto linear
        = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    const QColor c = colour.toRgb();
    return 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(c.blueF());
}

static double contrast(const QColor &a, const QColor &b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

static QString describeContrast(const QColor &fg, const QColor &bg)
{
    return QStringLiteral("%1 on %2: %3:1").arg(fg.name(), bg.name()).arg(contrast(fg, bg));
}

// Pixels of `image` within a small distance of `ink` (opaque ones only).
static int inkPixels(const QImage &image, const QColor &ink)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.alpha() > 200 && std::abs(c.red() - ink.red()) < 32
                && std::abs(c.green() - ink.green()) < 32 && std::abs(c.blue() - ink.blue()) < 32)
                ++count;
        }
    }
    return count;
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

void tst_Theme::iconsOnButtonsAndTabsFollowASwitch()
{
    themeAction(QStringLiteral("themeLight"))->trigger();
    m_window->tabs()->setCurrentWidget(m_items);
    // The items tab's Import button shows only its icon; the tab shows the container icon.
    auto import = m_items->findChild<QAction *>(QStringLiteral("importItems"));
    QVERIFY(import);
    QToolButton *button = nullptr;
    for (QToolButton *b : m_items->findChildren<QToolButton *>()) {
        if (b->defaultAction() == import)
            button = b;
    }
    QVERIFY(button);
    QTRY_VERIFY(button->isVisible());
    QTabBar *bar = m_window->tabs()->tabBar();
    const int tab = m_window->tabs()->indexOf(m_items);
    const auto tabIconImage = [bar, tab] {
        const QRect r = bar->tabRect(tab);
        // The icon sits at the tab's left: its first 28 px hold it and not the title's text.
        return bar->grab(QRect(r.left(), r.top(), 28, r.height())).toImage();
    };
    const QColor lightInk = QApplication::palette().color(QPalette::WindowText);
    QVERIFY2(inkPixels(button->grab().toImage(), lightInk) >= 6, qPrintable(lightInk.name()));
    QVERIFY(inkPixels(tabIconImage(), lightInk) >= 6);

    themeAction(QStringLiteral("themeDark"))->trigger();
    const QColor darkInk = QApplication::palette().color(QPalette::WindowText);
    QVERIFY(darkInk.lightness() > 180);
    // The same buttons and tabs, not fetched again: their outlines are drawn in the new ink.
    QTRY_VERIFY2(inkPixels(button->grab().toImage(), darkInk) >= 6,
                 qPrintable(QString::number(inkPixels(button->grab().toImage(), darkInk))));
    QVERIFY(inkPixels(button->grab().toImage(), lightInk) == 0);
    // (The tab's own frame is near black in dark: only the new ink is counted there.)
    QTRY_VERIFY(inkPixels(tabIconImage(), darkInk) >= 6);
    saveShot(m_window.get(), QStringLiteral("theme-runtime-dark.png"));
    m_window->resize(900, 600);
    QTRY_VERIFY(m_window->width() < 1280);
    saveShot(m_window.get(), QStringLiteral("theme-runtime-dark-900.png"));
    m_window->resize(1280, 800);

    themeAction(QStringLiteral("themeLight"))->trigger();
    QTRY_VERIFY(inkPixels(button->grab().toImage(), lightInk) >= 6);
    saveShot(m_window.get(), QStringLiteral("theme-runtime-light.png"));
}

void tst_Theme::nestedCellsAreLegible()
{
    m_window->tabs()->setCurrentWidget(m_items);
    auto grid = m_items->view()->findChild<QTableView *>();
    QVERIFY(grid);
    QAbstractItemModel *model = grid->model();
    // A cell holding an object or an array ({n fields} / [n items]).
    QModelIndex nested;
    for (int row = 0; row < model->rowCount() && !nested.isValid(); ++row) {
        for (int column = 0; column < model->columnCount(); ++column) {
            const QString text = model->index(row, column).data().toString();
            if (text.startsWith(QLatin1Char('{')) || text.startsWith(QLatin1Char('['))) {
                nested = model->index(row, column);
                break;
            }
        }
    }
    QVERIFY2(nested.isValid(), "the sample products have nested values");
    for (const char *name : {"themeLight", "themeDark"}) {
        themeAction(QString::fromLatin1(name))->trigger();
        const QColor fg = nested.data(Qt::ForegroundRole).value<QColor>();
        QVERIFY(fg.isValid());
        for (QPalette::ColorRole role : {QPalette::Base, QPalette::AlternateBase}) {
            const QColor bg = grid->palette().color(role);
            const QString why
                = QString::fromLatin1(name) + QLatin1Char(' ') + describeContrast(fg, bg);
            QVERIFY2(contrast(fg, bg) >= 4.5, qPrintable(why));
        }
        // Still told apart from plain values.
        QVERIFY(fg != grid->palette().color(QPalette::Text));
    }
}

void tst_Theme::messageBarIsLegible()
{
    m_window->tabs()->setCurrentWidget(m_query);
    m_query->editor()->setText(QStringLiteral("SELECT FROM WHERE"));
    m_query->run();
    MessageBar *bar = m_query->messageBar();
    QVERIFY(bar);
    QTRY_VERIFY(bar->isVisible());
    QCOMPARE(bar->type(), MessageBar::Type::Error);
    auto details = bar->findChild<QToolButton *>(QStringLiteral("detailsButton"));
    QVERIFY(details && details->isVisible());
    for (const char *name : {"themeLight", "themeDark"}) {
        themeAction(QString::fromLatin1(name))->trigger();
        QCoreApplication::processEvents();
        const QImage image = bar->grab().toImage();
        // Inside the border, left of the icon: the bar's own background as painted.
        const QColor bg = image.pixelColor(3, image.height() / 2);
        const QColor window = m_window->palette().color(QPalette::Window);
        // The bar belongs to the scheme: dark in dark, light in light.
        QCOMPARE(bg.lightness() < 128, window.lightness() < 128);
        int checked = 0;
        for (QWidget *w : bar->findChildren<QWidget *>()) {
            QString text;
            QPalette::ColorRole role = QPalette::WindowText;
            if (auto label = qobject_cast<QLabel *>(w)) {
                text = label->text();
            } else if (auto b = qobject_cast<QToolButton *>(w)) {
                // An icon-only button shows its text when it has no icon (Details).
                const bool iconOnly
                    = b->toolButtonStyle() == Qt::ToolButtonIconOnly && !b->icon().isNull();
                text = iconOnly ? QString() : b->text();
                role = QPalette::ButtonText;
            }
            if (text.isEmpty() || !w->isVisible())
                continue;
            const QColor fg = w->palette().color(role);
            QVERIFY2(contrast(fg, bg) >= 4.5,
                     qPrintable(QStringLiteral("%1 %2: ").arg(QLatin1String(name), text)
                                + describeContrast(fg, bg)));
            ++checked;
        }
        QVERIFY(checked >= 2); // the message and Details
        saveShot(bar, QStringLiteral("messagebar-%1.png").arg(QLatin1String(name)));
    }
}

// The colour Scintilla uses for indicator `indicator` (it answers 0xBBGGRR).
static QColor indicatorFore(QsciScintilla *editor, int indicator)
{
    const long bgr = editor->SendScintilla(QsciScintillaBase::SCI_INDICGETFORE, indicator);
    return QColor(int(bgr & 0xff), int((bgr >> 8) & 0xff), int((bgr >> 16) & 0xff));
}

static QColor styleFore(QsciScintilla *editor, int style)
{
    const long bgr = editor->SendScintilla(QsciScintillaBase::SCI_STYLEGETFORE, style);
    return QColor(int(bgr & 0xff), int((bgr >> 8) & 0xff), int((bgr >> 16) & 0xff));
}

void tst_Theme::editorMarksAreLegible()
{
    QueryEditor *editor = m_query->editor();
    editor->setText(QStringLiteral("SELECT * FROM c WHERE c.price > @min"));
    editor->markError(14, 1, QStringLiteral("Syntax error near FROM"), 4, false);
    QVERIFY(editor->hasErrors());
    constexpr int errorIndicator = 8;     // CodeEditor's squiggle
    constexpr int parameterIndicator = 9; // QueryEditor's @name colour
    for (const char *name : {"themeLight", "themeDark"}) {
        themeAction(QString::fromLatin1(name))->trigger();
        QVERIFY(editor->hasErrors()); // a switch keeps the mark
        const QColor paper = styleBack(editor, 0);
        const QString where = QString::fromLatin1(name) + QLatin1Char(' ');
        // A squiggle is a graphic: 3:1 (WCAG 1.4.11); a parameter name is text: 4.5:1.
        const QColor squiggle = indicatorFore(editor, errorIndicator);
        QVERIFY2(contrast(squiggle, paper) >= 3.0,
                 qPrintable(where + describeContrast(squiggle, paper)));
        const QColor parameter = indicatorFore(editor, parameterIndicator);
        QVERIFY2(contrast(parameter, paper) >= 4.5,
                 qPrintable(where + describeContrast(parameter, paper)));
        // The annotation box under the line: its text on its own paper, and the box belongs
        // to the scheme (no pink box on a dark editor).
        const int line = editor->errorLine() - 1;
        const int style
            = int(editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETSTYLE, line)
                  + editor->SendScintilla(QsciScintillaBase::SCI_ANNOTATIONGETSTYLEOFFSET));
        const QColor boxText = styleFore(editor, style);
        const QColor boxPaper = styleBack(editor, style);
        QVERIFY2(contrast(boxText, boxPaper) >= 4.5,
                 qPrintable(where + describeContrast(boxText, boxPaper)));
        QCOMPARE(boxPaper.lightness() < 128, paper.lightness() < 128);
        m_window->tabs()->setCurrentWidget(m_query);
        saveShot(m_window.get(),
                 QStringLiteral("theme-editor-marks-%1.png").arg(QLatin1String(name)));
    }
    editor->clearErrors();
}

void tst_Theme::lexerTextIsLegible()
{
    Manage::SourceEditor script(Manage::SourceEditor::Language::JavaScript);
    script.setText(QStringLiteral("function f() { return 1; } // one"));
    const QList<QsciScintilla *> editors{m_items->editor()->editor(), m_query->editor(), &script};
    for (const char *name : {"themeLight", "themeDark"}) {
        themeAction(QString::fromLatin1(name))->trigger();
        for (QsciScintilla *e : editors) {
            QsciLexer *lexer = e->lexer();
            QVERIFY(lexer);
            int checked = 0;
            for (int style = 0; style < 128; ++style) {
                if (lexer->description(style).isEmpty())
                    continue;
                // What Scintilla paints with, not what the lexer was told.
                const QColor fg = styleFore(e, style);
                const QColor bg = styleBack(e, style);
                QVERIFY2(
                    contrast(fg, bg) >= 4.5,
                    qPrintable(
                        QStringLiteral("%1 %2 %3: ")
                            .arg(QLatin1String(name), lexer->language(), lexer->description(style))
                        + describeContrast(fg, bg)));
                ++checked;
            }
            QVERIFY(checked > 5);
        }
    }
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
