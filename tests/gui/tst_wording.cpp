// Finding 15 of issue 11, wording and truncation, on the real window against the gateway:
// no stray space before a colon, no "(s)" plurals, no "1 seconds", no "MultiHash" in any
// label, button, title, tab, tooltip, placeholder, header or menu of the main window and of
// every dialog and tab the Resource menu opens; hierarchical partition keys are named so;
// query tabs on one container get distinct titles; a long id elides with the whole id in the
// tab's tooltip.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <accounttreemodel.h>
#include <connectioncontroller.h>
#include <containersettings.h>
#include <itemstab.h>
#include <mainwindow.h>
#include <querytab.h>
#include <requestlog.h>
#include <requestlogpanel.h>

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTreeView>
#include <QtTest>

using namespace Cosmoscope;
using namespace Cosmos;
using Manage::ContainerSettings;

static const QString LongId = QStringLiteral(
    "orders-by-region-and-customer-segment-with-a-very-long-container-id-that-no-tab-can-show-"
    "in-full-at-nine-hundred-pixels");

class tst_Wording : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void checkerFindsEachProblem();
    void screensAndDialogsReadWell();
    void durationsSayOneSecond();
    void countsOfOneAreSingular();
    void hierarchicalPartitionKeyIsNamed();
    void queryTabsOnOneContainerHaveDistinctTitles();
    void longIdElidesWithTheWholeIdInTheTooltip();

private:
    QModelIndex node(const QStringList &names) const;
    QList<QWidget *> openFromResourceMenu(const QModelIndex &index);

    GatewayProcess m_gateway;
    std::unique_ptr<MainWindow> m_window;
    AccountSession *m_session = nullptr;
};

// Every text a user reads in `root` and its children, each tagged with where it was found.
static QStringList textsOf(QWidget *root)
{
    QStringList texts;
    const auto add = [&texts](QObject *o, const char *what, const QString &text) {
        if (!text.trimmed().isEmpty()) {
            texts << QStringLiteral("%1  [%2 %3 %4]")
                         .arg(text,
                              QLatin1String(o->metaObject()->className()),
                              o->objectName(),
                              QLatin1String(what));
        }
    };
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *w : widgets) {
        if (w->isWindow())
            add(w, "title", w->windowTitle());
        add(w, "tooltip", w->toolTip());
        if (auto label = qobject_cast<QLabel *>(w))
            add(w, "text", label->text());
        else if (auto button = qobject_cast<QAbstractButton *>(w))
            add(w, "text", button->text());
        else if (auto group = qobject_cast<QGroupBox *>(w))
            add(w, "title", group->title());
        else if (auto edit = qobject_cast<QLineEdit *>(w))
            add(w, "placeholder", edit->placeholderText());
        else if (auto spin = qobject_cast<QAbstractSpinBox *>(w))
            add(w, "text", spin->text());
        if (auto bar = qobject_cast<QTabBar *>(w)) {
            for (int i = 0; i < bar->count(); ++i) {
                add(w, "tab", bar->tabText(i));
                add(w, "tab tooltip", bar->tabToolTip(i));
            }
        }
        if (auto view = qobject_cast<QAbstractItemView *>(w); view && view->model()) {
            for (int c = 0; c < view->model()->columnCount(); ++c)
                add(w, "header", view->model()->headerData(c, Qt::Horizontal).toString());
        }
        for (QAction *a : w->actions()) {
            add(a, "action", a->text());
            add(a, "action tooltip", a->toolTip());
        }
    }
    return texts;
}

// What is wrong with `text`, or nothing.
static QString problemOf(const QString &text)
{
    static const QRegularExpression spaceBeforeColon(QStringLiteral("\\S :"));
    static const QRegularExpression oneWithPlural(QStringLiteral(
        "(^|[^0-9.,])1 (second|minute|hour|day|item|user|permission|result|conflict|request|"
        "document|field|change|partition key range|role assignment|role definition|page|"
        "error|row)s\\b"));
    if (text.contains(QLatin1String("(s)")))
        return QStringLiteral("a (s) plural");
    if (text.contains(spaceBeforeColon))
        return QStringLiteral("a space before a colon");
    if (text.contains(QLatin1String("MultiHash")))
        return QStringLiteral("MultiHash for a hierarchical partition key");
    if (text.contains(oneWithPlural))
        return QStringLiteral("1 with a plural noun");
    return {};
}

static QStringList problemsIn(QWidget *root)
{
    QStringList problems;
    for (const QString &text : textsOf(root)) {
        const QString problem = problemOf(text);
        if (!problem.isEmpty())
            problems << problem + QStringLiteral(": ") + text;
    }
    return problems;
}

