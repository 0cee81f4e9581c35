// The explorer tree model: lazy typed levels, Loading / error / Load more nodes, refresh —
// with a fake backend, then end to end against the loopback gateway.

#include "fakebackend.h"
#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <accounttreemodel.h>
#include <explorerbackend.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace Cosmoscope;
using NodeKind = AccountTreeModel::NodeKind;

class tst_AccountTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareGuiTest(); }
    void lazyLoadingShowsLoadingNode();
    void loadMoreFollowsContinuation();
    void errorNodeAndRetry();
    void refreshReplacesChildrenAndDropsStalePages();
    void typedLevels();
    void azureRootLevels();
    void gatewayTree();
};

// The tester fetches every node it can on each change (checkChildren), so a node may
// already be loading when a test looks at it: load() only fetches when still needed.
static void load(AccountTreeModel &model, const QModelIndex &index)
{
    if (model.canFetchMore(index))
        model.fetchMore(index);
    QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(index), 15000);
}

static QStringList callsOf(const FakeBackend &backend, const QString &feed)
{
    QStringList result;
    for (const QString &c : backend.calls) {
        if (c.startsWith(feed + QLatin1Char('#')))
            result << c;
    }
    return result;
}

void tst_AccountTreeModel::lazyLoadingShowsLoadingNode()
{
    FakeBackend backend;
    backend.setFeed(QStringLiteral("/dbs"), {QStringLiteral("db1"), QStringLiteral("db2")});
    backend.hold = true;
    AccountTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int id = model.addAccount(QStringLiteral("acc"), &backend);
    const QModelIndex account = model.accountIndex(id);
    QVERIFY(model.hasChildren(account));
    if (model.canFetchMore(account))
        model.fetchMore(account);
    QVERIFY(!model.canFetchMore(account));
    QVERIFY(model.isLoading(account));
    QTRY_COMPARE(model.rowCount(account), 1);
    QCOMPARE(model.kind(model.index(0, 0, account)), NodeKind::Loading);
    QCOMPARE(model.index(0, 0, account).data().toString(), QStringLiteral("Loading…"));
    QCOMPARE(model.flags(model.index(0, 0, account)) & Qt::ItemIsSelectable, Qt::NoItemFlags);

    QSignalSpy loaded(&model, &AccountTreeModel::childrenLoaded);
    backend.release();
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(model.rowCount(account), 2);
    QCOMPARE(model.kind(model.index(0, 0, account)), NodeKind::Database);
    QCOMPARE(model.index(1, 0, account).data().toString(), QStringLiteral("db2"));
    QCOMPARE(model.path(model.index(1, 0, account)).link(), QStringLiteral("dbs/db2"));
    QCOMPARE(callsOf(backend, QStringLiteral("/dbs")), QStringList{QStringLiteral("/dbs#")});
}

void tst_AccountTreeModel::loadMoreFollowsContinuation()
{
    FakeBackend backend;
    QStringList ids;
    for (int i = 0; i < 5; ++i)
        ids << QStringLiteral("db%1").arg(i);
    backend.setFeed(QStringLiteral("/dbs"), ids, 2);
    AccountTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex account
        = model.accountIndex(model.addAccount(QStringLiteral("acc"), &backend));
    load(model, account);
    QCOMPARE(model.rowCount(account), 3);
    const QModelIndex more = model.index(2, 0, account);
    QCOMPARE(model.kind(more), NodeKind::LoadMore);
    QCOMPARE(more.data().toString(), QStringLiteral("Load more…"));

    backend.hold = true;
    model.activateStatusNode(more);
    QCOMPARE(model.kind(model.index(2, 0, account)), NodeKind::Loading);
    backend.hold = false;
    backend.release();
    QTRY_COMPARE(model.rowCount(account), 5);
    QCOMPARE(model.kind(model.index(4, 0, account)), NodeKind::LoadMore);
    model.activateStatusNode(model.index(4, 0, account));
    QTRY_VERIFY(!model.isLoading(account));
    QCOMPARE(model.rowCount(account), 5); // the last page: no "Load more" node any more
    for (int i = 0; i < 5; ++i)
        QCOMPARE(model.index(i, 0, account).data().toString(), ids.at(i));
    QCOMPARE(
        callsOf(backend, QStringLiteral("/dbs")),
        (QStringList{QStringLiteral("/dbs#"), QStringLiteral("/dbs#1"), QStringLiteral("/dbs#2")}));
}

