// The Azure explorer after an Entra sign-in, against the gateway's mock ARM: the panel appears
// with a root for the sign-in, tenants › subscriptions › NoSQL accounts load lazily (MongoDB
// and Table accounts are left out), accounts page with "Load more…" when ARM answers a
// nextLink, the filter keeps matching accounts, opening an account connects with the same
// sign-in (its ARM id known), and "Use account keys" fetches the key with listKeys (ada is an
// ARM Contributor) into a key connection, keeping the key out of the settings file.

#include "entratestsupport.h"
#include "guitestsupport.h"

#include <azurepanel.h>
#include <azuretreemodel.h>

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QtTest>

using namespace Cosmoscope;

class tst_AzurePanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void discoversAndOpensAccount();

private:
    QModelIndex
    waitForRow(QAbstractItemModel *model, const QModelIndex &parent, const QString &name);
    GatewayProcess m_gateway;
};

void tst_AzurePanel::initTestCase()
{
    prepareGuiTest();
    QVERIFY2(m_gateway.start({.seedSample = true, .entra = true, .disableLocalAuth = true}),
             qPrintable(m_gateway.errorString()));
}

QModelIndex tst_AzurePanel::waitForRow(QAbstractItemModel *model,
                                       const QModelIndex &parent,
                                       const QString &name)
{
    if (model->canFetchMore(parent))
        model->fetchMore(parent);
    QModelIndex found;
    QTest::qWaitFor(
        [&] {
            for (int i = 0; i < model->rowCount(parent); ++i) {
                if (model->index(i, 0, parent).data().toString() == name) {
                    found = model->index(i, 0, parent);
                    return true;
                }
            }
            return false;
        },
        15000);
    return found;
}

void tst_AzurePanel::discoversAndOpensAccount()
{
    MainWindow window;
    window.show();
    auto panel = window.findChild<AzurePanel *>();
    QVERIFY(panel);
    QAbstractItemModelTester tester(panel->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(!panel->isVisible()); // nothing signed in yet
    // Two accounts per page: the accounts of a subscription come with "Load more…".
    QCOMPARE(GatewayProcess::postJson(m_gateway.armUrl(),
                                      QStringLiteral("/_test/arm"),
                                      {{QStringLiteral("pageSize"), 2}}),
             200);
    AccountSession *session
        = EntraTest::signIn(&window, m_gateway, QStringLiteral("ada@contoso.test"));
    QVERIFY(session);
    QTRY_VERIFY(panel->isVisible());

    AzureTreeModel *model = panel->model();
    QCOMPARE(model->rowCount(), 1);
    QTRY_COMPARE(model->index(0, 0).data().toString(), QStringLiteral("Azure (ada@contoso.test)"));
    const QModelIndex tenant
        = waitForRow(model, model->index(0, 0), QStringLiteral("Contoso (test)"));
    QVERIFY(tenant.isValid());
    QCOMPARE(model->kind(tenant), AzureTreeModel::NodeKind::Tenant);
    const QModelIndex sub = waitForRow(model, tenant, QStringLiteral("Cosmoscope Test"));
    QVERIFY(sub.isValid());

    // First page: two NoSQL accounts at most, then "Load more…" until the list ends.
    if (model->canFetchMore(sub)) // the model tester may have asked already
        model->fetchMore(sub);
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount(sub) > 0
                                 && model->kind(model->index(model->rowCount(sub) - 1, 0, sub))
                                        != AzureTreeModel::NodeKind::Loading,
                             15000);
    int guard = 0;
    while (model->kind(model->index(model->rowCount(sub) - 1, 0, sub))
           == AzureTreeModel::NodeKind::LoadMore) {
        QVERIFY(++guard < 10);
        const int before = model->rowCount(sub);
        model->activateStatusNode(model->index(before - 1, 0, sub));
        QTRY_VERIFY_WITH_TIMEOUT(model->kind(model->index(model->rowCount(sub) - 1, 0, sub))
                                     != AzureTreeModel::NodeKind::Loading,
                                 15000);
    }
    QVERIFY(guard >= 1); // paging happened
    QStringList names;
    for (int i = 0; i < model->rowCount(sub); ++i) {
        const QModelIndex index = model->index(i, 0, sub);
        QCOMPARE(model->kind(index), AzureTreeModel::NodeKind::Account);
        names << index.data().toString();
    }
    QVERIFY2(names.contains(QStringLiteral("cosmoscope-sandbox")), qPrintable(names.join(", ")));
    QVERIFY(names.contains(QStringLiteral("analytics-west")));
    QVERIFY(!names.contains(QStringLiteral("legacy-mongo")));                 // MongoDB
    QVERIFY(!names.contains(QStringLiteral("telemetry-table")));              // Table
    QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), names.size()); // no duplicates

    window.treeView()->expandAll();
    panel->view()->expandAll();
    EntraTest::saveShots(&window, QStringLiteral("azure-tree"));

    // The filter keeps matching accounts only (tenants and subscriptions stay).
    QTest::keyClicks(panel->filterEdit(), QStringLiteral("SANDBOX"));
    QSortFilterProxyModel *proxy = panel->proxy();
    const QModelIndex proxySub = proxy->mapFromSource(sub);
    QCOMPARE(proxy->rowCount(proxySub), 1);
    const QModelIndex sandbox = proxy->index(0, 0, proxySub);
    QCOMPARE(sandbox.data().toString(), QStringLiteral("cosmoscope-sandbox"));

    // Opening it connects with the same sign-in: Entra on the data plane, ARM id known.
    AccountSession *opened = panel->openAccount(sandbox);
    QVERIFY(opened);
    QVERIFY(opened->client()->connection().usesEntra());
    QCOMPARE(opened->client()->connection().credential, session->client()->connection().credential);
    QVERIFY(opened->client()->connection().armAccountId.endsWith(
        QStringLiteral("/databaseAccounts/cosmoscope-sandbox")));
    QVERIFY(waitForChild(&window,
                         window.treeModel()->accountIndex(opened->accountId()),
                         QStringLiteral("SampleDB"))
                .isValid());
    QCOMPARE(model->rowCount(), 1); // one root per sign-in

    // "Use account keys": listKeys through ARM; the key goes to the keychain only.
    AccountSession *keySession = nullptr;
    QString keyError;
    bool keysDone = false;
    connect(panel, &AzurePanel::keysOpened, this, [&](AccountSession *s, const QString &e) {
        keySession = s;
        keyError = e;
        keysDone = true;
    });
    panel->openWithKeys(sandbox);
    QTRY_VERIFY_WITH_TIMEOUT(keysDone, 15000);
    QVERIFY2(keySession, qPrintable(keyError));
    QVERIFY(!keySession->client()->connection().usesEntra());
    QVERIFY(!keySession->client()->connection().masterKey.isEmpty());
    QSettings().sync();
    QFile file(QSettings().fileName());
    if (file.open(QIODevice::ReadOnly))
        QVERIFY(!file.readAll().contains(keySession->client()->connection().masterKey));
}

QTEST_MAIN(tst_AzurePanel)
#include "tst_azurepanel.moc"