// One-line labels too narrow for their text, except those that elide on purpose (Ignored
// width, the whole text in the tooltip) or wrap.
static QStringList cutLabels(QWidget *root)
{
    static const QRegularExpression mnemonic(QStringLiteral("&(?!&)"));
    QStringList cut;
    for (QLabel *label : root->findChildren<QLabel *>()) {
        if (!label->isVisible() || label->wordWrap() || label->text().isEmpty()
            || label->textFormat() == Qt::RichText || Qt::mightBeRichText(label->text())
            || label->sizePolicy().horizontalPolicy() == QSizePolicy::Ignored) {
            continue;
        }
        // The first line as drawn: a mnemonic's & is not.
        QString shown = label->text().split(u'\n').first();
        if (label->buddy())
            shown.remove(mnemonic);
        const int needed = label->fontMetrics().horizontalAdvance(shown);
        if (label->contentsRect().width() < needed) {
            cut << QStringLiteral("label cut: %1 (%2 of %3 px) in %4")
                       .arg(label->text())
                       .arg(label->contentsRect().width())
                       .arg(needed)
                       .arg(label->window()->windowTitle());
        }
    }
    return cut;
}

// A window still listing or loading shows "Loading…"-like text.
static bool stillLoading(QWidget *root)
{
    static const QRegularExpression busy(QStringLiteral("^(Loading|Listing|Reading|Sampling)\\b"));
    for (QLabel *label : root->findChildren<QLabel *>()) {
        if (label->isVisible() && label->text().contains(busy))
            return true;
    }
    return false;
}

void tst_Wording::initTestCase()
{
    prepareGuiTest();
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    m_session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
    QVERIFY(m_session);
    // A container with a hierarchical partition key and one with a long id, before the tree
    // lists SampleDB.
    const ResourcePath containers
        = ResourcePath::database(QStringLiteral("SampleDB")).feed(ResourceKind::Container);
    const QJsonObject hierarchical{
        {QStringLiteral("id"), QStringLiteral("Tenants")},
        {QStringLiteral("partitionKey"),
         QJsonObject{{QStringLiteral("paths"),
                      QJsonArray{QStringLiteral("/tenant"), QStringLiteral("/user")}},
                     {QStringLiteral("kind"), QStringLiteral("MultiHash")},
                     {QStringLiteral("version"), 2}}}};
    const QJsonObject longOne{
        {QStringLiteral("id"), LongId},
        {QStringLiteral("partitionKey"),
         QJsonObject{{QStringLiteral("paths"), QJsonArray{QStringLiteral("/region")}},
                     {QStringLiteral("kind"), QStringLiteral("Hash")},
                     {QStringLiteral("version"), 2}}}};
    for (const QJsonObject &body : {hierarchical, longOne}) {
        const CosmosResponse r = call([&](QObject *context, ResponseCallback done) {
            m_session->client()->create(containers, body, {}, context, std::move(done));
        });
        QVERIFY2(!r.error.isError(), qPrintable(r.error.toString()));
    }
    QVERIFY(openProducts(m_window.get(), m_session));
}

void tst_Wording::cleanupTestCase()
{
    m_window.reset();
}

QModelIndex tst_Wording::node(const QStringList &names) const
{
    QModelIndex index = m_window->treeModel()->accountIndex(m_session->accountId());
    for (const QString &name : names) {
        index = waitForChild(m_window.get(), index, name);
        if (!index.isValid())
            return {};
    }
    return index;
}

// Triggers every action of the Resource menu for `index` that opens something (not the
// destructive ones, nor Import's file dialog); returns the windows that appeared.
QList<QWidget *> tst_Wording::openFromResourceMenu(const QModelIndex &index)
{
    static const QRegularExpression skip(QStringLiteral(
        "Delete|Remove|Close|Sign out|Refresh|Import|Export|Role assignments|Execute|Open items|"
        "New query|Schema"));
    m_window->treeView()->setCurrentIndex(index);
    auto menu = m_window->menuBar()->findChild<QMenu *>(QStringLiteral("resourceMenu"));
    Q_EMIT menu->aboutToShow();
    const QList<QAction *> actions = menu->actions();
    QList<QWidget *> before = QApplication::topLevelWidgets();
    QList<QWidget *> opened;
    for (QAction *action : actions) {
        if (action->isSeparator() || action->menu() || !action->isEnabled()
            || action->text().contains(skip)) {
            continue;
        }
        action->trigger();
        for (QWidget *w : QApplication::topLevelWidgets()) {
            if (!before.contains(w) && w->isVisible()) {
                opened << w;
                before << w;
            }
        }
    }
    return opened;
}

