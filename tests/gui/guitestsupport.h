#pragma once

// Helpers shared by the explorer GUI tests: isolated settings, no keychain, waiting on the
// event loop (never sleeping), and driving the window to a container.

#include <accountsession.h>
#include <accounttreemodel.h>
#include <cosmosclient.h>
#include <itemstab.h>
#include <mainwindow.h>
#include <pager.h>
#include <resultloader.h>
#include <resultmodel.h>

#include <QSettings>
#include <QTreeView>
#include <QtTest>

#include <functional>

/// Before the window exists: settings of their own, secrets in memory only.
inline void prepareGuiTest()
{
    qputenv("COSMOSCOPE_NO_KEYCHAIN", "1");
    QCoreApplication::setOrganizationName(QStringLiteral("CosmoscopeTests"));
    QCoreApplication::setApplicationName(QCoreApplication::applicationName()
                                         + QStringLiteral("-test"));
    QSettings().clear();
}

/// Runs one request to completion on the event loop; returns the response.
inline Cosmos::CosmosResponse
call(const std::function<void(QObject *, Cosmos::ResponseCallback)> &f, int timeoutMs = 15000)
{
    QObject context;
    bool done = false;
    Cosmos::CosmosResponse result;
    f(&context, [&](const Cosmos::CosmosResponse &r) {
        result = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, timeoutMs))
        result.error = Cosmos::CosmosError::invalidInput(QStringLiteral("timed out"));
    return result;
}

/// Expands `parent` and waits until a child named `name` is listed.
inline QModelIndex waitForChild(Cosmoscope::MainWindow *window,
                                const QModelIndex &parent,
                                const QString &name,
                                int timeoutMs = 15000)
{
    window->treeView()->expand(parent);
    QModelIndex found;
    QTest::qWaitFor(
        [&] {
            found = window->treeModel()->findChild(parent, name);
            return found.isValid();
        },
        timeoutMs);
    return found;
}

/// Opens the items tab of SampleDB/Products through the tree and waits for its first page.
inline Cosmoscope::ItemsTab *openProducts(Cosmoscope::MainWindow *window,
                                          Cosmoscope::AccountSession *session)
{
    Cosmoscope::AccountTreeModel *model = window->treeModel();
    const QModelIndex account = model->accountIndex(session->accountId());
    const QModelIndex db = waitForChild(window, account, QStringLiteral("SampleDB"));
    if (!db.isValid())
        return nullptr;
    const QModelIndex products = waitForChild(window, db, QStringLiteral("Products"));
    if (!products.isValid())
        return nullptr;
    const QModelIndex items = model->findChild(products, QStringLiteral("Items"));
    window->treeView()->setCurrentIndex(items);
    Q_EMIT window->treeView()->activated(items);
    auto tab = qobject_cast<Cosmoscope::ItemsTab *>(window->tabs()->currentWidget());
    if (!tab)
        return nullptr;
    QTest::qWaitFor([tab] { return tab->model()->itemCount() > 0; }, 15000);
    return tab;
}

/// Every item `sql` returns from `container`, as the server's raw text, drained page by page
/// (pages of 1,000); warns when the query does not finish in 60 s (the tab's own Load all
/// is given as long: a loaded machine slows the gateway's first parse of a query).
inline QList<QByteArray> drainQuery(Cosmos::CosmosClient *client,
                                    const Cosmos::ResourcePath &container, const QString &sql)
{
    QObject context;
    Cosmos::RequestOptions options;
    options.maxItemCount = 1000;
    Cosmos::Pager *pager = client->query(container.feed(Cosmos::ResourceKind::Item),
                                         Cosmos::QuerySpec{sql, {}}, options, &context);
    QList<QByteArray> items;
    bool done = false;
    QObject::connect(pager, &Cosmos::Pager::pageReady, &context, [&](const Cosmos::FeedPage &page) {
        items += page.rawItems;
        if (pager->hasMore())
            pager->fetchNext();
        else
            done = true;
    });
    QObject::connect(pager, &Cosmos::Pager::failed, &context, [&] { done = true; });
    pager->fetchNext();
    if (!QTest::qWaitFor([&] { return done; }, 60000))
        qWarning("the query did not finish");
    return items;
}

/// With COSMOSCOPE_SCREENSHOTS=dir set, saves a PNG of the widget there (for looking at it).
inline void saveShot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("COSMOSCOPE_SCREENSHOTS");
    if (!dir.isEmpty())
        widget->grab().save(dir + QLatin1Char('/') + name);
}