void tst_AccountTreeModel::errorNodeAndRetry()
{
    FakeBackend backend;
    backend.setError(QStringLiteral("/dbs"), 403);
    AccountTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy loaded(&model, &AccountTreeModel::childrenLoaded);
    const QModelIndex account
        = model.accountIndex(model.addAccount(QStringLiteral("acc"), &backend));
    load(model, account);
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded.last().at(1).value<Cosmos::CosmosError>().status, 403);
    QCOMPARE(model.rowCount(account), 1);
    const QModelIndex error = model.index(0, 0, account);
    QCOMPARE(model.kind(error), NodeKind::Error);
    QVERIFY(error.data().toString().contains(QStringLiteral("403")));
    QVERIFY(error.data(Qt::ToolTipRole).toString().contains(QStringLiteral("not allowed")));

    backend.setFeed(QStringLiteral("/dbs"), {QStringLiteral("ok")});
    model.activateStatusNode(error);
    QTRY_COMPARE(model.kind(model.index(0, 0, account)), NodeKind::Database);
    QCOMPARE(model.rowCount(account), 1);
}

void tst_AccountTreeModel::refreshReplacesChildrenAndDropsStalePages()
{
    FakeBackend backend;
    backend.setFeed(QStringLiteral("/dbs"), {QStringLiteral("a"), QStringLiteral("b")});
    backend.hold = true;
    AccountTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex account
        = model.accountIndex(model.addAccount(QStringLiteral("acc"), &backend));
    if (model.canFetchMore(account))
        model.fetchMore(account);
    // Refresh while the first page is in flight: that page is stale and must be dropped.
    backend.setFeed(QStringLiteral("/dbs"), {QStringLiteral("c")});
    model.refresh(account);
    QCOMPARE(callsOf(backend, QStringLiteral("/dbs")).size(), 2);
    QSignalSpy loaded(&model, &AccountTreeModel::childrenLoaded);
    backend.release(); // answers both: the first ({a, b}) is stale
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(model.rowCount(account), 1);
    QCOMPARE(model.index(0, 0, account).data().toString(), QStringLiteral("c"));

    // Refresh from a leaf-less child reloads its lazy owner … here the database itself.
    backend.hold = false;
    backend.setFeed(QStringLiteral("/dbs"), {QStringLiteral("d"), QStringLiteral("e")});
    model.refresh(account);
    QTRY_COMPARE(model.rowCount(account), 2);
    QCOMPARE(model.index(1, 0, account).data().toString(), QStringLiteral("e"));
}