void tst_Wording::checkerFindsEachProblem()
{
    QDialog dialog;
    dialog.setWindowTitle(QStringLiteral("Settings of Products"));
    auto form = new QFormLayout(&dialog);
    auto ttl = new QSpinBox(&dialog);
    form->addRow(QStringLiteral("Time to live:"), ttl);
    const QStringList clean = problemsIn(&dialog);
    QVERIFY2(clean.isEmpty(), qPrintable(clean.join(QLatin1Char('\n'))));
    const QStringList bad{QStringLiteral("Partition key :"),
                          QStringLiteral("3 user(s)"),
                          QStringLiteral("/a, /b (MultiHash)"),
                          QStringLiteral("1 seconds"),
                          QStringLiteral("Loaded 1 items.")};
    for (const QString &text : bad) {
        auto label = new QLabel(text, &dialog);
        QCOMPARE(problemsIn(&dialog).size(), 1);
        delete label;
    }
    ttl->setSuffix(QStringLiteral(" seconds"));
    ttl->setValue(1);
    QCOMPARE(problemsIn(&dialog).size(), 1);
    // A label narrower than its text is cut.
    dialog.show();
    auto narrow = new QLabel(QStringLiteral("Provisioned throughput"), &dialog);
    form->addRow(narrow);
    QTRY_VERIFY(narrow->isVisible());
    QVERIFY(cutLabels(&dialog).isEmpty());
    narrow->setFixedWidth(40);
    QCOMPARE(cutLabels(&dialog).size(), 1);
}

void tst_Wording::screensAndDialogsReadWell()
{
    QList<QWidget *> windows;
    const QModelIndex account = m_window->treeModel()->accountIndex(m_session->accountId());
    windows += openFromResourceMenu(account);
    const QModelIndex db = node({QStringLiteral("SampleDB")});
    QVERIFY(db.isValid());
    windows += openFromResourceMenu(db);
    const QModelIndex products = node({QStringLiteral("SampleDB"), QStringLiteral("Products")});
    QVERIFY(products.isValid());
    windows += openFromResourceMenu(products);
    // The dialogs of the File and Help menus.
    QList<QWidget *> known = QApplication::topLevelWidgets();
    for (QAction *a : m_window->menuBar()->findChildren<QAction *>()) {
        const QString text = a->text().remove(QLatin1Char('&'));
        if (a->objectName() == QLatin1String("newConnectionAction")
            || a->objectName() == QLatin1String("shortcutsAction")
            || text == QLatin1String("About Cosmoscope")) {
            a->trigger();
        }
    }
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (!known.contains(w) && w->isVisible())
            windows << w;
    }
    QVERIFY(windows.size() >= 5); // throughput, users, new container … and the three above
    // Tabs and dialogs fill in from the gateway: wait until none is still loading.
    windows.prepend(m_window.get());
    QVERIFY(m_window->tabs()->count() >= 4); // items, settings, change feed, conflicts …
    for (QWidget *w : std::as_const(windows))
        QTRY_VERIFY_WITH_TIMEOUT(!stillLoading(w), 15000);
    QStringList problems;
    int texts = 0;
    for (QWidget *w : std::as_const(windows)) {
        // Each tab in turn, so its own widgets are laid out and shown.
        problems += problemsIn(w);
        texts += int(textsOf(w).size());
    }
    // Every tab at the two sizes of the walkthrough.
    for (const QSize size : {QSize(1280, 800), QSize(900, 600)}) {
        m_window->resize(size);
        for (int i = 0; i < m_window->tabs()->count(); ++i) {
            m_window->tabs()->setCurrentIndex(i);
            QTRY_VERIFY(m_window->tabs()->widget(i)->isVisible());
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            problems += problemsIn(m_window->tabs()->widget(i));
            problems += cutLabels(m_window->tabs()->widget(i));
        }
    }
    m_window->resize(1280, 800);
    // Nothing cut: a dialog is wide enough for its title (with room for the title bar's
    // buttons), a one-line label for its text unless it elides on purpose (Ignored width,
    // the whole text in its tooltip).
    for (QWidget *w : std::as_const(windows)) {
        if (w == m_window.get() || !w->isVisible())
            continue;
        const int title = w->fontMetrics().horizontalAdvance(w->windowTitle()) + 120;
        if (w->width() < title) {
            problems << QStringLiteral("title cut: %1 (%2 px wide, needs %3)")
                            .arg(w->windowTitle())
                            .arg(w->width())
                            .arg(title);
        }
    }
    for (QWidget *w : std::as_const(windows))
        problems += cutLabels(w);
    problems.removeDuplicates();
    QVERIFY2(texts > 200, qPrintable(QString::number(texts))); // the walk saw the screens
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    for (QWidget *w : std::as_const(windows)) {
        if (w != m_window.get())
            w->close();
    }
}

void tst_Wording::durationsSayOneSecond()
{
    const QModelIndex products = node({QStringLiteral("SampleDB"), QStringLiteral("Products")});
    m_window->treeView()->setCurrentIndex(products);
    auto menu = m_window->menuBar()->findChild<QMenu *>(QStringLiteral("resourceMenu"));
    Q_EMIT menu->aboutToShow();
    QAction *settings = nullptr;
    for (QAction *a : menu->actions()) {
        if (a->text().remove(QLatin1Char('&')) == QLatin1String("Settings"))
            settings = a;
    }
    QVERIFY(settings);
    settings->trigger();
    ContainerSettings *view = nullptr;
    QTRY_VERIFY((view = m_window->tabs()->currentWidget()->findChild<ContainerSettings *>())
                || (view = qobject_cast<ContainerSettings *>(m_window->tabs()->currentWidget())));
    auto ttl = view->findChild<QSpinBox *>(QStringLiteral("ttlSeconds"));
    QVERIFY(ttl);
    ttl->setValue(1);
    QCOMPARE(ttl->text(), QStringLiteral("1 second"));
    ttl->setValue(2);
    QCOMPARE(ttl->text(), QStringLiteral("2 seconds"));
    ttl->setValue(1);
    QCOMPARE(ttl->text(), QStringLiteral("1 second"));
}

void tst_Wording::countsOfOneAreSingular()
{
    // The request log's total: "1 request", then "2 requests".
    RequestLog log;
    RequestLogPanel panel(&log);
    panel.show();
    auto total = panel.findChild<QLabel *>(QStringLiteral("requestLogTotal"));
    QVERIFY(total);
    RequestRecord record;
    record.method = QStringLiteral("GET");
    record.operation = QStringLiteral("Read");
    record.resourcePath = QStringLiteral("dbs/SampleDB");
    record.status = 200;
    record.requestCharge = 1;
    log.append(record);
    QTRY_VERIFY2(total->text().startsWith(QStringLiteral("1 request ·")),
                 qPrintable(total->text()));
    log.append(record);
    QTRY_VERIFY2(total->text().startsWith(QStringLiteral("2 requests ·")),
                 qPrintable(total->text()));
    QVERIFY(problemsIn(&panel).isEmpty());
}

void tst_Wording::hierarchicalPartitionKeyIsNamed()
{
    // The container's settings say what MultiHash means.
    const QModelIndex tenants = node({QStringLiteral("SampleDB"), QStringLiteral("Tenants")});
    QVERIFY(tenants.isValid());
    m_window->treeView()->setCurrentIndex(tenants);
    auto menu = m_window->menuBar()->findChild<QMenu *>(QStringLiteral("resourceMenu"));
    Q_EMIT menu->aboutToShow();
    for (QAction *a : menu->actions()) {
        if (a->text().remove(QLatin1Char('&')) == QLatin1String("Settings"))
            a->trigger();
    }
    ContainerSettings *view = nullptr;
    QTRY_VERIFY((view = m_window->tabs()->currentWidget()->findChild<ContainerSettings *>())
                || (view = qobject_cast<ContainerSettings *>(m_window->tabs()->currentWidget())));
    QTRY_VERIFY(view->partitionKeyLabel()->text().contains(QLatin1String("/tenant, /user")));
    QCOMPARE(view->partitionKeyLabel()->text(),
             QStringLiteral("/tenant, /user (hierarchical partition key)"));

    // Creating one: the extra levels are offered as a hierarchical partition key.
    const QModelIndex db = node({QStringLiteral("SampleDB")});
    m_window->treeView()->setCurrentIndex(db);
    Q_EMIT menu->aboutToShow();
    QAction *newContainer = nullptr;
    for (QAction *a : menu->actions()) {
        if (a->text().remove(QLatin1Char('&')).startsWith(QLatin1String("New container")))
            newContainer = a;
    }
    QVERIFY(newContainer);
    newContainer->trigger();
    QDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget())) || [&dialog] {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            if (w->isVisible() && w->findChild<QLineEdit *>(QStringLiteral("partitionKeyPath2")))
                dialog = qobject_cast<QDialog *>(w);
        }
        return dialog != nullptr;
    }());
    auto level2 = dialog->findChild<QLineEdit *>(QStringLiteral("partitionKeyPath2"));
    QVERIFY(level2);
    QVERIFY2(textsOf(dialog)
                 .join(QLatin1Char('\n'))
                 .contains(QLatin1String("hierarchical partition key")),
             qPrintable(textsOf(dialog).join(QLatin1Char('\n'))));
    QVERIFY(problemsIn(dialog).isEmpty());
    dialog->close();
}