void tst_AccountTreeModel::typedLevels()
{
    FakeBackend backend;
    backend.setFeed(QStringLiteral("/dbs"), {QStringLiteral("db")});
    backend.setFeed(QStringLiteral("/dbs/db/colls"), {QStringLiteral("c1")});
    backend.setFeed(QStringLiteral("/dbs/db/users"), {QStringLiteral("u")});
    backend.setFeed(QStringLiteral("/dbs/db/users/u/permissions"), {QStringLiteral("p")});
    backend.setFeed(QStringLiteral("/dbs/db/colls/c1/sprocs"), {QStringLiteral("sp")});
    AccountTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex account
        = model.accountIndex(model.addAccount(QStringLiteral("acc"), &backend));
    load(model, account);
    const QModelIndex db = model.index(0, 0, account);
    load(model, db);
    // containers first, then the Users folder
    QCOMPARE(model.rowCount(db), 2);
    const QModelIndex container = model.index(0, 0, db);
    QCOMPARE(model.kind(container), NodeKind::Container);
    QCOMPARE(model.kind(model.index(1, 0, db)), NodeKind::Folder);
    QCOMPARE(model.index(1, 0, db).data().toString(), QStringLiteral("Users"));

    QStringList folders;
    for (int i = 0; i < model.rowCount(container); ++i)
        folders << model.index(i, 0, container).data().toString();
    QCOMPARE(folders, (QStringList{"Items", "Stored procedures", "Triggers", "UDFs", "Conflicts"}));
    const QModelIndex items = model.index(0, 0, container);
    QVERIFY(!model.hasChildren(items)); // Items opens a tab, it does not list in the tree
    QCOMPARE(model.childKind(items), Cosmos::ResourceKind::Item);

    const QModelIndex sprocs = model.index(1, 0, container);
    load(model, sprocs);
    QCOMPARE(model.kind(model.index(0, 0, sprocs)), NodeKind::Resource);
    QCOMPARE(model.path(model.index(0, 0, sprocs)).link(),
             QStringLiteral("dbs/db/colls/c1/sprocs/sp"));

    const QModelIndex users = model.index(1, 0, db);
    load(model, users);
    const QModelIndex user = model.index(0, 0, users);
    QCOMPARE(model.kind(user), NodeKind::User);
    load(model, user);
    QCOMPARE(model.path(model.index(0, 0, user)).link(),
             QStringLiteral("dbs/db/users/u/permissions/p"));

    model.removeAccount(model.accountId(account));
    QCOMPARE(model.rowCount(), 0);
}