void tst_Wording::queryTabsOnOneContainerHaveDistinctTitles()
{
    const ResourcePath products
        = ResourcePath::container(QStringLiteral("SampleDB"), QStringLiteral("Products"));
    QTabWidget *tabs = m_window->tabs();
    const auto queryTitles = [tabs] {
        QStringList titles;
        for (int i = 0; i < tabs->count(); ++i) {
            if (qobject_cast<QueryTab *>(tabs->widget(i)))
                titles << tabs->tabText(i);
        }
        return titles;
    };
    QueryTab *first = m_window->openQueryTab(m_session, products);
    QueryTab *second = m_window->openQueryTab(m_session, products);
    QVERIFY(first && second);
    QCOMPARE(queryTitles().size(), 2);
    QVERIFY2(queryTitles().at(0) != queryTitles().at(1), qPrintable(queryTitles().join(u'|')));
    for (const QString &t : queryTitles())
        QVERIFY(t.contains(QLatin1String("Products")));
    // Closing the first and opening another must not repeat the second's title.
    tabs->removeTab(tabs->indexOf(first));
    first->deleteLater();
    QVERIFY(m_window->openQueryTab(m_session, products));
    const QStringList titles = queryTitles();
    QCOMPARE(titles.size(), 2);
    QVERIFY2(titles.at(0) != titles.at(1), qPrintable(titles.join(u'|')));
}

void tst_Wording::longIdElidesWithTheWholeIdInTheTooltip()
{
    // Only the welcome tab before: what widens the window is this tab's title or nothing.
    QTabWidget *tabs = m_window->tabs();
    while (tabs->count() > 1) {
        QWidget *w = tabs->widget(tabs->count() - 1);
        tabs->removeTab(tabs->count() - 1);
        w->deleteLater();
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    // Every screen was open (screensAndDialogsReadWell): none may have left the window unable
    // to go back to 900 px (finding 2: nothing sets the window's minimum width).
    const int before = m_window->minimumSizeHint().width();
    QVERIFY2(before <= 900, qPrintable(QString::number(before)));
    m_window->resize(900, 600);
    const QModelIndex container = node({QStringLiteral("SampleDB"), LongId});
    QVERIFY(container.isValid());
    const QModelIndex items = m_window->treeModel()->findChild(container, QStringLiteral("Items"));
    QVERIFY(items.isValid());
    m_window->treeView()->setCurrentIndex(items);
    Q_EMIT m_window->treeView()->activated(items);
    auto tab = qobject_cast<ItemsTab *>(m_window->tabs()->currentWidget());
    QVERIFY(tab);
    QTabBar *bar = m_window->tabs()->tabBar();
    const int index = m_window->tabs()->indexOf(tab);
    // The title is the id cut in the middle: its start and its end.
    const QString title = bar->tabText(index);
    QVERIFY2(title.startsWith(LongId.left(12)) && title.endsWith(LongId.right(12))
                 && title.contains(QChar(0x2026)),
             qPrintable(title));
    QTRY_VERIFY(bar->isVisible());
    const int full = bar->fontMetrics().horizontalAdvance(LongId);
    QVERIFY2(bar->tabRect(index).width() < full,
             qPrintable(QStringLiteral("%1 < %2").arg(bar->tabRect(index).width()).arg(full)));
    QVERIFY(m_window->tabs()->tabToolTip(index).contains(LongId));
    // The long title does not widen the window.
    QVERIFY2(
        m_window->minimumSizeHint().width() <= qMax(before, 900),
        qPrintable(
            QStringLiteral("%1, %2 before").arg(m_window->minimumSizeHint().width()).arg(before)));
    QVERIFY2(m_window->width() <= qMax(before, 900),
             qPrintable(QStringLiteral("%1 wide (minimum %4 before); minimum %2, tab page %3")
                            .arg(m_window->width())
                            .arg(m_window->minimumSizeHint().width())
                            .arg(tab->minimumSizeHint().width())
                            .arg(before)));
    saveShot(m_window.get(), QStringLiteral("wording-long-id-900.png"));
}

QTEST_MAIN(tst_Wording)
#include "tst_wording.moc"