// The Azure root: tenants › subscriptions › accounts through an AzureBackend, lazily, with
// "Load more…" on the accounts and an error node where ARM refused.
void tst_AccountTreeModel::azureRootLevels()
{
    using Level = AzureBackend::Level;
    FakeBackend accounts;
    FakeAzureBackend azure;
    const QString tenant = QStringLiteral("t-1");
    azure.setPages(
        Level::Tenants,
        {},
        {QJsonArray{QJsonObject{{QStringLiteral("tenantId"), tenant},
                                {QStringLiteral("displayName"), QStringLiteral("Contoso")}},
                    QJsonObject{{QStringLiteral("tenantId"), QStringLiteral("t-2")}}}});
    azure.setPages(
        Level::Subscriptions,
        tenant,
        {QJsonArray{QJsonObject{{QStringLiteral("subscriptionId"), QStringLiteral("s-1")},
                                {QStringLiteral("displayName"), QStringLiteral("Prod")}},
                    QJsonObject{{QStringLiteral("subscriptionId"), QStringLiteral("s-2")},
                                {QStringLiteral("displayName"), QStringLiteral("Dev")}}}});
    const auto account = [](const QString &name) {
        return QJsonObject{{QStringLiteral("id"), QStringLiteral("/subscriptions/s-1/x/") + name},
                           {QStringLiteral("name"), name}};
    };
    azure.setPages(Level::Accounts,
                   QStringLiteral("s-1"),
                   {QJsonArray{account(QStringLiteral("a1")), account(QStringLiteral("a2"))},
                    QJsonArray{},
                    QJsonArray{account(QStringLiteral("a3"))}});
    azure.setError(Level::Accounts, QStringLiteral("s-2"), 403);

    AccountTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int accountId = model.addAccount(QStringLiteral("acc"), &accounts);
    const int rootId = model.addAzureRoot(QStringLiteral("Azure"), &azure);
    QCOMPARE(model.accountIds(), QList<int>{accountId});
    QCOMPARE(model.azureRootIds(), QList<int>{rootId});
    const QModelIndex root = model.accountIndex(rootId);
    QCOMPARE(model.kind(root), NodeKind::AzureRoot);
    QVERIFY(model.hasChildren(root));
    model.setAccountDetail(
        rootId, QStringLiteral("ada@contoso.test"), QStringLiteral("Tenant t-1"));
    QCOMPARE(root.data().toString(), QStringLiteral("Azure (ada@contoso.test)"));
    QVERIFY(root.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Tenant t-1")));

    load(model, root);
    QCOMPARE(model.rowCount(root), 2);
    const QModelIndex contoso = model.index(0, 0, root);
    QCOMPARE(model.kind(contoso), NodeKind::Tenant);
    QCOMPARE(contoso.data().toString(), QStringLiteral("Contoso"));
    QCOMPARE(model.index(1, 0, root).data().toString(), QStringLiteral("t-2")); // no name: the id
    load(model, contoso);
    const QModelIndex prod = model.findChild(contoso, QStringLiteral("Prod"));
    QCOMPARE(model.kind(prod), NodeKind::Subscription);
    QVERIFY(prod.data(Qt::ToolTipRole).toString().contains(QStringLiteral("s-1")));

    load(model, prod);
    QCOMPARE(model.rowCount(prod), 3);
    QCOMPARE(model.kind(model.index(2, 0, prod)), NodeKind::LoadMore);
    model.activateStatusNode(model.index(2, 0, prod)); // an empty page, then the last one
    QTRY_VERIFY(!model.isLoading(prod));
    model.activateStatusNode(model.index(2, 0, prod));
    QTRY_VERIFY(!model.isLoading(prod));
    QCOMPARE(model.rowCount(prod), 3);
    QStringList names;
    for (int i = 0; i < model.rowCount(prod); ++i) {
        QCOMPARE(model.kind(model.index(i, 0, prod)), NodeKind::AzureAccount);
        names << model.index(i, 0, prod).data().toString();
    }
    QCOMPARE(names,
             (QStringList{QStringLiteral("a1"), QStringLiteral("a2"), QStringLiteral("a3")}));
    QCOMPARE(model.resource(model.index(2, 0, prod)).value(QStringLiteral("id")).toString(),
             QStringLiteral("/subscriptions/s-1/x/a3"));
    QCOMPARE(model.hasChildren(model.index(0, 0, prod)), false); // accounts are leaves
    QCOMPARE(azure.calls.filter(QStringLiteral("/s-1#")).size(), 3);

    const QModelIndex dev = model.findChild(contoso, QStringLiteral("Dev"));
    load(model, dev);
    QCOMPARE(model.rowCount(dev), 1);
    QCOMPARE(model.kind(model.index(0, 0, dev)), NodeKind::Error);
    QVERIFY(model.index(0, 0, dev).data().toString().contains(QStringLiteral("403")));

    model.removeAccount(rootId);
    QVERIFY(model.azureRootIds().isEmpty());
    QCOMPARE(model.accountIds(), QList<int>{accountId});
}

void tst_AccountTreeModel::gatewayTree()
{
    GatewayProcess gateway;
    QVERIFY2(gateway.start({.seedSample = true}), qPrintable(gateway.errorString()));
    Cosmos::CosmosClient client(gateway.connection());
    CosmosExplorerBackend backend(&client, 1); // one resource per page: exercises Load more
    AccountTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex account
        = model.accountIndex(model.addAccount(QStringLiteral("gw"), &backend));
    load(model, account);
    QCOMPARE(model.rowCount(account), 2);
    QCOMPARE(model.kind(model.index(1, 0, account)), NodeKind::LoadMore);
    model.activateStatusNode(model.index(1, 0, account));
    QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(account), 15000);
    QStringList dbs{model.index(0, 0, account).data().toString(),
                    model.index(1, 0, account).data().toString()};
    dbs.sort();
    QCOMPARE(dbs, (QStringList{"SampleDB", "TelemetryDB"}));

    const QModelIndex sample = model.findChild(account, QStringLiteral("SampleDB"));
    load(model, sample);
    QVERIFY(model.findChild(sample, QStringLiteral("Products")).isValid());
    const QModelIndex users = model.findChild(sample, QStringLiteral("Users"));
    load(model, users);
    const QModelIndex reader = model.findChild(users, QStringLiteral("reader"));
    QVERIFY(reader.isValid());
    load(model, reader);
    QVERIFY(model.findChild(reader, QStringLiteral("read-products")).isValid());
}

QTEST_MAIN(tst_AccountTreeModel)
#include "tst_accounttreemodel.moc"
